import { afterEach, describe, expect, it } from 'vitest';
import { compareIds } from '../../../main/sources/ids.js';
import { MastodonAdapter, parseLinkHeader } from '../../../main/sources/mastodon.js';
import { emptyState } from '../../../main/sources/poller.js';
import { startMastodonFake, type MastodonFake } from '../../fixtures/fakes/mastodon.js';
import { startFakeServer } from '../../fixtures/fakes/server.js';
import { mastodonStatus } from '../../fixtures/social.js';
import { T0, expectDrainedOnce, harness } from './harness.js';
import { runFor, shortPageSuite } from './shortPages.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(opts: Parameters<typeof startMastodonFake>[0] = {}): Promise<MastodonFake> {
  const f = await startMastodonFake(opts);
  cleanups.push(() => f.close());
  return f;
}

const adapter = (baseUrl: string, extra: Partial<ConstructorParameters<typeof MastodonAdapter>[0]> = {}) =>
  new MastodonAdapter({ name: 'm1', baseUrl, hashtags: ['acmewidgets'], ...extra });

describe('Mastodon adapter', () => {
  it('parses Link headers as given', () => {
    const l = parseLinkHeader('<https://m.example/a?max_id=1>; rel="next", <https://m.example/a?min_id=2>; rel="prev"');
    expect(l).toEqual({ next: 'https://m.example/a?max_id=1', prev: 'https://m.example/a?min_id=2' });
  });

  it('normalizes statuses: HTML to text, reblogs, remote acct, null language, future times clamped', async () => {
    const f = await fake();
    const h = harness();
    const original = mastodonStatus(900, T0 - 120_000, {
      content: '<p>Original <b>words</b> &amp; <script>alert("x")</script>more<br>line</p><p>two</p>',
      account: { id: '9', username: 'carol', acct: 'carol@far.example', display_name: 'C', url: 'https://far.example/@carol' },
      url: 'https://far.example/@carol/1',
    });
    f.statuses.push(mastodonStatus(1, T0 - 60_000, { reblog: original, content: '' }));
    f.statuses.push(mastodonStatus(2, T0 + 86_400_000, { language: null, content: '<img src=x onerror=alert(1)>future' }));
    const p = h.poller([adapter(f.url)]);
    const out = await p.pollNow('m1');
    expect(out.ok).toBe(true);
    const posts = [...h.store.posts.values()].sort((a, b) => a.createdAt - b.createdAt);
    expect(posts).toHaveLength(2);
    const [reblog, future] = posts;
    expect(reblog?.text).toBe('Original words & more\nline\n\ntwo');
    expect(reblog?.author).toBe('carol@far.example');
    expect(reblog?.url).toBe('https://far.example/@carol/1');
    expect(future?.text).toBe('future');
    expect(future?.lang).toBeNull();
    expect(future?.createdAt).toBe(T0);
    expect(out.status.health).toBe('ok');
  });

  it('asks for up to 4 tags with any[] and refuses a fifth', async () => {
    const f = await fake();
    const h = harness();
    const p = h.poller([adapter(f.url, { hashtags: ['#a', 'b', 'c', 'd'] })]);
    await p.pollNow('m1');
    const req = f.server.requests[0];
    expect(req?.url.pathname).toBe('/api/v1/timelines/tag/a');
    expect(req?.url.searchParams.getAll('any[]')).toEqual(['b', 'c', 'd']);
    const p2 = harness().poller([new MastodonAdapter({ name: 'm2', baseUrl: f.url, hashtags: ['a', 'b', 'c', 'd', 'e'] })]);
    const out = await p2.pollNow('m2');
    expect(out.error?.kind).toBe('config');
    expect(out.status.health).toBe('failing');
    expect(out.status.lastError).toMatch(/at most 4 hashtags/);
  });

  it('searches with a token, and says a token is needed without one', async () => {
    const f = await fake({ token: 'tok' });
    f.add(3, T0 - 10_000);
    const h = harness();
    const p = h.poller([new MastodonAdapter({ name: 's', baseUrl: f.url, keywords: ['acme widgets'], token: 'tok' })]);
    const out = await p.pollNow('s');
    expect(out.fetched).toBe(3);
    expect(f.server.requests[0]?.url.pathname).toBe('/api/v2/search');
    expect(f.server.requests[0]?.url.searchParams.get('type')).toBe('statuses');
    const p2 = harness().poller([new MastodonAdapter({ name: 's2', baseUrl: f.url, keywords: ['acme'] })]);
    expect((await p2.pollNow('s2')).status.lastError).toMatch(/needs an access token/);
  });

  it('says plainly when the instance rejects the token (401), and retries slowly', async () => {
    const f = await fake({ token: 'tok' });
    f.add(3, T0 - 10_000);
    const h = harness();
    const p = h.poller([new MastodonAdapter({ name: 's', baseUrl: f.url, keywords: ['acme widgets'], token: 'revoked' })], {
      intervalMs: 30_000,
    });
    const out = await p.pollNow('s');
    expect(out.error?.kind).toBe('auth');
    expect(out.status.health).toBe('failing');
    expect(out.status.lastError).toBe('Mastodon rejected the credentials (HTTP 401): The access token is invalid');
    expect(f.server.requests[0]?.headers.authorization).toBe('Bearer revoked');
    expect((h.states.data.get('s')?.retryAt ?? 0) - h.clock.now()).toBeGreaterThanOrEqual(5 * 60_000);
    expect(h.states.data.get('s')?.cursor).toBeNull();
    expect(h.store.posts.size).toBe(0);
  });

  it('backfills up to 1 hour on first start, paging back with max_id, then polls forward with min_id', async () => {
    const f = await fake();
    f.add(30, T0 - 3 * 3_600_000); // too old for the backfill window
    f.add(130, T0 - 3_000_000);
    const h = harness();
    const p = h.poller([adapter(f.url)], { backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
    for (let i = 0; i < 10; i++) {
      const out = await p.pollNow('m1');
      if (!out.hasMore) break;
    }
    expect(h.store.posts.size).toBe(130);
    expect(f.server.requests.some((r) => r.url.searchParams.has('max_id'))).toBe(true);
    f.add(5, T0 - 1_000);
    await p.pollNow('m1');
    expect(h.store.posts.size).toBe(135);
    const last = f.server.requests[f.server.requests.length - 1];
    expect(last?.url.searchParams.has('min_id')).toBe(true);
  });

  it('keeps up with an instance whose Link URLs drop `limit` while 3 statuses a second arrive, polling every 10 s', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now(), linksWithoutLimit: true });
    const p = h.poller([adapter(f.url)], { intervalMs: 10_000 });
    p.start();
    await runFor(h, p, 59_000, () => f.add(3, h.clock.now()));
    // One more interval with no new statuses lets the last poll cycle run.
    await runFor(h, p, 10_000);
    await p.stop();
    expect(f.statuses).toHaveLength(177);
    expect(h.store.posts.size).toBe(177);
    expect(h.store.delivered).toBe(177);
    // Followed links came back as short pages of the default 20, and were followed anyway.
    expect(f.server.requests.filter((r) => r.url.searchParams.has('min_id')).length).toBeGreaterThan(177 / 20);
  });

  it('stops paging when every page, backfill or forward, is the same one with the same links', async () => {
    const f = await fake();
    const page = [mastodonStatus(2, T0 - 2_000), mastodonStatus(1, T0 - 3_000)];
    const tag = `${f.url}/api/v1/timelines/tag/acmewidgets`;
    const headers = { Link: `<${tag}?max_id=${page[1]?.id ?? ''}>; rel="next", <${tag}?min_id=${page[0]?.id ?? ''}>; rel="prev"` };
    f.server.inject({ kind: 'status', status: 200, headers, body: page }, 10);
    const h = harness();
    const p = h.poller([adapter(f.url)]);
    const more: boolean[] = [];
    for (let i = 0; i < 4; i++) more.push((await p.pollNow('m1')).hasMore);
    expect(more).toEqual([true, false, false, false]);
    expect(h.store.posts.size).toBe(2);
  });

  it('reads new statuses at the interval while history is still paged back, then finishes the history', async () => {
    const f = await fake();
    const history = f.add(200, T0 - 3_000_000); // five pages of 40
    const h = harness();
    const p = h.poller([adapter(f.url)], { intervalMs: 60_000, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
    const lastQuery = () => f.server.requests[f.server.requests.length - 1]?.url.searchParams;
    expect((await p.pollNow('m1')).hasMore).toBe(true);
    expect((await p.pollNow('m1')).fetched).toBe(40);
    h.clock.advance(59_000);
    const live = f.add(3, h.clock.now());
    // Not yet an interval since the newest page was read: history goes on.
    expect((await p.pollNow('m1')).fetched).toBe(40);
    expect(lastQuery()?.has('max_id')).toBe(true);
    expect(p.status('m1').backfill).toEqual({ fetched: 120 });
    h.clock.advance(1_000);
    const forward = await p.pollNow('m1');
    expect(lastQuery()?.has('min_id')).toBe(true);
    expect(forward.fetched).toBe(3);
    expect(forward.hasMore).toBe(true);
    // Live statuses are not history: "Fetching history… N posts" must not count them.
    expect(forward.status.backfill).toEqual({ fetched: 120 });
    expect(live.every((s) => h.store.posts.has(`m1\u0000${s.id}`))).toBe(true);
    await expectDrainedOnce(h, p, 'm1', 203, { v: 2, backfill: null, fwd: null });
    expect(history.every((s) => h.store.posts.has(`m1\u0000${s.id}`))).toBe(true);
    f.add(2, h.clock.now());
    h.clock.advance(60_000);
    expect((await p.pollNow('m1')).fetched).toBe(2);
  });

  it('resumes a backfill cursor written before interleaving: live statuses first, then the rest of history', async () => {
    const f = await fake();
    f.add(100, T0 - 3_000_000);
    const h = harness();
    const byNewest = [...f.statuses].sort((a, b) => compareIds(b.id, a.id));
    const [newest, pageEnd] = [byNewest[0]?.id ?? '', byNewest[39]?.id ?? ''];
    const tag = `${f.url}/api/v1/timelines/tag/acmewidgets`;
    const old = {
      v: 1,
      newest,
      prev: `${tag}?limit=40&min_id=${newest}`,
      backfill: { next: `${tag}?limit=40&max_id=${pageEnd}`, count: 40, until: T0 - 3_600_000 },
    };
    h.states.save('m1', { ...emptyState(), cursor: JSON.stringify(old), backfill: { fetched: 40 } });
    const live = f.add(4, T0 + 5_000);
    h.clock.advance(10_000);
    const p = h.poller([adapter(f.url)], { intervalMs: 60_000, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
    const first = await p.pollNow('m1');
    expect(first.fetched).toBe(4);
    expect(first.hasMore).toBe(true);
    expect(live.every((s) => h.store.posts.has(`m1\u0000${s.id}`))).toBe(true);
    // The first 40 were stored before the restart: only the 60 older ones and the live 4 are read.
    await expectDrainedOnce(h, p, 'm1', 64, { v: 2, fwd: null });
    expect(byNewest.slice(40).every((s) => h.store.posts.has(`m1\u0000${s.id}`))).toBe(true);
    expect(p.status('m1').backfill).toBeUndefined();
  });

  it('stops the backfill at maxPosts', async () => {
    const f = await fake();
    f.add(200, T0 - 600_000);
    const h = harness();
    const p = h.poller([adapter(f.url)], { backfill: { maxPosts: 100, maxAgeMs: 3_600_000 } });
    for (let i = 0; i < 10 && (await p.pollNow('m1')).hasMore; i++);
    expect(h.store.posts.size).toBe(100);
  });

  it('pages through 1,000 statuses arriving while it polls, across a restart: no duplicates, no misses', async () => {
    const f = await fake();
    f.add(20, T0 - 60_000);
    const h = harness();
    let p = h.poller([adapter(f.url)]);
    let t = T0;
    for (let round = 0; round < 60; round++) {
      if (round < 40) f.add(25, t - 500);
      if (round === 20) {
        await p.stop();
        p = h.poller([adapter(f.url)]); // restart: same state store, new poller and adapter
      }
      const out = await p.pollNow('m1');
      expect(out.ok).toBe(true);
      t += 1_000;
      h.clock.advance(1_000);
    }
    expect(f.statuses).toHaveLength(1_020);
    expect(h.store.posts.size).toBe(1_020);
    expect(h.store.delivered).toBe(1_020);
    expect(f.server.requests.some((r) => r.url.searchParams.has('min_id'))).toBe(true);
  });

  it('waits until X-RateLimit-Reset on a 429 without Retry-After, and shows degraded', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(3, T0 - 1_000);
    f.setRemaining(0);
    const p = h.poller([adapter(f.url)]);
    p.start();
    h.clock.advance(0);
    await p.idle();
    const s = p.status('m1');
    expect(s.health).toBe('degraded');
    expect(s.lastError).toMatch(/rate limit/i);
    expect(s.nextPollAt).toBe(T0 + 5 * 60_000);
    f.setRemaining(null);
    h.clock.advance(5 * 60_000);
    await p.idle();
    expect(p.status('m1').health).toBe('ok');
    expect(h.store.posts.size).toBe(3);
    await p.stop();
  });

  it('backs off on 5xx, turns failing after repeated errors, recovers and closes the coverage gap', async () => {
    const f = await fake();
    f.add(2, T0 - 1_000);
    f.server.inject({ kind: 'status', status: 503, body: { error: 'Remote data could not be fetched' } }, 3);
    const h = harness();
    const p = h.poller([adapter(f.url)]);
    const a = await p.pollNow('m1');
    expect(a.status.health).toBe('degraded');
    expect(a.status.lastError).toMatch(/HTTP 503.*Remote data could not be fetched/);
    await p.pollNow('m1');
    const c = await p.pollNow('m1');
    expect(c.status.health).toBe('failing');
    expect(h.states.data.get('m1')?.retryAt).toBeGreaterThan(h.clock.now());
    const ok = await p.pollNow('m1');
    expect(ok.status.health).toBe('ok');
    const gaps = p.gaps('m1');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.end).not.toBeNull();
  });

  it.each([
    ['cut-off JSON', { kind: 'truncated' } as const, /not valid JSON/],
    ['an HTML page with 200', { kind: 'html' } as const, /web page instead of data/],
    ['a redirect loop', { kind: 'redirectLoop' } as const, /redirects in a loop/],
    ['wrong types', { kind: 'status', status: 200, body: { statuses: 'nope' } } as const, /unexpected shape/],
    ['items of the wrong type', { kind: 'status', status: 200, body: [{ id: { x: 1 } }, 7] } as const, /unexpected shape at id/],
  ])('turns %s into a source state with a clear message', async (_label, fault, message) => {
    const f = await fake();
    f.server.inject(fault);
    const h = harness();
    const p = h.poller([adapter(f.url)]);
    const out = await p.pollNow('m1');
    expect(out.ok).toBe(false);
    expect(out.status.health).toBe('degraded');
    expect(out.status.lastError).toMatch(message);
    expect(h.states.data.get('m1')?.cursor).toBeNull();
  });

  it('keeps the good statuses of a page with one bad item', async () => {
    const f = await fake();
    f.server.inject({ kind: 'status', status: 200, body: [mastodonStatus(1, T0 - 5), { id: null }, mastodonStatus(2, T0 - 9)] });
    const h = harness();
    const out = await h.poller([adapter(f.url)]).pollNow('m1');
    expect(out.ok).toBe(true);
    expect(h.store.posts.size).toBe(2);
  });

  it('rejects a 50 MB body without buffering it', async () => {
    const f = await fake();
    f.server.inject({ kind: 'huge', bytes: 50 * 1024 * 1024 });
    const h = harness();
    const before = process.memoryUsage().rss;
    const out = await h.poller([adapter(f.url)]).pollNow('m1');
    expect(out.error?.kind).toBe('too_large');
    expect(out.status.lastError).toMatch(/larger than 5 MB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
    expect(f.server.hugeBytesSent).toBeLessThan(50 * 1024 * 1024);
  });

  it('reports a refused connection and an unresolvable host in plain words', async () => {
    const dead = await startFakeServer(() => ({ body: [] }));
    const url = dead.url;
    await dead.close();
    const h = harness();
    const p = h.poller([adapter(url), new MastodonAdapter({ name: 'dns', baseUrl: 'http://mastodon.invalid', hashtags: ['x'] })]);
    expect((await p.pollNow('m1')).status.lastError).toMatch(/^Connection refused by 127\.0\.0\.1:\d+/);
    const dns = await p.pollNow('dns');
    expect(dns.error?.kind).toBe('network');
    expect(dns.status.lastError).toMatch(/Could not resolve host mastodon\.invalid/);
  });

  describe('against an instance that serves short pages', () =>
    shortPageSuite({
      name: 'm1',
      start: (h, pageCap) => startMastodonFake({ now: () => h.clock.now(), pageCap }),
      adapter: (url) => adapter(url),
    }));

  it.each([
    ['headers', 'stallHeaders'],
    ['body', 'stallBody'],
  ] as const)('gives up on a server that stalls its %s', async (_l, kind) => {
    const f = await fake();
    f.server.inject({ kind });
    const h = harness({ timeoutMs: 300 });
    const started = Date.now();
    const out = await h.poller([adapter(f.url)]).pollNow('m1');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(out.error?.kind).toBe('timeout');
    expect(out.status.lastError).toMatch(/did not answer within 0.3 s/);
  });
});
