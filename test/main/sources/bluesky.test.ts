import { afterEach, describe, expect, it } from 'vitest';
import { BlueskyAdapter, type BlueskyOptions } from '../../../main/sources/bluesky.js';
import { startBlueskyFake, type BlueskyFake } from '../../fixtures/fakes/bluesky.js';
import { blueskyPost } from '../../fixtures/social.js';
import { T0, harness } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(opts: Parameters<typeof startBlueskyFake>[0] = {}): Promise<BlueskyFake> {
  const f = await startBlueskyFake(opts);
  cleanups.push(() => f.close());
  return f;
}

const publicAdapter = (f: BlueskyFake, extra: Partial<BlueskyOptions> = {}) =>
  new BlueskyAdapter({ name: 'b1', baseUrl: f.url, serviceUrl: f.url, keywords: ['acme widgets'], ...extra });
const authAdapter = (f: BlueskyFake, extra: Partial<BlueskyOptions> = {}) =>
  publicAdapter(f, { identifier: 'acme.bsky.social', appPassword: 'app-pass-word-1234', ...extra });

describe('Bluesky adapter', () => {
  it('searches latest since the watermark minus a margin, builds web URLs, reads langs[0], dedupes by uri', async () => {
    const f = await fake();
    f.add(5, T0 - 600_000);
    f.posts.push(blueskyPost(99, T0 - 1000, { author: { did: 'did:plc:zzz', handle: 'handle.invalid' }, record: { $type: 'app.bsky.feed.post', text: 'hi <script>x</script>', createdAt: new Date(T0 + 3_600_000).toISOString(), langs: ['pt', 'en'] } }));
    const h = harness();
    const p = h.poller([publicAdapter(f)]);
    await p.pollNow('b1');
    expect(h.store.posts.size).toBe(6);
    const req = f.server.requests[0];
    expect(req?.url.searchParams.get('sort')).toBe('latest');
    expect(req?.url.searchParams.get('since')).toBe(new Date(T0 - 3_600_000).toISOString());
    const odd = [...h.store.posts.values()].find((x) => x.author === 'did:plc:zzz');
    expect(odd?.url).toMatch(/^https:\/\/bsky\.app\/profile\/did%3Aplc%3Azzz\/post\/[a-z2-7]{13}$/);
    expect(odd?.lang).toBe('pt');
    expect(odd?.text).toBe('hi <script>x</script>');
    expect(odd?.createdAt).toBe(T0);
    const first = [...h.store.posts.values()][0];
    expect(first?.externalId).toMatch(/^at:\/\//);

    // Margin re-reads are dropped by uri: polling again delivers only the new post.
    h.clock.advance(60_000);
    f.add(1, T0 + 30_000);
    await p.pollNow('b1');
    const since = Date.parse(f.server.requests[1]?.url.searchParams.get('since') ?? '');
    expect(since).toBeLessThan(T0);
    expect(h.store.posts.size).toBe(7);
    expect(h.store.delivered).toBe(7);
  });

  it.each(['html', 'json'] as const)('treats a public 403 (%s) as blocked, asks for an app password, and does not retry in a loop', async (mode) => {
    const f = await fake({ publicBlocked: mode });
    const h = harness();
    const p = h.poller([publicAdapter(f)]);
    p.start();
    h.clock.advance(0);
    await p.idle();
    const s = p.status('b1');
    expect(s.health).toBe('failing');
    expect(s.lastError).toMatch(/app password/);
    for (let i = 0; i < 4; i++) {
      h.clock.advance(60_000);
      await p.idle();
    }
    expect(f.counts.search).toBe(1);
    await p.stop();
  });

  it('searches through the PDS with a reused session, refreshes on ExpiredToken, and pages with cursor', async () => {
    const f = await fake({ publicBlocked: 'html' });
    f.add(60, T0 - 300_000);
    const h = harness();
    const p = h.poller([authAdapter(f, { limit: 25 })]);
    for (let i = 0; i < 6 && (await p.pollNow('b1')).hasMore; i++);
    expect(h.store.posts.size).toBe(60);
    expect(f.server.requests.some((r) => r.url.searchParams.has('cursor'))).toBe(true);
    f.expireAccess();
    f.add(3, T0 - 1_000);
    const out = await p.pollNow('b1');
    expect(out.ok).toBe(true);
    expect(h.store.posts.size).toBe(63);
    expect(f.counts.createSession).toBe(1);
    expect(f.counts.refreshSession).toBe(1);
    expect(h.store.delivered).toBe(63);
  });

  it('says plainly when the app password is wrong', async () => {
    const f = await fake();
    const h = harness();
    const out = await h.poller([authAdapter(f, { appPassword: 'nope' })]).pollNow('b1');
    expect(out.error?.kind).toBe('auth');
    expect(out.status.health).toBe('failing');
    expect(out.status.lastError).toMatch(/handle or app password/);
  });

  it('waits until RateLimit-Reset (epoch seconds) on a 429', async () => {
    const f = await fake();
    const reset = Math.floor(T0 / 1000) + 120;
    f.server.inject({ kind: 'status', status: 429, headers: { 'RateLimit-Limit': '30', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(reset) }, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' } });
    const h = harness();
    const p = h.poller([publicAdapter(f)]);
    p.start();
    h.clock.advance(0);
    await p.idle();
    expect(p.status('b1').health).toBe('degraded');
    expect(p.status('b1').nextPollAt).toBe(reset * 1000);
    await p.stop();
  });

  it('maps an HTML 502 from a proxy to a retrying server error', async () => {
    const f = await fake();
    f.server.inject({ kind: 'status', status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    const out = await harness().poller([publicAdapter(f)]).pollNow('b1');
    expect(out.error?.kind).toBe('server');
    expect(out.status.health).toBe('degraded');
    expect(out.status.lastError).toBe('Bluesky is having trouble (HTTP 502)');
  });
});
