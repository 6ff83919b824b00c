import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import type { CallContext } from '../../../main/core/engineTypes.js';

const admin: CallContext = { role: 'admin', userId: null, transport: 'websocket' };
const SECRET = 'correct-horse-battery-staple-42';
// Dated an hour before the moment it is served, on the engine's own (system) clock: a fixed
// date falls out of sources.test's look-back window as the calendar moves on.
const feed = (
  servedAt: number,
): string => `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme</title><link>https://acme.example/</link>
<item><title>Acme is down &lt;script&gt;alert(1)&lt;/script&gt;</title><guid>a1</guid><pubDate>${new Date(servedAt - 3_600_000).toUTCString()}</pubDate></item>
</channel></rss>`;

describe('managing sources while the engine runs', () => {
  let feedServer: Server;
  let feedUrl: string;
  const engines: EngineInternals[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    feedServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(feed(Date.now()));
    });
    await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feed.xml`;
  });
  afterAll(() => new Promise<void>((resolve) => feedServer.close(() => resolve())));
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.stop()));
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  const make = (dataDir?: string, fileSources: Parameters<typeof createEngine>[0]['sources'] = []) => {
    const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'surge-sources-'));
    if (!dataDir) dirs.push(dir);
    const engine = createEngine({ dataDir: dir, version: 'test', sources: fileSources, tickMs: 60_000 });
    engines.push(engine);
    return { engine, dir };
  };

  it('adds a webhook source: the demo stops, the secret is encrypted at rest and never shown', async () => {
    const { engine, dir } = make();
    const events: string[] = [];
    engine.onEvent((event, data) => events.push(`${event}:${(data as { name?: string }).name ?? ''}`));
    expect(engine.sources.isDemo()).toBe(true);

    const added = await engine.dispatch('sources.add', { config: { type: 'webhook', name: 'ops', secret: SECRET } }, admin);
    expect(added).toMatchObject({ ok: true, value: { name: 'ops', origin: 'app', secretsSet: ['secret'] } });
    expect(JSON.stringify(added)).not.toContain(SECRET);
    expect(engine.sources.isDemo()).toBe(false);
    expect(events).toContain('sources.removed:demo');

    const listed = await engine.dispatch('sources.configs', {}, admin);
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    engine.store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dir, 'surge.db')).includes(Buffer.from(SECRET))).toBe(false);

    const reply = engine.webhook(
      'ops',
      { 'x-surge-secret': SECRET },
      JSON.stringify({ posts: [{ id: 'w1', text: '<b>login broken</b>' }] }),
    );
    expect(reply.status).toBe(202);
    await engine.poller.pollNow('ops');
    expect(engine.store.postsRead.recent(5, 'ops').map((p) => p.text)).toEqual(['login broken']);
  });

  it('keeps a stored credential when an edit leaves it empty, refuses renames and bad settings in plain words', async () => {
    const { engine } = make();
    await engine.dispatch('sources.add', { config: { type: 'webhook', name: 'ops', secret: SECRET } }, admin);
    const removals: string[] = [];
    engine.onEvent((event, data) => event === 'sources.removed' && removals.push((data as { name: string }).name));
    const edited = await engine.dispatch(
      'sources.update',
      { name: 'ops', config: { type: 'webhook', secret: '', intervalSeconds: 30 } },
      admin,
    );
    expect(removals, 'an edit restarts the source; it is not a removal').toEqual([]);
    expect(edited).toMatchObject({ ok: true, value: { config: { intervalSeconds: 30 }, secretsSet: ['secret'] } });
    expect(engine.webhook('ops', { 'x-surge-secret': SECRET }, '{"id":"1","text":"x"}').status).toBe(202);

    expect(await engine.dispatch('sources.update', { name: 'ops', config: { type: 'webhook', name: 'other' } }, admin)).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/renamed/) },
    });
    expect(await engine.dispatch('sources.add', { config: { type: 'rss', name: 'feed', url: 'not a url' } }, admin)).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: 'url: must be a full http:// or https:// address' },
    });
    expect(await engine.dispatch('sources.add', { config: { type: 'webhook', name: 'ops', secret: SECRET } }, admin)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('brings app sources back after a restart, without the demo, and forgets removed ones', async () => {
    const first = make();
    await first.engine.dispatch('sources.add', { config: { type: 'rss', name: 'feed', url: feedUrl } }, admin);
    await first.engine.dispatch('sources.setPaused', { name: 'feed', paused: true }, admin);
    await first.engine.stop();

    const second = make(first.dir);
    expect(second.engine.sources.names()).toEqual(['feed']);
    expect(second.engine.poller.status('feed').health).toBe('paused');
    expect(await second.engine.dispatch('sources.remove', { name: 'feed' }, admin)).toMatchObject({ ok: true });
    await second.engine.stop();

    const third = make(first.dir);
    expect(third.engine.sources.names()).toEqual(['demo']);
  });

  it('tests settings once without storing anything, and says what went wrong', async () => {
    const { engine } = make();
    const good = await engine.dispatch('sources.test', { config: { type: 'rss', name: 'try', url: feedUrl } }, admin);
    expect(good).toMatchObject({ ok: true, value: { ok: true, fetched: 1, error: null } });
    expect(good.ok && (good.value as { sample: { text: string }[] }).sample[0]?.text).toBe('Acme is down');
    expect(engine.store.postsRead.count()).toBe(0);

    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const bad = await engine.dispatch(
      'sources.test',
      { config: { type: 'rss', name: 'try', url: `http://127.0.0.1:${closedPort}/x` } },
      admin,
    );
    expect(bad).toMatchObject({ ok: true, value: { ok: false, error: expect.stringMatching(/refused/i) } });
  });

  it('leaves file sources to the file and sources to admins', async () => {
    const { engine } = make(undefined, [
      { type: 'rss', name: 'from-file', url: feedUrl, intervalSeconds: 300, enabled: false, backfill: { maxPosts: 10, maxAgeMinutes: 60 } },
    ]);
    expect(await engine.dispatch('sources.remove', { name: 'from-file' }, admin)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(
      await engine.dispatch(
        'sources.add',
        { config: { type: 'rss', name: 'x', url: feedUrl } },
        { role: 'operator', userId: null, transport: 'websocket' },
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await engine.dispatch('sources.setPaused', { name: 'nope', paused: true }, admin)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
