import { describe, expect, it } from 'vitest';
import { afterForward, afterHistory, forwardDue } from '../../../main/sources/interleave.js';
import type { PollContext } from '../../../main/sources/types.js';
import { T0 } from './harness.js';

const ctx = (now: number, intervalMs?: number): PollContext => ({
  http: { request: () => Promise.reject(new Error('no network in this test')) },
  now: () => now,
  cursor: null,
  backfill: { maxPosts: 500, maxAgeMs: 3_600_000 },
  ...(intervalMs === undefined ? {} : { intervalMs }),
});

describe('forwardDue', () => {
  it('is due at once without a mark, and again an interval after the last forward read', () => {
    expect(forwardDue(null, ctx(T0, 30_000))).toBe(true);
    const mark = afterHistory(afterForward(ctx(T0), false), ctx(T0));
    expect(forwardDue(mark, ctx(T0 + 29_999, 30_000))).toBe(false);
    expect(forwardDue(mark, ctx(T0 + 30_000, 30_000))).toBe(true);
  });

  it('falls back to a minute when the caller gives no interval', () => {
    const mark = afterForward(ctx(T0), false);
    expect(forwardDue(mark, ctx(T0 + 59_999))).toBe(false);
    expect(forwardDue(mark, ctx(T0 + 60_000))).toBe(true);
  });

  it('alternates with history while forward reads leave pages waiting, so neither starves', () => {
    const busy = afterForward(ctx(T0, 60_000), true);
    expect(forwardDue(busy, ctx(T0 + 1_000, 60_000))).toBe(false);
    expect(forwardDue(afterHistory(busy, ctx(T0 + 1_000)), ctx(T0 + 2_000, 60_000))).toBe(true);
  });

  it('reads forward when the clock was set back rather than waiting for it to catch up', () => {
    expect(forwardDue(afterForward(ctx(T0), false), ctx(T0 - 3_600_000, 60_000))).toBe(true);
  });
});
