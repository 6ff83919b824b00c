import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Bucket } from '../../../shared/domain.js';
import { createDetector, step, stepInPlace, type DetectorState, type Verdict } from '../../../main/detect/detector.js';
import { nbDeviance, upperTailNats } from '../../../main/detect/countTail.js';
import { SENSITIVITY_LEVELS } from '../../../main/detect/lifecycle.js';
import { dailySeries } from './synthetic.js';

const OPEN = SENSITIVITY_LEVELS.medium.open;

function run(buckets: readonly Bucket[], state: DetectorState = createDetector()): Verdict[] {
  return buckets.map((b) => stepInPlace(state, b));
}

describe('count tails', () => {
  it('treats one post against a tiny expectation as weak evidence, many as strong', () => {
    expect(upperTailNats(1, 0.05, 0.1)).toBeLessThan(3);
    expect(upperTailNats(20, 0.5, 0.1)).toBeGreaterThan(10);
    expect(nbDeviance(5, 5, 0.2)).toBeCloseTo(0, 9);
  });
});

describe('detector purity', () => {
  it('step never mutates the state it is given and is deterministic', () => {
    const buckets = dailySeries({ days: 3, bucketMinutes: 5, mean: 20, seed: 1 });
    let a = createDetector();
    let b = createDetector();
    for (const bucket of buckets) {
      const before = JSON.stringify({ ...a, slotSum: [...a.slotSum], ringCount: [...a.ringCount] });
      const ra = step(a, bucket);
      expect(JSON.stringify({ ...a, slotSum: [...a.slotSum], ringCount: [...a.ringCount] })).toBe(before);
      const rb = step(b, bucket);
      expect(ra.verdict).toEqual(rb.verdict);
      a = ra.state;
      b = rb.state;
    }
  });

  it('stepInPlace and step give identical verdicts', () => {
    const buckets = dailySeries({ days: 2, bucketMinutes: 1, mean: 3, seed: 2 });
    let s = createDetector();
    const pure = buckets.map((bk) => {
      const r = step(s, bk);
      s = r.state;
      return r.verdict;
    });
    expect(run(buckets)).toEqual(pure);
  });

  it('has no look-ahead: appending future buckets never changes past verdicts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat({ max: 5000 }), { minLength: 1, maxLength: 100 }),
        fc.constantFrom(1, 5),
        (past, future, width) => {
          const toBuckets = (xs: number[], offset: number): Bucket[] =>
            xs.map((count, i) => ({ minute: 1000 + (offset + i) * width, count }));
          const cfg = { warmupMinutes: 0 };
          const alone = run(toBuckets(past, 0), createDetector(cfg));
          const extended = run([...toBuckets(past, 0), ...toBuckets(future, past.length)], createDetector(cfg));
          expect(extended.slice(0, past.length)).toEqual(alone);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('detector behaviour', () => {
  it('keeps scores in [0,1] and explains itself with finite math', () => {
    for (const v of run(dailySeries({ days: 4, bucketMinutes: 5, mean: 40, seed: 3 }))) {
      expect(v.score).toBeGreaterThanOrEqual(0);
      expect(v.score).toBeLessThan(1);
      expect(v.onset).toBeLessThanOrEqual(v.score + 1e-12);
      expect(Number.isFinite(v.expected) && Number.isFinite(v.bandHigh) && v.bandLow <= v.bandHigh).toBe(true);
    }
  });

  it('says how much history its expectation has learned from, gaps filled with zeros included', () => {
    const state = createDetector();
    const first = stepInPlace(state, { minute: 0, count: 3 });
    expect(first.historyMinutes).toBe(0);
    expect(stepInPlace(state, { minute: 5, count: 4 }).historyMinutes).toBe(10);
    // An hour without buckets is an hour of zeros the expectation learned from too.
    expect(stepInPlace(state, { minute: 70, count: 2 }).historyMinutes).toBe(75);
  });

  it('does not page on a near-zero series (mostly zeros, stray posts)', () => {
    const buckets = dailySeries({ days: 14, bucketMinutes: 5, mean: 0.25, seed: 4 });
    const verdicts = run(buckets);
    const max = Math.max(...verdicts.map((v) => v.score));
    expect(max).toBeLessThan(OPEN);
  });

  it('catches a clear surge within a few buckets, on 5-minute and 1-minute buckets', () => {
    for (const width of [5, 1]) {
      const buckets = dailySeries({ days: 6, bucketMinutes: width, mean: 8 * (width / 5), seed: 5 + width });
      const at = buckets.length - Math.floor(120 / width);
      for (let i = at; i < buckets.length; i++) buckets[i] = { ...buckets[i]!, count: buckets[i]!.count * 6 + 10 };
      const verdicts = run(buckets);
      const firstAlarm = verdicts.findIndex((v, i) => i >= at && v.score >= OPEN);
      expect(firstAlarm, `width ${width}`).toBeGreaterThanOrEqual(at);
      expect((firstAlarm - at) * width, `width ${width}`).toBeLessThanOrEqual(15);
      expect(verdicts.slice(0, at).filter((v) => v.onset >= OPEN).length).toBeLessThanOrEqual(1);
      expect(verdicts[firstAlarm]?.direction).toBe('up');
    }
  });

  it('sees a drop to silence on a busy series', () => {
    const buckets = dailySeries({ days: 5, bucketMinutes: 5, mean: 50, seed: 9 });
    const at = buckets.length - 36;
    for (let i = at; i < buckets.length; i++) buckets[i] = { ...buckets[i]!, count: 0 };
    const verdicts = run(buckets);
    expect(verdicts.slice(at).some((v) => v.direction === 'down' && v.score > 0.2)).toBe(true);
  });

  it('infers the bucket width, fills gaps with zeros and ignores late buckets', () => {
    const s = createDetector();
    stepInPlace(s, { minute: 100, count: 3 });
    stepInPlace(s, { minute: 105, count: 3 });
    expect(s.bucketMinutes).toBe(5);
    const before = s.buckets;
    stepInPlace(s, { minute: 125, count: 3 });
    expect(s.buckets - before).toBe(4);
    expect(stepInPlace(s, { minute: 110, count: 50 }).late).toBe(true);
  });

  it('keeps state bounded by the season and the longest window', () => {
    const s = createDetector();
    run(dailySeries({ days: 10, bucketMinutes: 1, mean: 2, seed: 10 }), s);
    expect(s.ringCount.length).toBe(240);
    expect(s.slotSum.length).toBe(24);
  });
});
