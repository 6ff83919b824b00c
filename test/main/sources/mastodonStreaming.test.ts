import { afterEach, describe, expect, it } from 'vitest';
import { MastodonAdapter } from '../../../main/sources/mastodon.js';
import { Poller, memoryStateStore } from '../../../main/sources/poller.js';
import type { HttpClient } from '../../../main/sources/types.js';
import { FakeClock } from '../../fixtures/fakes/clock.js';
import { startStreamingFake } from '../../fixtures/fakes/mastodonStreaming.js';
import { mastodonStatus } from '../../fixtures/social.js';
import { T0, memorySink } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function until(cond: () => boolean, ms = 3_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const emptyTimeline: HttpClient = { request: async (url) => ({ status: 200, headers: {}, body: '[]', url }) };

function setup(token: string, streamingUrl: string) {
  const store = memorySink();
  const logs: string[] = [];
  const poller = new Poller({
    clock: new FakeClock(T0),
    http: emptyTimeline,
    sink: (b) => store.sink(b),
    stateStore: memoryStateStore(),
    logger: { log: (_l, m, meta) => logs.push(`${m} ${String(meta?.message ?? '')}`) },
  });
  poller.add(new MastodonAdapter({ name: 'm1', baseUrl: 'https://mastodon.example', streamingUrl, hashtags: ['acme', 'widgets'], token }), {
    stream: true,
  });
  return { store, logs, poller };
}

describe('Mastodon streaming', () => {
  it('subscribes to each hashtag, ingests updates, ignores junk and closes on stop', async () => {
    const f = await startStreamingFake('tok');
    cleanups.push(() => f.close());
    const { store, poller } = setup('tok', f.url);
    poller.start();
    await until(() => f.subscriptions.length === 2);
    expect(f.subscriptions.map((s) => s.tag)).toEqual(['acme', 'widgets']);
    f.sendRaw('not json');
    f.sendRaw(JSON.stringify({ stream: ['hashtag', 'acme'], event: 'delete', payload: '123' }));
    f.sendRaw(JSON.stringify({ stream: ['hashtag', 'acme'], event: 'update', payload: '{"id":' }));
    f.update('acme', mastodonStatus(1, T0 - 1_000, { content: '<p>live <script>x()</script>one</p>' }));
    f.update('widgets', mastodonStatus(2, T0 - 500));
    await until(() => store.posts.size === 2);
    expect([...store.posts.values()].map((p) => p.text)).toContain('live one');
    expect(poller.status('m1')).toMatchObject({ health: 'ok', postsToday: 2, stream: { state: 'live', detail: null } });
    await poller.stop();
    await until(() => f.clients() === 0);
  });

  it('logs a refused token without marking the polled source failing', async () => {
    const f = await startStreamingFake('right');
    cleanups.push(() => f.close());
    const { logs, poller } = setup('wrong', f.url);
    poller.start();
    await until(() => logs.some((l) => l.includes('streaming refused the token (HTTP 401)')));
    expect(poller.status('m1').health).toBe('ok');
    // The Sources view still shows why the stream is not live.
    await until(() => poller.status('m1').stream?.state === 'reconnecting');
    expect(poller.status('m1').stream?.detail).toBe('the server refused the token (HTTP 401)');
    await poller.stop();
  });
});
