import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import { parseSourcesConfig, streamWanted } from '../../../main/sources/config.js';
import type { HttpClient } from '../../../main/sources/types.js';
import { sourceStatusSchema } from '../../../shared/domain.js';
import { startJetstreamFake, type JetstreamFake } from '../../fixtures/fakes/jetstream.js';

const engines: EngineInternals[] = [];
const fakes: JetstreamFake[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  for (const f of fakes.splice(0)) await f.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

// Polling has nowhere to go here; the stream is what is under test.
const offline: HttpClient = {
  request: async () => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"posts":[]}',
    url: 'https://public.api.bsky.app/',
  }),
};

/** A fake Jetstream and a data folder with one Bluesky source streaming from it. */
async function jetstreamSetup() {
  const js = await startJetstreamFake();
  fakes.push(js);
  const parsed = parseSourcesConfig([{ type: 'bluesky', name: 'bsky', query: 'acme', jetstreamUrl: js.url, intervalSeconds: 3600 }]);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const dir = mkdtempSync(join(tmpdir(), 'surge-streams-'));
  dirs.push(dir);
  /** An engine on that folder (not started), stopped after the test. */
  const engineFor = (): EngineInternals => {
    const engine = createEngine({ dataDir: dir, version: 'test', sources: parsed.value, http: offline, tickMs: 60_000 });
    engines.push(engine);
    return engine;
  };
  return { js, engineFor };
}

describe('live streams from configured sources', () => {
  it('a Bluesky source with a Jetstream address streams matching posts into the store', async () => {
    const { js, engineFor } = await jetstreamSetup();
    const engine = engineFor();
    await engine.start();
    await until(() => js.clients() === 1);
    expect(js.connections[0]?.searchParams.getAll('wantedCollections')).toEqual(['app.bsky.feed.post']);

    js.post('did:plc:aaaa', '3lp4oc6tndk2l', {
      text: 'is acme down? <script>alert(1)</script>',
      createdAt: new Date().toISOString(),
      langs: ['en'],
    });
    js.post('did:plc:bbbb', '3lp4oc6tndk2m', { text: 'nice weather today', createdAt: new Date().toISOString() });
    await until(() => engine.store.postsRead.count() === 1);
    const [post] = engine.store.postsRead.recent(5);
    expect(post).toMatchObject({
      source: 'bsky',
      externalId: 'at://did:plc:aaaa/app.bsky.feed.post/3lp4oc6tndk2l',
      text: 'is acme down? <script>alert(1)</script>',
      lang: 'en',
    });
  });

  it('after a restart the stream resumes where it stopped: posts sent while the hub was down arrive', async () => {
    const { js, engineFor } = await jetstreamSetup();
    const start = async (): Promise<EngineInternals> => {
      const engine = engineFor();
      await engine.start();
      return engine;
    };
    const first = await start();
    await until(() => js.clients() === 1);
    const before = js.post('did:plc:aaaa', '3lp4oc6tndk2a', { text: 'acme login broken', createdAt: new Date().toISOString() });
    await until(() => first.store.postsRead.count() === 1);
    await first.stop();
    await until(() => js.clients() === 0);

    js.post('did:plc:cccc', '3lp4oc6tndk2b', { text: 'acme still down for me', createdAt: new Date().toISOString() });
    const second = await start();
    await until(() => second.store.postsRead.count() === 2);
    // It asked to replay from (a little before) the last event it had stored.
    const resumedAt = Number(js.connections[1]?.searchParams.get('cursor'));
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(before.time_us);
    expect(
      second.store.postsRead
        .recent(5)
        .map((p) => p.text)
        .sort(),
    ).toEqual(['acme login broken', 'acme still down for me']);
  });

  it('the source status shows the stream live, reconnecting with a reason after a drop, and live again', async () => {
    const { js, engineFor } = await jetstreamSetup();
    const engine = engineFor();
    const stream = () => engine.poller.status('bsky').stream;
    // Before start nothing is open, so there is no stream to show.
    expect(stream()).toBeNull();
    await engine.start();

    await until(() => stream()?.state === 'live');
    const live = engine.poller.status('bsky');
    expect(sourceStatusSchema.parse(live).stream).toMatchObject({ state: 'live', detail: null });
    // Any frame resets the stream's backoff, so the reconnects below stay quick.
    js.post('did:plc:bbbb', '3lp4oc6tndk2m', { text: 'nice weather today', createdAt: new Date().toISOString() });
    await new Promise((r) => setTimeout(r, 100));

    js.drop();
    await until(() => stream()?.state === 'reconnecting');
    expect(stream()).toMatchObject({ state: 'reconnecting', detail: 'connection lost' });
    expect(stream()?.since).toBeGreaterThanOrEqual(live.stream?.since ?? Infinity);
    // The stream is informational: polling still decides health.
    expect(engine.poller.status('bsky').health).toBe('ok');

    await until(() => stream()?.state === 'live' && js.clients() === 1);
    expect(stream()?.detail).toBeNull();

    // With the hub gone, each retry is refused, and the status says so in plain words.
    await js.close();
    await until(() => stream()?.detail === 'connection refused');
    expect(sourceStatusSchema.parse(engine.poller.status('bsky')).stream).toMatchObject({
      state: 'reconnecting',
      detail: 'connection refused',
    });
    expect(engine.poller.status('bsky').health).toBe('ok');
  });

  it('Mastodon streams when a streaming address is given or stream is true, never by default', () => {
    const wanted = (extra: Record<string, unknown>): boolean => {
      const r = parseSourcesConfig([{ type: 'mastodon', name: 'm', baseUrl: 'https://mastodon.social', hashtags: ['acme'], ...extra }]);
      if (!r.ok || !r.value[0]) throw new Error(r.ok ? 'empty' : r.errors.join('; '));
      return streamWanted(r.value[0]);
    };
    expect(wanted({})).toBe(false);
    expect(wanted({ stream: true })).toBe(true);
    expect(wanted({ streamingUrl: 'wss://streaming.mastodon.social' })).toBe(true);
    expect(wanted({ streamingUrl: 'wss://streaming.mastodon.social', stream: false })).toBe(false);
    expect(
      parseSourcesConfig([
        { type: 'mastodon', name: 'm', baseUrl: 'https://mastodon.social', hashtags: ['acme'], streamingUrl: 'streaming.example' },
      ]).ok,
    ).toBe(false);
  });
});
