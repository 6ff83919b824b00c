import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../../main/lib/tokenBucket.js';

describe('token bucket', () => {
  it('gives a burst, then refills at its rate, never above the burst', () => {
    let now = 1_000_000;
    const bucket = createTokenBucket(3, 2, () => now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
    now += 499;
    expect(bucket.tryTake()).toBe(false);
    now += 1;
    expect(bucket.tryTake()).toBe(true);
    now += 60_000;
    expect(bucket.tryTake(3)).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });

  it('spend goes below zero and says how long until it is back', () => {
    let now = 0;
    const bucket = createTokenBucket(4 * 1024, 1024, () => now);
    expect(bucket.spend(4 * 1024)).toBe(0);
    expect(bucket.spend(1024)).toBe(1_000);
    expect(bucket.tryTake()).toBe(false);
    now += 500;
    expect(bucket.spend(0)).toBe(500);
    now += 500;
    expect(bucket.spend(0)).toBe(0);
  });

  it('msUntil says how long until it holds that much, spending nothing', () => {
    let now = 0;
    const bucket = createTokenBucket(10, 5, () => now);
    expect(bucket.msUntil(10)).toBe(0);
    bucket.spend(20);
    expect(bucket.msUntil()).toBe(2_200);
    expect(bucket.msUntil()).toBe(2_200);
    now += 2_200;
    expect(bucket.msUntil()).toBe(0);
    expect(bucket.msUntil(2)).toBe(200);
  });
});
