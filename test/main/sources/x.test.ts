import { afterEach, describe, expect, it } from 'vitest';
import { XAdapter, type XOptions } from '../../../main/sources/x.js';
import { startXFake, type XFake } from '../../fixtures/fakes/x.js';
import { tweet } from '../../fixtures/social.js';
import type { Fault } from '../../fixtures/fakes/server.js';
import { compareIds } from '../../../main/sources/ids.js';
import { emptyState } from '../../../main/sources/poller.js';
import { T0, expectDrainedOnce, harness } from './harness.js';
import { shortPageSuite } from './shortPages.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(opts: Parameters<typeof startXFake>[0] = {}): Promise<XFake> {
  const f = await startXFake(opts);
  cleanups.push(() => f.close());
  return f;
}

const adapter = (f: { url: string }, extra: Partial<XOptions> = {}) =>
  new XAdapter({ name: 'x1', baseUrl: f.url, bearerToken: 'bearer-token', keywords: ['acme widgets'], hashtags: ['acmedown'], ...extra });

describe('X adapter', () => {
  it('builds the query and expansions, joins authors, decodes X escapes, and maps und to no language', async () => {
    const f = await fake();
    f.tweets.push(tweet(1, T0 - 5_000, { lang: 'und', text: 'RT @shop: &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; fine' }));
    const h = harness();
    await h.poller([adapter(f, { excludeRetweets: true })]).pollNow('x1');
    const req = f.server.requests[0];
    expect(req?.url.searchParams.get('query')).toBe('("acme widgets" OR #acmedown) -is:retweet');
    expect(req?.url.searchParams.get('expansions')).toBe('author_id');
    expect(req?.url.searchParams.get('start_time')).toBe(new Date(T0 - 3_600_000).toISOString());
    const [post] = [...h.store.posts.values()];
    expect(post?.author).toBe('tweeter_5001');
    expect(post?.url).toBe(`https://x.com/tweeter_5001/status/${post?.externalId}`);
    expect(post?.text).toBe('RT @shop: <script>alert(1)</script> &amp; fine');
    expect(post?.lang).toBeNull();
    expect(post?.engagement).toEqual({ likes: 1, reposts: 1, replies: 1, quotes: 0 });
  });

  it('accepts an empty result (meta only) without moving the cursor', async () => {
    const f = await fake();
    const h = harness();
    const out = await h.poller([adapter(f)]).pollNow('x1');
    expect(out.ok).toBe(true);
    expect(out.fetched).toBe(0);
    expect(JSON.parse(h.states.data.get('x1')?.cursor ?? '{}')).toMatchObject({ sinceId: null, sweep: null });
  });

  it('pages with next_token and polls with since_id across a restart while posts arrive: no duplicates, no misses', async () => {
    const f = await fake();
    f.add(250, T0 - 1_800_000);
    const h = harness();
    let p = h.poller([adapter(f)]);
    for (let i = 0; i < 10 && (await p.pollNow('x1')).hasMore; i++) f.add(7, T0 - 1_000 + i * 10);
    expect(f.server.requests.some((r) => r.url.searchParams.has('next_token'))).toBe(true);
    for (let round = 0; round < 8; round++) {
      h.clock.advance(60_000);
      f.add(round === 2 ? 260 : 13, h.clock.now() - 30_000);
      if (round === 4) {
        await p.stop();
        p = h.poller([adapter(f)]);
      }
      for (let i = 0; i < 6 && (await p.pollNow('x1')).hasMore; i++) if (i === 1) f.add(5, h.clock.now() - 100);
    }
    await p.pollNow('x1');
    expect(h.store.posts.size).toBe(f.tweets.length);
    expect(h.store.delivered).toBe(f.tweets.length);
    expect(f.server.requests.some((r) => r.url.searchParams.has('since_id') && r.url.searchParams.has('next_token'))).toBe(true);
  });

  it('reads new posts at the interval while history is still paged back, then finishes the history', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(250, T0 - 1_800_000); // pages of 100, 100 and 50
    const p = h.poller([adapter(f)], { intervalMs: 60_000, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
    const last = () => f.server.requests.at(-1)?.url.searchParams;
    expect((await p.pollNow('x1')).hasMore).toBe(true);
    h.clock.advance(59_000);
    // Not yet an interval since the newest page was read: history goes on.
    expect((await p.pollNow('x1')).fetched).toBe(100);
    expect(last()?.has('next_token')).toBe(true);
    const live = f.add(3, h.clock.now() - 3_000);
    expect(p.status('x1').backfill).toEqual({ fetched: 200 });
    h.clock.advance(1_000);
    const forward = await p.pollNow('x1');
    expect(last()?.has('since_id')).toBe(true);
    expect(last()?.has('next_token')).toBe(false);
    expect(forward.fetched).toBe(3);
    expect(forward.hasMore).toBe(true);
    // Live posts are not history: "Fetching history… N posts" must not count them.
    expect(forward.status.backfill).toEqual({ fetched: 200 });
    expect(live.every((t) => h.store.posts.has(`x1\u0000${t.id}`))).toBe(true);
    await expectDrainedOnce(h, p, 'x1', 253, { v: 2, sweep: null, history: null, fwd: null });
    h.clock.advance(60_000);
    f.add(2, h.clock.now() - 5_000);
    expect((await p.pollNow('x1')).fetched).toBe(2);
  });

  it('resumes a backfill cursor written before interleaving: live posts first, then the rest of history', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(250, T0 - 1_800_000);
    const byNewest = [...f.tweets].sort((a, b) => compareIds(b.id, a.id));
    const [top, pageEnd] = [byNewest[0]?.id ?? '', byNewest[99]?.id ?? ''];
    const startTime = new Date(T0 - 3_600_000).toISOString();
    // The fake's next_token is the oldest id of the page, as its own answers give it.
    const nextToken = Buffer.from(pageEnd).toString('base64url');
    const old = { v: 1, sinceId: null, sweep: { nextToken, top, count: 100, max: 500, startTime, sinceId: null } };
    h.states.save('x1', { ...emptyState(), cursor: JSON.stringify(old), backfill: { fetched: 100 } });
    h.clock.advance(10_000);
    const live = f.add(2, T0 + 1_000);
    const p = h.poller([adapter(f)], { intervalMs: 60_000, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
    const first = await p.pollNow('x1');
    expect(first.fetched).toBe(2);
    expect(live.every((t) => h.store.posts.has(`x1\u0000${t.id}`))).toBe(true);
    // The newest 100 were stored before the restart: only the 150 older ones and the 2 live are read.
    await expectDrainedOnce(h, p, 'x1', 152, { v: 2, fwd: null });
    expect(byNewest.slice(100).every((t) => h.store.posts.has(`x1\u0000${t.id}`))).toBe(true);
    expect(p.status('x1').backfill).toBeUndefined();
  });

  it('ends a sweep when the server hands back the next_token it was just asked with', async () => {
    const f = await fake();
    f.server.inject(
      { kind: 'status', status: 200, body: { data: [tweet(1, T0 - 5_000)], meta: { result_count: 1, next_token: 'again' } } },
      10,
    );
    const h = harness();
    const p = h.poller([adapter(f)]);
    const more: boolean[] = [];
    for (let i = 0; i < 2; i++) more.push((await p.pollNow('x1')).hasMore);
    expect(more).toEqual([true, false]);
    expect(f.server.requests.map((r) => r.url.searchParams.get('next_token'))).toEqual([null, 'again']);
  });

  describe('against a search that serves short pages', () =>
    shortPageSuite({
      name: 'x1',
      start: (h, pageCap) => startXFake({ now: () => h.clock.now(), pageCap }),
      adapter: (url) => adapter({ url }),
    }));

  it('waits until x-rate-limit-reset on a 429 and names a usage cap', async () => {
    const f = await fake();
    const reset = Math.floor(T0 / 1000) + 600;
    f.server.inject({
      kind: 'status',
      status: 429,
      headers: { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
    });
    const h = harness();
    const p = h.poller([adapter(f)]);
    p.start();
    h.clock.advance(0);
    await p.idle();
    expect(p.status('x1').health).toBe('degraded');
    expect(p.status('x1').nextPollAt).toBe(reset * 1000);
    await p.stop();
    f.server.inject({
      kind: 'status',
      status: 429,
      body: {
        title: 'UsageCapExceeded',
        detail: 'Usage cap exceeded: Monthly product cap',
        type: 'https://api.twitter.com/2/problems/usage-capped',
      },
    });
    const capped = await harness()
      .poller([adapter(f)])
      .pollNow('x1');
    expect(capped.status.lastError).toMatch(/usage cap reached: Usage cap exceeded/);
  });

  it('reports a bad token, a 503 and a partial-error page sensibly', async () => {
    const f = await fake();
    const bad = await harness()
      .poller([adapter(f, { bearerToken: 'wrong' })])
      .pollNow('x1');
    expect(bad.status.health).toBe('failing');
    expect(bad.status.lastError).toBe('X rejected the credentials (HTTP 401): Unauthorized');
    f.server.inject({
      kind: 'status',
      status: 503,
      body: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 },
    });
    const down = await harness()
      .poller([adapter(f)])
      .pollNow('x1');
    expect(down.status.health).toBe('degraded');
    expect(down.status.lastError).toBe('X is having trouble (HTTP 503): Service Unavailable');
    f.server.inject({
      kind: 'status',
      status: 200,
      body: { data: [tweet(3, T0 - 10)], errors: [{ title: 'Not Found Error', detail: 'Could not find user' }], meta: { result_count: 1 } },
    });
    const partial = await harness()
      .poller([adapter(f)])
      .pollNow('x1');
    expect(partial.ok).toBe(true);
    expect(partial.fetched).toBe(1);
    expect(partial.sample[0]?.url).toMatch(/^https:\/\/x\.com\/i\/web\/status\//);
  });

  it('refuses a query over 512 characters', async () => {
    const f = await fake();
    const out = await harness()
      .poller([adapter(f, { query: 'a'.repeat(600) })])
      .pollNow('x1');
    expect(out.error?.kind).toBe('config');
    expect(f.server.requests).toHaveLength(0);
  });
  it('resumes a sweep from the persisted next_token and since_id after a restart mid-sweep: each post once', async () => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(30, T0 - 600_000);
    let p = h.poller([adapter(f)]);
    expect((await p.pollNow('x1')).hasMore).toBe(false);
    expect(h.store.posts.size).toBe(30);
    h.clock.advance(60_000);
    f.add(250, h.clock.now() - 30_000);
    expect((await p.pollNow('x1')).hasMore).toBe(true);
    const saved = JSON.parse(h.states.data.get('x1')?.cursor ?? '{}') as { sinceId: string; sweep: { nextToken: string; sinceId: string } };
    expect(saved.sweep.sinceId).toBe(saved.sinceId);
    for (let i = 0; i < 6; i++) {
      // Every page of the sweep is read by a freshly started poller and adapter.
      await p.stop();
      p = h.poller([adapter(f)]);
      if (i === 0) f.add(5, h.clock.now() - 100);
      const before = JSON.parse(h.states.data.get('x1')?.cursor ?? '{}') as { sweep: { nextToken: string } | null };
      const out = await p.pollNow('x1');
      expect(out.ok).toBe(true);
      if (before.sweep) {
        const q = f.server.requests.at(-1)?.url.searchParams;
        expect(q?.get('next_token')).toBe(before.sweep.nextToken);
        expect(q?.get('since_id')).toBe(saved.sinceId);
      }
      if (!out.hasMore) break;
    }
    expect(h.store.posts.size).toBe(280);
    // The 5 that arrived mid-sweep come with the next poll, after since_id moved.
    await p.stop();
    p = h.poller([adapter(f)]);
    expect((await p.pollNow('x1')).fetched).toBe(5);
    expect(h.store.posts.size).toBe(f.tweets.length);
    expect(h.store.delivered).toBe(f.tweets.length);
  });

  it.each([
    ['cut-off JSON', { kind: 'truncated' }, /^X sent data that is not valid JSON/],
    ['an HTML page with 200', { kind: 'html' }, /^X answered with a web page instead of data/],
    [
      'wrong types',
      { kind: 'status', status: 200, body: { data: 'nope', meta: { result_count: 1 } } },
      /^X sent search results in an unexpected shape at data/,
    ],
    [
      'a next_token of the wrong type',
      { kind: 'status', status: 200, body: { data: [], meta: { result_count: 0, next_token: 42 } } },
      /^X sent search results in an unexpected shape at meta\.next_token/,
    ],
    [
      'posts of the wrong type',
      { kind: 'status', status: 200, body: { data: [{ id: 5, text: 'x' }, 'tweet'], meta: { result_count: 2 } } },
      /^X sent a post in an unexpected shape at id/,
    ],
  ] satisfies [string, Fault, RegExp][])('turns %s into a source state, keeps the cursor, and recovers', async (_label, fault, message) => {
    const h = harness();
    const f = await fake({ now: () => h.clock.now() });
    f.add(3, T0 - 120_000);
    const p = h.poller([adapter(f)]);
    await p.pollNow('x1');
    const before = h.states.data.get('x1')?.cursor;
    expect(JSON.parse(before ?? '{}')).toMatchObject({ sinceId: f.tweets[2]?.id });
    f.server.inject(fault);
    h.clock.advance(60_000);
    f.add(2, h.clock.now() - 10_000);
    const out = await p.pollNow('x1');
    expect(out.ok).toBe(false);
    expect(out.error?.kind).toBe('malformed');
    expect(out.status.health).toBe('degraded');
    expect(out.status.lastError).toMatch(message);
    expect(h.states.data.get('x1')?.cursor).toBe(before);
    const ok = await p.pollNow('x1');
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
        data: [tweet(1, T0 - 5_000), { id: '' }, null, tweet(2, T0 - 9_000)],
        includes: { users: [{ id: 5001 }, { id: '5002', username: 'tweeter_5002' }] },
        meta: { result_count: 4 },
      },
    });
    const h = harness();
    const out = await h.poller([adapter(f)]).pollNow('x1');
    expect(out.ok).toBe(true);
    expect(h.store.posts.size).toBe(2);
    const byAuthor = [...h.store.posts.values()].map((x) => x.author).sort();
    expect(byAuthor).toEqual(['5001', 'tweeter_5002']);
  });
});
