import { describe, expect, it } from 'vitest';
import { sourceStatusSchema, type NormalizedPost } from '../../../shared/domain.js';
import { Poller, type PollerDeps, memoryStateStore } from '../../../main/sources/poller.js';
import { type HttpClient, type PollContext, type PollResult, type SourceAdapter, SourceError } from '../../../main/sources/types.js';
import { FakeClock } from '../../fixtures/fakes/clock.js';
import { T0, memorySink } from './harness.js';

const post = (source: string, id: string, createdAt: number): NormalizedPost => ({
  source,
  externalId: id,
  url: null,
  author: 'a',
  text: 't',
  lang: null,
  createdAt,
  fetchedAt: createdAt,
  engagement: {},
});

/** An adapter driven by a script: each poll calls `next(ctx, n)`. */
function scripted(
  name: string,
  next: (ctx: PollContext, n: number) => Promise<PollResult> | PollResult,
): SourceAdapter & { calls: number; cursors: (string | null)[] } {
  const a = {
    type: 'mastodon' as const,
    name,
    calls: 0,
    cursors: [] as (string | null)[],
    async poll(ctx: PollContext) {
      a.cursors.push(ctx.cursor);
      return next(ctx, a.calls++);
    },
  };
  return a;
}

const noHttp: HttpClient = { request: () => Promise.reject(new Error('no network in this test')) };

function setup(over: Partial<PollerDeps> = {}) {
  const clock = new FakeClock(T0);
  const states = memoryStateStore();
  const store = memorySink();
  const deps: PollerDeps = { clock, http: noHttp, sink: (b) => store.sink(b), stateStore: states, random: () => 0.5, ...over };
  return { clock, states, store, deps, make: () => new Poller(deps) };
}

async function run(clock: FakeClock, poller: Poller, ms: number, step = 1_000): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    await poller.idle();
  }
}

/**
 * A running poller with one source polled every minute whose every poll makes one request and
 * says more pages wait; each response carries the rate-limit headers `headers` gives then.
 */
async function startPaging(headers: () => Record<string, string>) {
  const http: HttpClient = { request: async (url) => ({ status: 200, headers: headers(), body: '{}', url }) };
  const { clock, make } = setup({ http });
  const a = scripted('a', async (ctx, n) => {
    await ctx.http.request('http://127.0.0.1/');
    return { posts: [], cursor: String(n), hasMore: true };
  });
  const p = make();
  p.add(a, { intervalMs: 60_000 });
  p.start();
  clock.advance(0);
  await p.idle();
  return { clock, p };
}

