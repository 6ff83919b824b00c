import { afterEach, describe, expect, it } from 'vitest';
import { RedditAdapter, type RedditOptions } from '../../../main/sources/reddit.js';
import { startRedditFake, type RedditFake } from '../../fixtures/fakes/reddit.js';
import { redditLink } from '../../fixtures/social.js';
import type { Fault } from '../../fixtures/fakes/server.js';
import { emptyState } from '../../../main/sources/poller.js';
import { T0, expectDrainedOnce, harness } from './harness.js';
import { shortPageSuite } from './shortPages.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(opts: Parameters<typeof startRedditFake>[0] = {}): Promise<RedditFake> {
  const f = await startRedditFake(opts);
  cleanups.push(() => f.close());
  return f;
}

const adapter = (f: { url: string }, extra: Partial<RedditOptions> = {}) =>
  new RedditAdapter({
    name: 'r1',
    baseUrl: f.url,
    authUrl: f.url,
    clientId: 'client-id',
    clientSecret: 'client-secret',
    subreddits: ['acme', 'r/widgets'],
    ...extra,
  });

describe('Reddit adapter', () => {
  it('gets an app-only token once, reads /r/a+b/new raw, and normalizes links', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.links.push(
      redditLink(1, T0 - 60_000, {
        title: 'Outage <b>again</b> & again',
        selftext: '<script>alert(1)</script> still down',
        permalink: '/r/acme/comments/abc/x/',
        score: -3,
      }),
    );
    const p = h.poller([adapter(f)]);
    await p.pollNow('r1');
    await p.pollNow('r1');
    expect(f.counts.tokens).toBe(1);
    const tokenReq = f.server.requests[0];
    expect(tokenReq?.body).toBe('grant_type=client_credentials');
    const list = f.server.requests[1];
    expect(list?.url.pathname).toBe('/r/acme+widgets/new');
    expect(list?.url.searchParams.get('raw_json')).toBe('1');
    expect(String(list?.headers['user-agent'])).toMatch(/by \/u\//);
    const [post] = [...h.store.posts.values()];
    expect(post?.externalId).toMatch(/^t3_/);
    expect(post?.url).toBe('https://www.reddit.com/r/acme/comments/abc/x/');
    expect(post?.text).toBe('Outage <b>again</b> & again\n\n<script>alert(1)</script> still down');
    expect(post?.lang).toBeNull();
    expect(post?.engagement.likes).toBeUndefined();
  });

  it('renews the token when it expires', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now(), expiresIn: 120 });
    const p = h.poller([adapter(f)]);
    await p.pollNow('r1');
    h.clock.advance(61_000);
    await p.pollNow('r1');
    expect(f.counts.tokens).toBe(2);
    expect(p.status('r1').health).toBe('ok');
  });

  it('searches within the subreddits when keywords are given', async () => {
    const f = await fake();
    await harness()
      .poller([adapter(f, { keywords: ['acme down'] })])
      .pollNow('r1');
    const req = f.server.requests[1];
    expect(req?.url.pathname).toBe('/r/acme+widgets/search');
    expect(req?.url.searchParams.get('restrict_sr')).toBe('1');
    expect(req?.url.searchParams.get('sort')).toBe('new');
  });

  it('backfills with after, then follows new posts with before across a restart: no duplicates, no misses', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(250, T0 - 2_000_000);
    let p = h.poller([adapter(f)]);
    for (let i = 0; i < 10 && (await p.pollNow('r1')).hasMore; i++);
    expect(h.store.posts.size).toBe(250);
    expect(f.server.requests.some((r) => r.url.searchParams.has('after'))).toBe(true);
    for (let round = 0; round < 12; round++) {
      f.add(round === 3 ? 230 : 17, T0 + round * 1_000_000);
      h.clock.advance(1_000_000);
      if (round === 6) {
        await p.stop();
        p = h.poller([adapter(f)]);
      }
      for (let i = 0; i < 5 && (await p.pollNow('r1')).hasMore; i++);
    }
    expect(h.store.posts.size).toBe(f.links.length);
    expect(h.store.delivered).toBe(f.links.length);
    expect(f.server.requests.some((r) => r.url.searchParams.has('before'))).toBe(true);
  });

  it('reads new posts at the interval while history is still paged back, then finishes the history', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    const history = f.add(250, T0 - 2_000_000); // pages of 100, 100 and 50
    const p = h.poller([adapter(f)], { intervalMs: 60_000, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
    const lastListing = () => f.server.requests.filter((r) => r.url.pathname.startsWith('/r/')).at(-1)?.url.searchParams;
    expect((await p.pollNow('r1')).hasMore).toBe(true);
    h.clock.advance(59_000);
    // Not yet an interval since the newest page was read: history goes on.
    expect((await p.pollNow('r1')).fetched).toBe(100);
    expect(lastListing()?.has('after')).toBe(true);
    const live = f.add(3, h.clock.now() - 3_000);
    expect(p.status('r1').backfill).toEqual({ fetched: 200 });
    h.clock.advance(1_000);
    const forward = await p.pollNow('r1');
    expect(lastListing()?.get('before')).toBe(history[249]?.data.name);
    expect(forward.fetched).toBe(3);
    expect(forward.hasMore).toBe(true);
    // Live posts are not history: "Fetching history… N posts" must not count them.
    expect(forward.status.backfill).toEqual({ fetched: 200 });
    expect(live.every((l) => h.store.posts.has(`r1\u0000${l.data.name}`))).toBe(true);
    await expectDrainedOnce(h, p, 'r1', 253, { v: 2, backfill: null, fwd: null });
    h.clock.advance(60_000);
    f.add(2, h.clock.now() - 5_000);
    expect((await p.pollNow('r1')).fetched).toBe(2);
  });

  it('resumes a backfill cursor written before interleaving: live posts first, then the rest of history', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    const history = f.add(250, T0 - 2_000_000);
    const byNewest = [...history].reverse();
    const names = byNewest.map((l) => l.data.name);
    const anchorAt = (byNewest[0]?.data.created_utc ?? 0) * 1000;
    const old = {
      v: 1,
      anchor: names[0],
      anchorAt,
      seen: names.slice(0, 100),
      backfill: { after: names[99], count: 100, until: T0 - 3_600_000 },
    };
    h.states.save('r1', { ...emptyState(), cursor: JSON.stringify(old), backfill: { fetched: 100 } });
    h.clock.advance(10_000);
    const live = f.add(2, T0 + 1_000);
    const p = h.poller([adapter(f)], { intervalMs: 60_000, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
    const first = await p.pollNow('r1');
    expect(first.fetched).toBe(2);
    expect(live.every((l) => h.store.posts.has(`r1\u0000${l.data.name}`))).toBe(true);
    // The newest 100 were stored before the restart: only the 150 older ones and the 2 live are read.
    await expectDrainedOnce(h, p, 'r1', 152, { v: 2, fwd: null });
    expect(names.slice(100).every((n) => h.store.posts.has(`r1\u0000${n}`))).toBe(true);
    expect(p.status('r1').backfill).toBeUndefined();
  });

  it('recovers when the newest post it anchored on is deleted', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    const made = f.add(5, T0 - 600_000);
    const p = h.poller([adapter(f)]);
    await p.pollNow('r1');
    const newest = made[made.length - 1]?.data.name ?? '';
    f.remove(newest);
    f.add(3, T0 - 100_000);
    await p.pollNow('r1');
    expect(h.store.posts.size).toBe(8);
    f.add(2, T0 - 50_000);
    await p.pollNow('r1');
    expect(h.store.posts.size).toBe(10);
    expect(h.store.delivered).toBe(10);
  });

  it('stops paging a listing that answers every page with the same things and the same after', async () => {
    const f = await fake();
    const children = [redditLink(2, T0 - 60_000), redditLink(1, T0 - 120_000)];
    f.server.inject(
      { kind: 'status', status: 200, body: { kind: 'Listing', data: { after: children[1]?.data.name, before: null, children } } },
      10,
      '/r/',
    );
    const h = harness();
    const p = h.poller([adapter(f)]);
    const more: boolean[] = [];
    for (let i = 0; i < 4; i++) more.push((await p.pollNow('r1')).hasMore);
    expect(more).toEqual([true, false, false, false]);
    expect(h.store.posts.size).toBe(2);
  });

  describe('against listings that serve short pages', () =>
    shortPageSuite({
      name: 'r1',
      start: (h, pageCap) => startRedditFake({ now: () => h.clock.now(), pageCap }),
      adapter: (url) => adapter({ url }),
    }));

  it('honours Retry-After on a 429 and slows down when remaining is 0.0', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.server.inject(
      {
        kind: 'status',
        status: 429,
        headers: { 'Retry-After': '42', 'X-Ratelimit-Used': '1000', 'X-Ratelimit-Remaining': '0.0', 'X-Ratelimit-Reset': '356' },
        body: { message: 'Too Many Requests', error: 429 },
      },
      1,
      '/r/',
    );
    const p = h.poller([adapter(f)]);
    p.start();
    h.clock.advance(0);
    await p.idle();
    expect(p.status('r1').health).toBe('degraded');
    expect(p.status('r1').nextPollAt).toBe(T0 + 42_000);
    f.server.inject(
      {
        kind: 'status',
        status: 200,
        headers: { 'X-Ratelimit-Remaining': '0.0', 'X-Ratelimit-Reset': '356.5' },
        body: { kind: 'Listing', data: { after: null, before: null, children: [] } },
      },
      1,
      '/r/',
    );
    h.clock.advance(42_000);
    await p.idle();
    expect(p.status('r1').health).toBe('ok');
    expect(p.status('r1').nextPollAt).toBe(T0 + 42_000 + 356_500);
    await p.stop();
  });

  it('says when the client id or secret is wrong, and when a listing has the wrong shape', async () => {
    const f = await fake();
    const bad = await harness()
      .poller([adapter(f, { clientSecret: 'wrong' })])
      .pollNow('r1');
    expect(bad.status.health).toBe('failing');
    expect(bad.status.lastError).toMatch(/client id and secret/);
    f.server.inject({ kind: 'status', status: 200, body: { kind: 'Listing', data: { children: 'x' } } }, 1, '/r/');
    const wrong = await harness()
      .poller([adapter(f)])
      .pollNow('r1');
    expect(wrong.error?.kind).toBe('malformed');
    expect(wrong.status.lastError).toMatch(/listing in an unexpected shape at data.children/);
  });
  it('resumes a first-start backfill from the persisted after, and forward polling from the persisted anchor, across restarts', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(250, T0 - 2_000_000);
    const afters: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      // Every poll is made by a freshly started poller and adapter (new token each time).
      const before = JSON.parse(h.states.data.get('r1')?.cursor ?? 'null') as { backfill: { after: string } | null } | null;
      afters.push(before?.backfill?.after ?? null);
      const out = await h.poller([adapter(f)]).pollNow('r1');
      expect(out.ok).toBe(true);
      if (!out.hasMore) break;
    }
    const listings = f.server.requests.filter((r) => r.url.pathname.startsWith('/r/'));
    expect(listings.map((r) => r.url.searchParams.get('after'))).toEqual(afters);
    expect(afters.filter((a) => a !== null)).toHaveLength(2);
    expect(h.store.posts.size).toBe(250);
    expect(h.store.delivered).toBe(250);

    h.clock.advance(60_000);
    f.add(40, T0 + 10_000);
    const newest = f.links[249]?.data.name;
    const out = await h.poller([adapter(f)]).pollNow('r1');
    expect(out.fetched).toBe(40);
    expect(f.server.requests.at(-1)?.url.searchParams.get('before')).toBe(newest);
    expect((await h.poller([adapter(f)]).pollNow('r1')).fetched).toBe(0);
    expect(h.store.posts.size).toBe(290);
    expect(h.store.delivered).toBe(290);
  });

  it('fetches a new token once when a listing answers 401, and does not loop on a second 401', async () => {
    const f = await fake();
    f.add(2, T0 - 60_000);
    const h = harness();
    const p = h.poller([adapter(f)]);
    f.server.inject(
      {
        kind: 'status',
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer realm="reddit", error="invalid_token"' },
        body: { message: 'Unauthorized', error: 401 },
      },
      1,
      '/r/',
    );
    const out = await p.pollNow('r1');
    expect(out.ok).toBe(true);
    expect(f.counts.tokens).toBe(2);
    expect(h.store.posts.size).toBe(2);
    f.server.inject({ kind: 'status', status: 401, body: { message: 'Unauthorized', error: 401 } }, 2, '/r/');
    const bad = await p.pollNow('r1');
    expect(bad.error?.kind).toBe('auth');
    expect(bad.status.lastError).toBe('Reddit rejected the credentials (HTTP 401): Unauthorized');
    expect(f.counts.tokens).toBe(3);
    expect(f.server.requests.filter((r) => r.url.pathname.startsWith('/r/'))).toHaveLength(4);
  });

  it('reports a 5xx as a retrying server error and the HTML block page as blocked', async () => {
    const f = await fake();
    const h = harness();
    const p = h.poller([adapter(f)]);
    f.server.inject(
      {
        kind: 'status',
        status: 503,
        headers: { 'content-type': 'text/html' },
        body: '<!doctype html><html><head><title>reddit: the front page of the internet</title></head><body>all of our servers are busy right now</body></html>',
      },
      1,
      '/r/',
    );
    const down = await p.pollNow('r1');
    expect(down.error?.kind).toBe('server');
    expect(down.status.health).toBe('degraded');
    expect(down.status.lastError).toBe('Reddit is having trouble (HTTP 503)');
    f.server.inject({ kind: 'status', status: 500, body: { message: 'Internal Server Error', error: 500 } }, 1, '/r/');
    expect((await p.pollNow('r1')).status.lastError).toBe('Reddit is having trouble (HTTP 500): Internal Server Error');
    f.server.inject({ kind: 'html', status: 403 }, 1, '/r/');
    const blocked = await p.pollNow('r1');
    expect(blocked.error?.kind).toBe('blocked');
    expect(blocked.status.health).toBe('failing');
    expect(blocked.status.lastError).toMatch(/^Reddit blocked the request \(HTTP 403 page\)/);
    expect(h.states.data.get('r1')?.cursor).toBeNull();
  });

  it.each([
    ['cut-off JSON', { kind: 'truncated' }, '/r/', /^Reddit sent data that is not valid JSON/],
    ['an HTML page with 200', { kind: 'html' }, '/r/', /^Reddit answered with a web page instead of data/],
    [
      'a listing without data',
      { kind: 'status', status: 200, body: { kind: 'Listing', children: [] } },
      '/r/',
      /^Reddit sent a listing in an unexpected shape at data/,
    ],
    [
      'things of the wrong type',
      {
        kind: 'status',
        status: 200,
        body: { kind: 'Listing', data: { after: null, before: null, children: [{ kind: 't3', data: { name: 7 } }, 'x'] } },
      },
      '/r/',
      /^Reddit sent a listing item in an unexpected shape at data\.name/,
    ],
    [
      'a token answer without a token',
      { kind: 'status', status: 200, body: { token_type: 'bearer', expires_in: 3600 } },
      '/api/v1/access_token',
      /^Reddit sent an access token in an unexpected shape at access_token/,
    ],
    ['an HTML token answer', { kind: 'html' }, '/api/v1/access_token', /^Reddit answered with a web page instead of data/],
  ] satisfies [string, Fault, string, RegExp][])(
    'turns %s into a source state, keeps the cursor, and recovers',
    async (_label, fault, path, message) => {
      const h = harness();
      const f = await fake({ now: () => h.clock.now(), expiresIn: 120 });
      f.add(3, T0 - 120_000);
      const p = h.poller([adapter(f)]);
      await p.pollNow('r1');
      const before = h.states.data.get('r1')?.cursor;
      expect(JSON.parse(before ?? '{}')).toMatchObject({ anchor: f.links[2]?.data.name, backfill: null });
      // Past the token's renewal point, so the next poll asks for a token too.
      h.clock.advance(61_000);
      f.add(2, h.clock.now() - 10_000);
      f.server.inject(fault, 1, path);
      const out = await p.pollNow('r1');
      expect(out.ok).toBe(false);
      expect(out.error?.kind).toBe('malformed');
      expect(out.status.health).toBe('degraded');
      expect(out.status.lastError).toMatch(message);
      expect(h.states.data.get('r1')?.cursor).toBe(before);
      const ok = await p.pollNow('r1');
      expect(ok.fetched).toBe(2);
      expect(h.store.posts.size).toBe(5);
      expect(h.store.delivered).toBe(5);
    },
  );
});
