import { afterEach, describe, expect, it } from 'vitest';
import { createHackerNewsAdapter } from '../../../main/sources/hackernews.js';
import { hnComment, hnStory, startHnFake, type HnFake } from '../../fixtures/fakes/hnAlgolia.js';
import { emptyState } from '../../../main/sources/poller.js';
import { T0, harness, pollUntilDone } from './harness.js';
import { shortPageSuite } from './shortPages.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(): Promise<HnFake> {
  const f = await startHnFake();
  cleanups.push(() => f.close());
  return f;
}

const adapter = (baseUrl: string, extra: Partial<Parameters<typeof createHackerNewsAdapter>[0]> = {}) =>
  createHackerNewsAdapter({ name: 'hn', query: 'acme widgets', baseUrl, ...extra });

const BACKFILL = { maxPosts: 500, maxAgeMs: 3_600_000 };

describe('Hacker News adapter', () => {
  it('backfills the last hour with a strict created_at_i filter and normalizes hits', async () => {
    const f = await fake();
    f.hits.push(
      hnComment(
        43983391,
        T0 - 10 * 60_000,
        'We replaced our bracket supplier with Acme Widgets last year; tolerances are &gt;2x better. <a href="https://acme.example&#x2F;specs" rel="nofollow">https:&#x2F;&#x2F;acme.example&#x2F;specs</a>',
      ),
      hnStory(43982875, T0 - 30 * 60_000, 'Show HN: An open-source BOM tool (works with Acme Widgets catalog)'),
      hnStory(1, T0 - 2 * 3_600_000, 'too old'),
    );
    const h = harness();
    const out = await h.poller([adapter(f.url)], { backfill: BACKFILL }).pollNow('hn');
    expect(out.ok).toBe(true);
    const q = f.server.requests[0]?.url.searchParams;
    expect(q?.get('numericFilters')).toBe(`created_at_i>${Math.floor((T0 - 3_600_000) / 1000)}`);
    expect(q?.get('tags')).toBe('(story,comment)');
    expect(q?.get('query')).toBe('acme widgets');
    const posts = [...h.store.posts.values()].sort((a, b) => b.createdAt - a.createdAt);
    expect(posts.map((p) => p.externalId)).toEqual(['43983391', '43982875']);
    const [comment, story] = posts;
    expect(comment?.text).toBe(
      'We replaced our bracket supplier with Acme Widgets last year; tolerances are >2x better. https://acme.example/specs',
    );
    expect(comment?.url).toBe('https://news.ycombinator.com/item?id=43983391');
    expect(comment?.author).toBe('pkessler');
    expect(comment?.lang).toBeNull();
    expect(comment?.createdAt).toBe(Math.floor((T0 - 600_000) / 1000) * 1000);
    expect(story?.text).toBe('Show HN: An open-source BOM tool (works with Acme Widgets catalog)');
    expect(story?.engagement).toEqual({ likes: 12, replies: 3 });
  });

  it('pages with page/nbPages on backfill and stops at maxPosts', async () => {
    const f = await fake();
    for (let i = 0; i < 250; i++) f.hits.push(hnComment(1000 + i, T0 - 50 * 60_000 + i * 1000, `comment ${i}`));
    const h = harness();
    await h.poller([adapter(f.url)], { backfill: BACKFILL }).pollNow('hn');
    expect(f.server.requests.map((r) => r.url.searchParams.get('page'))).toEqual(['0', '1', '2']);
    expect(h.store.posts.size).toBe(250);

    const f2 = await fake();
    for (let i = 0; i < 250; i++) f2.hits.push(hnComment(1000 + i, T0 - 50 * 60_000 + i * 1000, `comment ${i}`));
    const h2 = harness();
    await h2.poller([adapter(f2.url)], { backfill: { maxPosts: 120, maxAgeMs: 3_600_000 } }).pollNow('hn');
    expect(h2.store.posts.size).toBe(120);
    expect(f2.server.requests).toHaveLength(2);
    // The newest 120 are kept.
    expect(Math.min(...[...h2.store.posts.values()].map((p) => Number(p.externalId)))).toBe(1130);
  });

  it('resumes after a restart from the persisted cursor without re-reading', async () => {
    const f = await fake();
    f.hits.push(hnComment(1, T0 - 60_000, 'first'));
    const h = harness();
    await h.poller([adapter(f.url)], { backfill: BACKFILL }).pollNow('hn');
    expect(h.store.posts.size).toBe(1);

    f.hits.push(hnComment(2, T0 + 30_000, 'second'), hnComment(3, T0 + 40_000, 'third'));
    h.clock.advance(60_000);
    // A new poller over the same state store is what a restart looks like.
    const out = await h.poller([adapter(f.url)], { backfill: BACKFILL }).pollNow('hn');
    expect(out.fetched).toBe(2);
    expect(h.store.delivered).toBe(3);
    expect(f.server.requests.at(-1)?.url.searchParams.get('numericFilters')).toBe(`created_at_i>${Math.floor((T0 - 60_000) / 1000)}`);
    const again = await h.poller([adapter(f.url)], { backfill: BACKFILL }).pollNow('hn');
    expect(again.fetched).toBe(0);
  });

  it('drains a burst larger than the page cap without a gap', async () => {
    const f = await fake();
    const h = harness();
    const a = adapter(f.url, { hitsPerPage: 10, maxPagesPerPoll: 2 });
    const p = h.poller([a], { backfill: BACKFILL });
    await p.pollNow('hn');
    for (let i = 0; i < 45; i++) f.hits.push(hnComment(5000 + i, T0 + 1000 + i * 1000, `burst ${i}`));
    h.clock.advance(60_000);
    const first = await p.pollNow('hn');
    expect(first.fetched).toBe(20);
    expect(first.hasMore).toBe(true);
    let guard = 0;
    let last = first;
    while (last.hasMore && guard++ < 10) last = await p.pollNow('hn');
    expect(h.store.posts.size).toBe(45);
    f.hits.push(hnComment(9999, T0 + 120_000, 'after the burst'));
    expect((await p.pollNow('hn')).fetched).toBe(1);
  });

  it('finishes draining a burst after restarts mid-drain, from the persisted bounds: every hit once', async () => {
    const f = await fake();
    const h = harness();
    const make = () => h.poller([adapter(f.url, { hitsPerPage: 10, maxPagesPerPoll: 2 })], { backfill: BACKFILL });
    f.hits.push(hnComment(1, T0 - 60_000, 'before'));
    await make().pollNow('hn');
    const last = Math.floor((T0 - 60_000) / 1000);
    for (let i = 0; i < 45; i++) f.hits.push(hnComment(5000 + i, T0 + 1000 + i * 1000, `burst ${i}`));
    h.clock.advance(60_000);
    const first = await make().pollNow('hn');
    expect(first.fetched).toBe(20);
    expect(first.hasMore).toBe(true);
    const saved = JSON.parse(h.states.data.get('hn')?.cursor ?? '{}') as { ahead: { last: number; upto: number; top: number } };
    const burst = { last, upto: Math.floor((T0 + 1000 + 25_000) / 1000), top: Math.floor((T0 + 45_000) / 1000) };
    expect(saved).toEqual({ v: 2, ahead: burst, behind: null, fwd: null });
    let out = first;
    let drainPolls = 0;
    for (let i = 0; i < 10 && out.hasMore; i++, drainPolls++) {
      // A restart between every page of the drain; a new comment arrives meanwhile.
      if (i === 0) f.hits.push(hnComment(9000, T0 + 90_000, 'during the drain'));
      out = await make().pollNow('hn');
      expect(out.ok).toBe(true);
      expect(f.server.requests.at(-1)?.url.searchParams.get('numericFilters')).toMatch(
        new RegExp(`^created_at_i>${last},created_at_i<=\\d+$`),
      );
    }
    expect(h.store.posts.size).toBe(46);
    expect(JSON.parse(h.states.data.get('hn')?.cursor ?? '{}')).toEqual({ v: 2, ahead: { last: burst.top }, behind: null, fwd: null });
    const after = await make().pollNow('hn');
    expect(after.fetched).toBe(1);
    expect(after.sample[0]?.externalId).toBe('9000');
    expect(h.store.posts.size).toBe(47);
    expect([...h.store.posts.values()].map((x) => x.externalId).sort()).toEqual(
      ['1', '9000', ...Array.from({ length: 45 }, (_, i) => String(5000 + i))].sort(),
    );
    // Each drain step re-reads its upper second (`<=upto`) so hits sharing it are not skipped;
    // that re-delivers at most the boundary hit, which the store drops by (source, objectID).
    expect(h.store.delivered).toBeLessThanOrEqual(47 + drainPolls);
  });

  it('reads new hits at the interval while history still drains, then finishes the history', async () => {
    const f = await fake();
    const at = (i: number) => T0 - 50 * 60_000 + i * 1000;
    for (let i = 0; i < 60; i++) f.hits.push(hnComment(1000 + i, at(i), `history ${i}`));
    const h = harness();
    const p = h.poller([adapter(f.url, { hitsPerPage: 10, maxPagesPerPoll: 2 })], { intervalMs: 60_000, backfill: BACKFILL });
    const filters = () => f.server.requests.at(-1)?.url.searchParams.get('numericFilters') ?? '';
    expect((await p.pollNow('hn')).hasMore).toBe(true);
    h.clock.advance(59_000);
    // Not yet an interval since the newest hits were read: history goes on.
    await p.pollNow('hn');
    expect(filters()).toMatch(/,created_at_i<=\d+$/);
    f.hits.push(hnComment(9001, h.clock.now() - 2_000, 'live'), hnComment(9002, h.clock.now() - 1_000, 'live'));
    const history = p.status('hn').backfill;
    expect(history?.fetched).toBeGreaterThan(0);
    h.clock.advance(1_000);
    const forward = await p.pollNow('hn');
    expect(filters()).toBe(`created_at_i>${Math.floor(at(59) / 1000)}`);
    expect(forward.fetched).toBe(2);
    expect(forward.hasMore).toBe(true);
    // Live hits are not history: "Fetching history… N posts" must not count them.
    expect(forward.status.backfill).toEqual(history);
    const polls = await pollUntilDone(p, 'hn');
    expect(polls).toBeLessThan(20);
    expect(h.store.posts.size).toBe(62);
    // Each history step re-reads its upper second (see the burst test above): at most one hit each.
    expect(h.store.delivered).toBeLessThanOrEqual(62 + polls + 2);
    const last = Math.floor((T0 + 59_000 - 1_000) / 1000);
    expect(JSON.parse(h.states.data.get('hn')?.cursor ?? '{}')).toEqual({ v: 2, ahead: { last }, behind: null, fwd: null });
  });

  it('resumes a history drain written before interleaving: live hits first, then the rest of history', async () => {
    const f = await fake();
    const at = (i: number) => T0 - 50 * 60_000 + i * 1000;
    for (let i = 0; i < 60; i++) f.hits.push(hnComment(1000 + i, at(i), `history ${i}`));
    const h = harness();
    // What the old code saved after reading the newest 20 (hits 59..40) of a first start.
    const old = {
      v: 1,
      last: Math.floor((T0 - 3_600_000) / 1000),
      upto: Math.floor(at(40) / 1000),
      top: Math.floor(at(59) / 1000),
      left: 480,
    };
    h.states.save('hn', { ...emptyState(), cursor: JSON.stringify(old), backfill: { fetched: 20 } });
    h.clock.advance(10_000);
    f.hits.push(hnComment(9001, T0 + 1_000, 'live'), hnComment(9002, T0 + 2_000, 'live'));
    const p = h.poller([adapter(f.url, { hitsPerPage: 10, maxPagesPerPoll: 2 })], { intervalMs: 60_000, backfill: BACKFILL });
    const first = await p.pollNow('hn');
    expect(first.fetched).toBe(2);
    expect(first.sample.map((x) => x.externalId).sort()).toEqual(['9001', '9002']);
    expect(await pollUntilDone(p, 'hn')).toBeLessThan(20);
    // Hit 40 sat on the old upper bound, which is re-read: it and the 40 older ones, plus the 2 live.
    expect(h.store.posts.size).toBe(43);
    expect(Math.min(...[...h.store.posts.values()].map((x) => Number(x.externalId)))).toBe(1000);
    expect(p.status('hn').backfill).toBeUndefined();
  });

  it('keeps maxPosts when a first-start backfill of short pages takes several polls', async () => {
    const f = await startHnFake({ pageCap: 20 });
    cleanups.push(() => f.close());
    for (let i = 0; i < 130; i++) f.hits.push(hnComment(1000 + i, T0 - 50 * 60_000 + i * 1000, `comment ${i}`));
    const h = harness();
    const p = h.poller([adapter(f.url, { maxPagesPerPoll: 3 })], { backfill: { maxPosts: 70, maxAgeMs: 3_600_000 } });
    const polls: boolean[] = [];
    for (let i = 0; i < 5 && polls.at(-1) !== false; i++) polls.push((await p.pollNow('hn')).hasMore);
    expect(polls).toEqual([true, false]);
    expect(h.store.delivered).toBe(70);
    // The newest ones; the second poll re-reads its upper second, so one may be delivered twice.
    expect(h.store.posts.size).toBeGreaterThanOrEqual(69);
    expect(Math.min(...[...h.store.posts.values()].map((x) => Number(x.externalId)))).toBeGreaterThanOrEqual(1060);
  });

  it('steps past a second it cannot get beyond instead of asking for the same page forever', async () => {
    const f = await fake();
    const page = { hits: [hnComment(2, T0 - 60_000, 'two'), hnComment(1, T0 - 120_000, 'one')], page: 0, nbPages: 99 };
    f.server.inject({ kind: 'status', status: 200, body: page }, 20);
    const h = harness();
    const p = h.poller([adapter(f.url, { maxPagesPerPoll: 3 })], { backfill: BACKFILL });
    const more: boolean[] = [];
    for (let i = 0; i < 4; i++) more.push((await p.pollNow('hn')).hasMore);
    expect(more).toEqual([true, true, false, false]);
    expect(h.store.posts.size).toBe(2);
  });

  describe('against a search that serves short pages', () =>
    shortPageSuite({
      name: 'hn',
      start: async (_h, pageCap) => {
        const f = await startHnFake({ pageCap });
        let id = 1;
        return {
          url: f.url,
          add: (n, atMs) => f.hits.push(...Array.from({ length: n }, (_, i) => hnComment(id++, atMs + i * 1000, `comment ${id}`))),
          close: () => f.close(),
        };
      },
      // Three pages per poll, so a backfill of more than three short pages has to go on in the next poll.
      adapter: (url) => adapter(url, { maxPagesPerPoll: 3 }),
    }));

  it('dedupes an objectID served twice while pages shift', async () => {
    const f = await fake();
    const dup = hnComment(7, T0 - 60_000, 'dup');
    f.hits.push(dup, { ...dup }, hnComment(8, T0 - 50_000, 'other'));
    const h = harness();
    const out = await h.poller([adapter(f.url)], { backfill: BACKFILL }).pollNow('hn');
    expect(out.fetched).toBe(2);
  });

  it('turns 429, 400 and 5xx {message} bodies into source states, then recovers', async () => {
    const f = await fake();
    f.hits.push(hnComment(1, T0 - 60_000, 'hello'));
    const h = harness();
    const p = h.poller([adapter(f.url)], { backfill: BACKFILL });
    f.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '30' }, body: { message: 'Too many requests' } });
    const limited = await p.pollNow('hn');
    expect(limited.error?.kind).toBe('rate_limited');
    expect(limited.status.health).toBe('degraded');
    expect(h.states.data.get('hn')?.retryAt).toBe(h.clock.now() + 30_000);

    f.server.inject({ kind: 'status', status: 400, body: { message: 'invalid numeric filter' } });
    const bad = await p.pollNow('hn');
    expect(bad.error?.kind).toBe('config');
    expect(bad.error?.message).toMatch(/invalid numeric filter/);

    f.server.inject({
      kind: 'status',
      status: 503,
      body: '<html><body><h1>503</h1></body></html>',
      headers: { 'content-type': 'text/html' },
    });
    expect((await p.pollNow('hn')).error?.kind).toBe('server');

    const ok = await p.pollNow('hn');
    expect(ok.ok).toBe(true);
    expect(h.store.posts.size).toBe(1);
  });

  it('reports malformed bodies and skips single bad hits', async () => {
    const f = await fake();
    const h = harness();
    const p = h.poller([adapter(f.url)], { backfill: BACKFILL });
    f.server.inject({ kind: 'truncated' });
    expect((await p.pollNow('hn')).error?.kind).toBe('malformed');
    f.server.inject({ kind: 'html' });
    expect((await p.pollNow('hn')).error?.kind).toBe('malformed');
    f.server.inject({ kind: 'status', status: 200, body: { hits: 'nope' } });
    expect((await p.pollNow('hn')).error?.message).toMatch(/hits/);

    f.hits.push(hnComment(1, T0 - 60_000, 'fine'));
    f.hits.push({ ...hnComment(2, T0 - 50_000, 'broken'), objectID: '' });
    f.hits.push(hnComment(3, T0 - 40_000, '<script>alert(1)</script><p>Is <b>Acme</b> down?</p><style>p{}</style>'));
    const out = await p.pollNow('hn');
    expect(out.ok).toBe(true);
    const texts = [...h.store.posts.values()].map((x) => x.text).sort();
    expect(texts).toEqual(['Is Acme down?', 'fine']);
  });

  it('rejects a huge body without reading it all', async () => {
    const f = await fake();
    const h = harness({ maxBodyBytes: 1_048_576 });
    f.server.inject({ kind: 'huge', bytes: 50 * 1_048_576 });
    const out = await h.poller([adapter(f.url)], { backfill: BACKFILL }).pollNow('hn');
    expect(out.error?.kind).toBe('too_large');
    expect(f.server.hugeBytesSent).toBeLessThan(20 * 1_048_576);
  });
});
