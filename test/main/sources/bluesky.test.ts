import { afterEach, describe, expect, it } from 'vitest';
import { BlueskyAdapter, type BlueskyOptions } from '../../../main/sources/bluesky.js';
import { startBlueskyFake, type BlueskyFake } from '../../fixtures/fakes/bluesky.js';
import { blueskyPost } from '../../fixtures/social.js';
import type { Fault } from '../../fixtures/fakes/server.js';
import { emptyState } from '../../../main/sources/poller.js';
import { T0, expectDrainedOnce, harness } from './harness.js';
import { shortPageSuite } from './shortPages.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(opts: Parameters<typeof startBlueskyFake>[0] = {}): Promise<BlueskyFake> {
  const f = await startBlueskyFake(opts);
  cleanups.push(() => f.close());
  return f;
}

const publicAdapter = (f: { url: string }, extra: Partial<BlueskyOptions> = {}) =>
  new BlueskyAdapter({ name: 'b1', baseUrl: f.url, serviceUrl: f.url, keywords: ['acme widgets'], ...extra });
const authAdapter = (f: { url: string }, extra: Partial<BlueskyOptions> = {}) =>
  publicAdapter(f, { identifier: 'acme.bsky.social', appPassword: 'app-pass-word-1234', ...extra });

describe('Bluesky adapter', () => {
  it('searches latest since the watermark minus a margin, builds web URLs, reads langs[0], dedupes by uri', async () => {
    const f = await fake();
    f.add(5, T0 - 600_000);
    f.posts.push(
      blueskyPost(99, T0 - 1000, {
        author: { did: 'did:plc:zzz', handle: 'handle.invalid' },
        record: {
          $type: 'app.bsky.feed.post',
          text: 'hi <script>x</script>',
          createdAt: new Date(T0 + 3_600_000).toISOString(),
          langs: ['pt', 'en'],
        },
      }),
    );
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

  it.each(['html', 'json'] as const)(
    'treats a public 403 (%s) as blocked, asks for an app password, and does not retry in a loop',
    async (mode) => {
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
    },
  );

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

  it('ends a sweep on a cursor it was just given, or on a page with nothing unseen', async () => {
    const f = await fake({ publicBlocked: 'html' });
    const [a, b, c, d] = [1, 2, 3, 4].map((i) => blueskyPost(i, T0 - i * 1_000));
    const search = '/xrpc/app.bsky.feed.searchPosts';
    f.server.inject({ kind: 'status', status: 200, body: { posts: [a, b], cursor: 'x' } }, 1, search);
    f.server.inject({ kind: 'status', status: 200, body: { posts: [c, d], cursor: 'x' } }, 1, search);
    f.server.inject({ kind: 'status', status: 200, body: { posts: [c, d], cursor: 'y' } }, 1, search);
    const h = harness();
    const p = h.poller([authAdapter(f)]);
    const more: boolean[] = [];
    for (let i = 0; i < 3; i++) more.push((await p.pollNow('b1')).hasMore);
    expect(more).toEqual([true, false, false]);
    expect(h.store.posts.size).toBe(4);
  });

  describe('through a PDS that serves short pages', () =>
    shortPageSuite({
      name: 'b1',
      start: (h, pageCap) => startBlueskyFake({ publicBlocked: 'html', now: () => h.clock.now(), pageCap }),
      adapter: (url) => authAdapter({ url }),
    }));

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
    f.server.inject({
      kind: 'status',
      status: 429,
      headers: { 'RateLimit-Limit': '30', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(reset) },
      body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
    });
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
    f.server.inject({
      kind: 'status',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    const out = await harness()
      .poller([publicAdapter(f)])
      .pollNow('b1');
    expect(out.error?.kind).toBe('server');
    expect(out.status.health).toBe('degraded');
    expect(out.status.lastError).toBe('Bluesky is having trouble (HTTP 502)');
  });
  it('pages a backfill and keeps polling across restarts, mid-sweep and between polls: no duplicates, no misses', async () => {
    const h = harness();
    const f = await fake({ publicBlocked: 'html', now: () => h.clock.now() });
    f.add(60, T0 - 300_000);
    let p = h.poller([authAdapter(f, { limit: 25 })]);
    expect((await p.pollNow('b1')).hasMore).toBe(true);
    const saved = JSON.parse(h.states.data.get('b1')?.cursor ?? '{}') as { since: number | null; history: { cursor: string } | null };
    // Forward reads take over above the first page while history pages back below it.
    expect(saved.since).toBe(Math.max(...f.posts.map((x) => Date.parse(x.indexedAt))));
    expect(saved.history?.cursor).toBe('25');
    // Restart mid-sweep: a new adapter (no session yet) and poller over the same state store.
    await p.stop();
    p = h.poller([authAdapter(f, { limit: 25 })]);
    for (let i = 0; i < 6 && (await p.pollNow('b1')).hasMore; i++);
    expect(f.server.requests.filter((r) => r.url.searchParams.get('cursor') === '25')).toHaveLength(1);
    expect(f.counts.createSession).toBe(2);
    expect(h.store.posts.size).toBe(60);
    expect(h.store.delivered).toBe(60);

    for (let round = 0; round < 6; round++) {
      h.clock.advance(60_000);
      f.add(round === 2 ? 70 : 9, h.clock.now() - 20_000);
      if (round === 2 || round === 4) {
        await p.stop();
        p = h.poller([authAdapter(f, { limit: 25 })]);
      }
      for (let i = 0; i < 8; i++) {
        const out = await p.pollNow('b1');
        expect(out.ok).toBe(true);
        // Posts keep arriving while a sweep pages through offsets; a restart lands mid-sweep.
        if (round === 2 && i === 1) f.add(5, h.clock.now() - 1_000);
        if (round === 2 && i === 1) {
          await p.stop();
          p = h.poller([authAdapter(f, { limit: 25 })]);
        }
        if (!out.hasMore) break;
      }
    }
    await p.pollNow('b1');
    expect(h.store.posts.size).toBe(f.posts.length);
    expect(h.store.delivered).toBe(f.posts.length);
    expect(f.server.requests.some((r) => r.url.searchParams.has('cursor') && Date.parse(r.url.searchParams.get('since') ?? '') > T0)).toBe(
      true,
    );
  });

  it('reads new posts at the interval while history is still paged back, then finishes the history', async () => {
    const h = harness();
    const f = await fake({ publicBlocked: 'html', now: () => h.clock.now() });
    f.add(100, T0 - 600_000); // four pages of 25
    const p = h.poller([authAdapter(f, { limit: 25 })], { intervalMs: 60_000, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
    const lastSearch = () => f.server.requests.filter((r) => r.url.pathname.endsWith('searchPosts')).at(-1)?.url.searchParams;
    expect((await p.pollNow('b1')).hasMore).toBe(true);
    expect((await p.pollNow('b1')).fetched).toBe(25);
    h.clock.advance(59_000);
    // Not yet an interval since the newest page was read: history goes on.
    expect((await p.pollNow('b1')).fetched).toBe(25);
    expect(lastSearch()?.get('cursor')).toBe('50');
    const live = f.add(3, h.clock.now());
    expect(p.status('b1').backfill).toEqual({ fetched: 75 });
    h.clock.advance(1_000);
    const forward = await p.pollNow('b1');
    expect(lastSearch()?.has('cursor')).toBe(false);
    expect(Date.parse(lastSearch()?.get('since') ?? '')).toBeGreaterThan(T0 - 3_600_000);
    expect(forward.fetched).toBe(3);
    expect(forward.hasMore).toBe(true);
    // Live posts are not history: "Fetching history… N posts" must not count them.
    expect(forward.status.backfill).toEqual({ fetched: 75 });
    expect(live.every((x) => h.store.posts.has(`b1\u0000${x.uri}`))).toBe(true);
    await expectDrainedOnce(h, p, 'b1', 103, { v: 2, sweep: null, history: null, fwd: null });
    h.clock.advance(60_000);
    f.add(2, h.clock.now() - 1_000);
    expect((await p.pollNow('b1')).fetched).toBe(2);
    expect(h.store.delivered).toBe(105);
  });

  it('keeps its cursor small while a long history pages: only the margin below the watermark and the last two pages', async () => {
    const h = harness();
    const f = await fake({ publicBlocked: 'html', now: () => h.clock.now() });
    // Eight batches ten minutes apart: all but the newest lie far below the watermark's margin.
    for (let k = 8; k >= 1; k--) f.add(25, T0 - k * 600_000);
    const p = h.poller([authAdapter(f, { limit: 25 })], { intervalMs: 60_000, backfill: { maxPosts: 500, maxAgeMs: 3 * 3_600_000 } });
    const seenSizes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const out = await p.pollNow('b1');
      seenSizes.push((JSON.parse(h.states.data.get('b1')?.cursor ?? '{}') as { seen: unknown[] }).seen.length);
      if (!out.hasMore) break;
    }
    expect(h.store.delivered).toBe(200);
    // The newest batch (within the margin) plus at most two pages of 25; never the whole 200.
    expect(Math.max(...seenSizes)).toBeLessThanOrEqual(25 + 2 * 25);
    expect(seenSizes.at(-1)).toBe(25);
  });

  it('resumes a backfill cursor written before interleaving: live posts first, then the rest of history', async () => {
    const h = harness();
    const f = await fake({ publicBlocked: 'html', now: () => h.clock.now() });
    f.add(60, T0 - 300_000);
    const byNewest = [...f.posts].sort((a, b) => Date.parse(b.indexedAt) - Date.parse(a.indexedAt));
    const firstPage = byNewest.slice(0, 25).map((x) => [x.uri, Date.parse(x.indexedAt)] as const);
    const top = firstPage[0]?.[1] ?? 0;
    const old = { v: 1, since: null, seen: firstPage, sweep: { cursor: '25', top, floor: T0 - 3_600_000, count: 25, max: 500 } };
    h.states.save('b1', { ...emptyState(), cursor: JSON.stringify(old), backfill: { fetched: 25 } });
    h.clock.advance(10_000);
    const live = f.add(2, T0 + 5_000);
    const p = h.poller([authAdapter(f, { limit: 25 })], { intervalMs: 60_000, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
    const first = await p.pollNow('b1');
    expect(first.fetched).toBe(2);
    expect(live.every((x) => h.store.posts.has(`b1\u0000${x.uri}`))).toBe(true);
    // The newest 25 were stored before the restart: only the 35 older ones and the 2 live are read.
    await expectDrainedOnce(h, p, 'b1', 37, { v: 2, fwd: null });
    expect(byNewest.slice(25).every((x) => h.store.posts.has(`b1\u0000${x.uri}`))).toBe(true);
    expect(p.status('b1').backfill).toBeUndefined();
  });

  it('resumes public search after a restart from the persisted watermark and seen uris: margin re-reads are not delivered again', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(8, T0 - 600_000);
    await h.poller([publicAdapter(f)]).pollNow('b1');
    expect(h.store.posts.size).toBe(8);
    const watermark = Math.max(...f.posts.map((x) => Date.parse(x.indexedAt)));
    h.clock.advance(120_000);
    f.add(4, T0 + 60_000);
    const out = await h.poller([publicAdapter(f)]).pollNow('b1');
    expect(out.ok).toBe(true);
    expect(out.fetched).toBe(4);
    // The re-read window reaches back over the first 8 posts; they are dropped by uri.
    expect(f.server.requests[1]?.url.searchParams.get('since')).toBe(new Date(watermark - 120_000).toISOString());
    expect(h.store.delivered).toBe(12);
    h.clock.advance(60_000);
    const again = await h.poller([publicAdapter(f)]).pollNow('b1');
    expect(again.fetched).toBe(0);
    expect(h.store.delivered).toBe(12);
  });

  it('slows down until RateLimit-Reset when a 200 says RateLimit-Remaining is 0', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(2, T0 - 60_000);
    const reset = Math.floor(T0 / 1000) + 240;
    f.server.inject({
      kind: 'status',
      status: 200,
      headers: {
        'RateLimit-Limit': '3000',
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': String(reset),
        'RateLimit-Policy': '3000;w=300',
      },
      body: { posts: [] },
    });
    const p = h.poller([publicAdapter(f)], { intervalMs: 30_000 });
    p.start();
    h.clock.advance(0);
    await p.idle();
    expect(p.status('b1').health).toBe('ok');
    expect(p.status('b1').nextPollAt).toBe(reset * 1000);
    h.clock.advance(reset * 1000 - T0 - 1);
    await p.idle();
    expect(f.server.requests).toHaveLength(1);
    h.clock.advance(1);
    await p.idle();
    expect(f.server.requests).toHaveLength(2);
    expect(h.store.posts.size).toBe(2);
    await p.stop();
  });

  it.each([
    ['cut-off JSON', { kind: 'truncated' }, /^Bluesky sent data that is not valid JSON/],
    ['an HTML page with 200', { kind: 'html' }, /^Bluesky answered with a web page instead of data/],
    [
      'wrong types',
      { kind: 'status', status: 200, body: { posts: 'nope', cursor: 3 } },
      /^Bluesky sent search results in an unexpected shape at (posts|cursor)/,
    ],
    [
      'posts of the wrong type',
      { kind: 'status', status: 200, body: { posts: [{ uri: 7, author: 'x' }, 'post'] } },
      /^Bluesky sent a post in an unexpected shape at uri/,
    ],
  ] satisfies [string, Fault, RegExp][])('turns %s into a source state, keeps the cursor, and recovers', async (_label, fault, message) => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(3, T0 - 120_000);
    const p = h.poller([publicAdapter(f)]);
    await p.pollNow('b1');
    const before = h.states.data.get('b1')?.cursor;
    expect(before).toBeTruthy();
    f.server.inject(fault);
    h.clock.advance(60_000);
    f.add(2, h.clock.now() - 10_000);
    const out = await p.pollNow('b1');
    expect(out.ok).toBe(false);
    expect(out.error?.kind).toBe('malformed');
    expect(out.status.health).toBe('degraded');
    expect(out.status.lastError).toMatch(message);
    expect(h.states.data.get('b1')?.cursor).toBe(before);
    const ok = await p.pollNow('b1');
    expect(ok.fetched).toBe(2);
    expect(h.store.posts.size).toBe(5);
    expect(h.store.delivered).toBe(5);
  });

  it('keeps the good posts of a page with bad items', async () => {
    const f = await fake();
    f.server.inject({
      kind: 'status',
      status: 200,
      body: {
        posts: [
          blueskyPost(1, T0 - 5_000),
          { uri: 'https://not-an-at-uri', author: { did: 'did:plc:x' } },
          null,
          blueskyPost(2, T0 - 9_000),
        ],
      },
    });
    const h = harness();
    const out = await h.poller([publicAdapter(f)]).pollNow('b1');
    expect(out.ok).toBe(true);
    expect([...h.store.posts.keys()].every((k) => k.includes('at://'))).toBe(true);
    expect(h.store.posts.size).toBe(2);
  });

  it('calls a login answer without tokens malformed, then logs in on the next poll', async () => {
    const f = await fake({ publicBlocked: 'html' });
    f.add(2, T0 - 60_000);
    f.server.inject(
      { kind: 'status', status: 200, body: { did: 'did:plc:acmebrand', handle: 'acme.bsky.social' } },
      1,
      '/xrpc/com.atproto.server.createSession',
    );
    const h = harness();
    const p = h.poller([authAdapter(f)]);
    const bad = await p.pollNow('b1');
    expect(bad.error?.kind).toBe('malformed');
    expect(bad.status.lastError).toMatch(/^Bluesky sent a login session in an unexpected shape at accessJwt/);
    expect(f.counts.search).toBe(0);
    const ok = await p.pollNow('b1');
    expect(ok.ok).toBe(true);
    expect(h.store.posts.size).toBe(2);
  });

  it('drops a revoked session on a 401 and logs in again on the next poll', async () => {
    const f = await fake({ publicBlocked: 'html' });
    f.add(2, T0 - 60_000);
    f.server.inject(
      { kind: 'status', status: 401, headers: { 'WWW-Authenticate': 'Bearer' }, body: { error: 'InvalidToken', message: 'Bad token' } },
      1,
      '/xrpc/app.bsky.feed.searchPosts',
    );
    const h = harness();
    const p = h.poller([authAdapter(f)]);
    const bad = await p.pollNow('b1');
    expect(bad.error?.kind).toBe('auth');
    expect(bad.status.lastError).toBe('Bluesky rejected the credentials (HTTP 401): Bad token');
    const ok = await p.pollNow('b1');
    expect(ok.ok).toBe(true);
    expect(f.counts.createSession).toBe(2);
    expect(h.store.posts.size).toBe(2);
  });
});
