import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToBucket, anchorMinute, isChartSeries, median, normalizeHistory, trimBefore } from '../../renderer/src/store/volume/buckets.js';
import type { Bucket } from '../../shared/domain.js';

describe('volume buckets', () => {
  it('adds to the last minute, appends a new one, and inserts a late one in order', () => {
    let buckets: Bucket[] = [];
    buckets = addToBucket(buckets, 10, 2);
    buckets = addToBucket(buckets, 10, 3);
    buckets = addToBucket(buckets, 12, 1);
    buckets = addToBucket(buckets, 11, 4);
    buckets = addToBucket(buckets, 11, 1);
    expect(buckets).toEqual([
      { minute: 10, count: 5 },
      { minute: 11, count: 5 },
      { minute: 12, count: 1 },
    ]);
  });

  it('never mutates its input', () => {
    const input = Object.freeze([Object.freeze({ minute: 1, count: 1 })]) as readonly Bucket[];
    expect(() => addToBucket(input, 1, 1)).not.toThrow();
    expect(input[0]!.count).toBe(1);
  });

  it('folding any sequence of increments equals summing per minute (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 50 })), { maxLength: 200 }), (incs) => {
        let buckets: Bucket[] = [];
        const expected = new Map<number, number>();
        for (const [minute, count] of incs) {
          buckets = addToBucket(buckets, minute, count);
          if (count > 0) expected.set(minute, (expected.get(minute) ?? 0) + count);
        }
        const sorted = [...expected.entries()].sort((a, b) => a[0] - b[0]).map(([minute, count]) => ({ minute, count }));
        expect(buckets).toEqual(sorted);
      }),
    );
  });

  it('trims to the window and returns the same array when nothing is dropped', () => {
    const buckets = [
      { minute: 1, count: 1 },
      { minute: 5, count: 2 },
      { minute: 9, count: 3 },
    ];
    expect(trimBefore(buckets, 5)).toEqual([
      { minute: 5, count: 2 },
      { minute: 9, count: 3 },
    ]);
    expect(trimBefore(buckets, 1)).toBe(buckets);
    expect(trimBefore([], 100)).toEqual([]);
  });

  it('normalizes history: sorted, merged, zeros dropped', () => {
    expect(
      normalizeHistory([
        { minute: 3, count: 1 },
        { minute: 1, count: 0 },
        { minute: 2, count: 4 },
        { minute: 3, count: 2 },
      ]),
    ).toEqual([
      { minute: 2, count: 4 },
      { minute: 3, count: 3 },
    ]);
  });

  it('anchors the window on now, on data ahead of the clock, or on stale data', () => {
    expect(anchorMinute(null, 1000, 180)).toBe(1000);
    expect(anchorMinute(995, 1000, 180)).toBe(1000);
    expect(anchorMinute(1005, 1000, 180)).toBe(1005);
    expect(anchorMinute(500, 1000, 180)).toBe(500);
  });

  it('charts only the total and per-source series', () => {
    expect(isChartSeries('total')).toBe(true);
    expect(isChartSeries('source:demo')).toBe(true);
    expect(isChartSeries('term:down')).toBe(false);
  });

  it('computes a median', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