describe('Poller', () => {
  it("counts today's posts in 'posts today', not a first poll's history or a repeat", async () => {
    const midnight = new Date(T0).setHours(0, 0, 0, 0);
    const now = midnight + 10 * 3_600_000;
    const { deps, make } = setup({ clock: new FakeClock(now) });
    const p = make();
    const batches = [
      // A first poll brings two days of history with three posts of today.
      [
        post('a', 'old1', midnight - 30 * 3_600_000),
        post('a', 'old2', midnight - 60_000),
        post('a', 't1', midnight),
        post('a', 't2', now - 60_000),
        post('a', 't3', now),
      ],
      // The next repeats one it already had and brings one new.
      [post('a', 't3', now), post('a', 't4', now + 1_000)],
      [post('a', 'old3', midnight - 1), post('a', 't5', now)],
    ];
    p.add(scripted('a', (_ctx, n) => ({ posts: batches[n] ?? [], cursor: null, hasMore: false })));
    await p.pollNow('a');
    expect(p.status('a').postsToday).toBe(3);
    await p.pollNow('a');
    expect(p.status('a').postsToday).toBe(4);
    // A store that cannot say when its posts were written: every new one counts, as before.
    deps.sink = () => ({ inserted: 2 });
    await p.pollNow('a');
    expect(p.status('a').postsToday).toBe(6);
  });

  it('persists the cursor only after the sink accepted the posts', async () => {
    let fail = true;
    const { clock, states, deps } = setup();
    const sinkCalls: number[] = [];
    deps.sink = (b) => {
      sinkCalls.push(b.length);
      if (fail) throw new Error('disk full');
      return { inserted: b.length };
    };
    const a = scripted('a', (ctx, n) => ({ posts: [post('a', `p${n}`, clock.now() - 1)], cursor: `c${n + 1}` }));
    const p = new Poller(deps);
    p.add(a);
    const out = await p.pollNow('a');
    expect(out.error).toEqual({ kind: 'store', message: 'Could not store posts: disk full' });
    expect(states.data.get('a')?.cursor).toBeNull();
    fail = false;
    await p.pollNow('a');
    expect(a.cursors).toEqual([null, null]);
    expect(states.data.get('a')?.cursor).toBe('c2');
    // A restart resumes from the stored cursor.
    const p2 = new Poller(deps);
    const b = scripted('a', () => ({ posts: [], cursor: null }));
    p2.add(b);
    await p2.pollNow('a');
    expect(b.cursors).toEqual(['c2']);
    expect(states.data.get('a')?.cursor).toBe('c2');
  });

  it('keeps a 429 storm from hot-looping and from delaying other sources', async () => {
    const { clock, store, make } = setup();
    const storm = scripted('storm', () => {
      throw new SourceError('rate_limited', 'Mastodon rate limit reached', null);
    });
    const zero = scripted('zero', (ctx) => {
      throw new SourceError('rate_limited', 'says now', ctx.now());
    });
    const calm = scripted('calm', (ctx, n) => ({ posts: [post('calm', `c${n}`, ctx.now())], cursor: String(n) }));
    const p = make();
    p.add(storm, { intervalMs: 5_000 });
    p.add(zero, { intervalMs: 5_000 });
    p.add(calm, { intervalMs: 10_000 });
    p.start();
    await run(clock, p, 10 * 60_000);
    expect(storm.calls).toBeLessThanOrEqual(11);
    expect(zero.calls).toBeLessThanOrEqual(601);
    expect(calm.calls).toBeGreaterThanOrEqual(60);
    expect(store.posts.size).toBe(calm.calls);
    expect(p.status('storm').health).toBe('degraded');
    expect(p.status('calm').health).toBe('ok');
    await p.stop();
    expect(clock.pending()).toBe(0);
  });

  it('polls again soon when more pages wait, but respects an exhausted rate-limit window', async () => {
    const reset = Math.floor(T0 / 1000) + 300;
    let remaining = '10';
    const { clock, p } = await startPaging(() => ({ 'x-rate-limit-remaining': remaining, 'x-rate-limit-reset': String(reset) }));
    expect(p.status('a').nextPollAt).toBe(T0 + 1_000);
    remaining = '0';
    clock.advance(1_000);
    await p.idle();
    expect(p.status('a').nextPollAt).toBe(reset * 1000);
    expect(p.status('a').health).toBe('ok');
    await p.stop();
  });

  it("tells the adapter the source's interval, so it knows when a forward read is due mid-backfill", async () => {
    const { make } = setup();
    const seen: (number | undefined)[] = [];
    const a = scripted('a', (ctx) => {
      seen.push(ctx.intervalMs);
      return { posts: [], cursor: 'x' };
    });
    const p = make();
    p.add(a, { intervalMs: 45_000 });
    await p.pollNow('a');
    expect(seen).toEqual([45_000]);
  });

  it('pages history a second apart until only what forward reads need before the reset is left, then at the interval', async () => {
    const reset = Math.floor(T0 / 1000) + 15 * 60;
    let remaining = 40;
    const { clock, p } = await startPaging(() => {
      remaining -= 1;
      return { 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(reset) };
    });
    expect(p.status('a').nextPollAt).toBe(T0 + 1_000);
    // 15 minutes to the reset at one forward read a minute: 16 requests are kept for them.
    await run(clock, p, 23_000);
    expect(remaining).toBe(16);
    expect((p.status('a').nextPollAt ?? 0) - clock.now()).toBe(60_000);
    await p.stop();
  });

  it('backs off transient errors, goes failing after three, retries hard errors slowly, and records the gap', async () => {
    const { clock, make } = setup();
    let mode: 'server' | 'auth' | 'ok' = 'server';
    const a = scripted('a', (ctx) => {
      if (mode === 'ok') return { posts: [post('a', String(ctx.now()), ctx.now() - 30_000)], cursor: 'x' };
      throw new SourceError(
        mode,
        mode === 'auth' ? 'Mastodon rejected the credentials (HTTP 401)' : 'Mastodon is having trouble (HTTP 503)',
      );
    });
    const p = make();
    p.add(a, { intervalMs: 30_000 });
    const health: string[] = [];
    for (let i = 0; i < 3; i++) health.push((await p.pollNow('a')).status.health);
    expect(health).toEqual(['degraded', 'degraded', 'failing']);
    expect(p.status('a').lastError).toBe('Mastodon is having trouble (HTTP 503)');
    mode = 'auth';
    p.start();
    clock.advance(60_000);
    await p.idle();
    expect(p.status('a').health).toBe('failing');
    expect((p.status('a').nextPollAt ?? 0) - clock.now()).toBeGreaterThanOrEqual(5 * 60_000);
    mode = 'ok';
    clock.advance(60 * 60_000);
    await p.idle();
    const s = p.status('a');
    expect(s.health).toBe('ok');
    expect(s.lastError).toBeNull();
    expect(s.lagSeconds).toBe(0);
    expect(s.postsToday).toBe(1);
    const gaps = p.gaps('a');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ start: T0, reason: 'Mastodon is having trouble (HTTP 503)' });
    expect(gaps[0]?.end).toBe(clock.now());
    await p.stop();
  });

  it('remembers a rate-limit wait across a restart', async () => {
    const { clock, deps } = setup();
    const a = scripted('a', (ctx) => {
      throw new SourceError('rate_limited', 'X rate limit reached', ctx.now() + 600_000);
    });
    const p = new Poller(deps);
    p.add(a);
    await p.pollNow('a');
    const p2 = new Poller(deps);
    const b = scripted('a', () => ({ posts: [], cursor: null }));
    p2.add(b);
    p2.start();
    expect(p2.status('a').nextPollAt).toBe(T0 + 600_000);
    expect(p2.status('a').health).toBe('degraded');
    expect(p2.state('a')).toMatchObject({ lastErrorKind: 'rate_limited', retryAt: T0 + 600_000 });
    clock.advance(599_000);
    await p2.idle();
    expect(b.calls).toBe(0);
    clock.advance(1_000);
    await p2.idle();
    expect(b.calls).toBe(1);
    await p2.stop();
  });

  it('pauses, resumes, and still runs a Test while paused', async () => {
    const { clock, make } = setup();
    const a = scripted('a', (ctx, n) => ({ posts: [post('a', String(n), ctx.now())], cursor: null }));
    const p = make();
    p.add(a, { intervalMs: 10_000 });
    p.start();
    p.pause('a');
    await run(clock, p, 60_000, 10_000);
    expect(a.calls).toBe(0);
    expect(p.status('a').health).toBe('paused');
    const test = await p.pollNow('a');
    expect(test.sample).toHaveLength(1);
    expect(p.status('a').nextPollAt).toBeNull();
    p.resume('a');
    await run(clock, p, 30_000, 10_000);
    expect(a.calls).toBeGreaterThanOrEqual(3);
    await p.stop();
  });

  it('turns adapter bugs and junk results into source state, never a crash', async () => {
    const { make } = setup();
    const p = make();
    p.add(
      scripted('boom', () => {
        throw new TypeError("Cannot read properties of undefined (reading 'id')");
      }),
    );
    p.add(scripted('junk', () => null as unknown as PollResult));
    const boom = await p.pollNow('boom');
    expect(boom.error?.kind).toBe('internal');
    expect(boom.status.lastError).toMatch(/^Unexpected problem while reading boom: Cannot read/);
    expect((await p.pollNow('junk')).error?.kind).toBe('internal');
  });

  it("says a first start is still fetching history while its pages last, across a restart, and not a later catch-up's or a webhook's", async () => {
    const { states, deps } = setup();
    const page = (cursor: string | null, ctx: PollContext): PollResult => {
      const n = cursor === null ? 0 : Number(cursor);
      // Pages of 3, 2 and 1 posts back to the floor; then one catch-up that also has more.
      const sizes = [3, 2, 1, 4];
      const posts = Array.from({ length: sizes[n] ?? 0 }, (_, i) => post('a', `${n}-${i}`, ctx.now() - i));
      return { posts, cursor: String(n + 1), hasMore: n !== 2 && n < 4 };
    };
    const first = new Poller(deps);
    first.add(scripted('a', (ctx) => page(ctx.cursor, ctx)));
    expect(first.status('a').backfill).toBeUndefined();
    await first.pollNow('a');
    expect(first.status('a').backfill).toEqual({ fetched: 3 });
    await first.pollNow('a');
    expect(sourceStatusSchema.parse(first.status('a')).backfill).toEqual({ fetched: 5 });
    expect(states.data.get('a')?.backfill).toEqual({ fetched: 5 });

    const again = new Poller(deps);
    again.add(scripted('a', (ctx) => page(ctx.cursor, ctx)));
    expect(again.status('a').backfill).toEqual({ fetched: 5 });
    const last = await again.pollNow('a');
    expect(last.hasMore).toBe(false);
    expect(last.status.backfill).toBeUndefined();
    expect((await again.pollNow('a')).hasMore).toBe(true);
    expect(again.status('a').backfill).toBeUndefined();

    const hook = { ...scripted('hook', (ctx) => page(ctx.cursor, ctx)), type: 'webhook' as const };
    again.add(hook);
    expect((await again.pollNow('hook')).status.backfill).toBeUndefined();
  });

  it('counts only history posts in "fetching history", not the live posts read between its pages', async () => {
    const { make } = setup();
    // History pages of 3 and 2 with forward reads of 4 and 5 live posts between, as interleaving
    // does; the last history page ends the backfill.
    const script: { history: boolean; size: number; hasMore: boolean }[] = [
      { history: true, size: 3, hasMore: true },
      { history: false, size: 4, hasMore: true },
      { history: true, size: 2, hasMore: true },
      { history: false, size: 5, hasMore: true },
      { history: true, size: 1, hasMore: false },
    ];
    const a = scripted('a', (ctx, n) => {
      const step = script[n] ?? { history: false, size: 0, hasMore: false };
      const posts = Array.from({ length: step.size }, (_, i) => post('a', `${n}-${i}`, ctx.now() - i));
      return { posts, cursor: String(n + 1), hasMore: step.hasMore, historyPosts: step.history ? posts.length : 0 };
    });
    const p = make();
    p.add(a);
    const seen: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) seen.push((await p.pollNow('a')).status.backfill?.fetched);
    expect(seen).toEqual([3, 3, 5, 5]);
    expect((await p.pollNow('a')).status.backfill).toBeUndefined();
  });

  it('holds a wrong history count to the posts that came back, so the status stays valid', async () => {
    const { make } = setup();
    const counts = [7, -2, Number.NaN, 1.5];
    const a = scripted('a', (ctx, n) => ({
      posts: [post('a', String(n), ctx.now())],
      cursor: String(n + 1),
      hasMore: true,
      historyPosts: counts[n] ?? 0,
    }));
    const p = make();
    p.add(a);
    const seen: (number | undefined)[] = [];
    for (let i = 0; i < counts.length; i++) seen.push(sourceStatusSchema.parse((await p.pollNow('a')).status).backfill?.fetched);
    expect(seen).toEqual([1, 1, 1, 2]);
  });

  it('never runs two polls of one source at once', async () => {
    const { make } = setup();
    let release: () => void = () => undefined;
    const a = scripted('a', () => new Promise<PollResult>((r) => (release = () => r({ posts: [], cursor: null }))));
    const p = make();
    p.add(a);
    const one = p.pollNow('a');
    const two = p.pollNow('a');
    release();
    await Promise.all([one, two]);
    expect(a.calls).toBe(1);
  });
});
