import { describe, expect, it } from 'vitest';
import { crossValidate, nestedCrossValidate } from './cv.js';
import type { ScoredSeries } from './scorer.js';

const minute = 60_000;
const ts = Array.from({ length: 2000 }, (_, i) => i * minute);
/** One window at rows 1000-1099; a detection at `hit` scored `score`, and false alarms. */
function file(name: string, hitScore: number, falseScores: number[]): ScoredSeries {
  const scores = ts.map((_, i) => (i === 1000 ? hitScore : i >= 1500 && i < 1500 + falseScores.length ? (falseScores[i - 1500] ?? 0) : 0));
  return { name, timestamps: ts, scores, windows: [[1000 * minute, 1099 * minute]] };
}

describe('leave-one-file-out', () => {
  it('chooses each held-out file’s threshold on the others only', () => {
    // a and b hit at 0.5 with no false alarms; c's hit scores only 0.3, below a false alarm at 0.4.
    const corpus = [file('a', 0.5, []), file('b', 0.5, []), file('c', 0.3, [0.4])];
    const [standard] = crossValidate([corpus], ['only']);
    const folds = standard?.folds ?? [];
    // Held out a or b, the rest include c: catching c's hit at 0.3 is worth its false alarm.
    // Held out c, a and b alone put the threshold at 0.5, and c's window is missed.
    expect(folds.map((f) => f.threshold)).toEqual([0.3, 0.3, 0.5]);
    expect(folds[2]?.raw).toBeCloseTo(-1, 9);
    // In-sample the threshold is 0.3 and every window is hit: the held-out score is lower.
    expect(standard?.inSampleThreshold).toBe(0.3);
    expect(standard?.cv ?? 0).toBeLessThan(standard?.inSample ?? 0);
  });

  it('picks the candidate that is best on the other files and scores the held-out file with it', () => {
    const good = [file('a', 0.9, []), file('b', 0.9, []), file('c', 0.9, [])];
    const bad = [file('a', 0, []), file('b', 0, []), file('c', 0, [])];
    const [standard] = crossValidate([bad, good], ['bad', 'good']);
    expect(standard?.folds.map((f) => f.chosen)).toEqual(['good', 'good', 'good']);
    expect(standard?.cv).toBeCloseTo(100, 6);
    expect(standard?.inSample).toBeCloseTo(100, 6);
  });

  it('lets a held-out file pay for a setting the others liked', () => {
    // Candidate x is perfect on a and b but misses c; y is mediocre everywhere.
    const x = [file('a', 0.9, []), file('b', 0.9, []), file('c', 0, [])];
    const y = [file('a', 0.9, [0.9, 0.9, 0.9]), file('b', 0.9, [0.9, 0.9, 0.9]), file('c', 0.9, [0.9, 0.9, 0.9])];
    const [standard] = crossValidate([x, y], ['x', 'y']);
    expect(standard?.folds.map((f) => f.chosen)).toEqual(['y', 'y', 'x']);
    expect(standard?.folds[2]?.raw).toBeCloseTo(-1, 9);
  });

  it('nested: judges a candidate by how its threshold transfers, not by how well it fits', () => {
    // f fits every set of files perfectly, but its hits sit at 0.9 on three files and 0.1 on d,
    // so a threshold chosen without d misses d. s hits at 0.9 everywhere with one false alarm.
    const f = [file('a', 0.9, []), file('b', 0.9, []), file('c', 0.9, []), file('d', 0.1, [])];
    const s = [file('a', 0.9, [0.9]), file('b', 0.9, [0.9]), file('c', 0.9, [0.9]), file('d', 0.9, [0.9])];
    const [fitted] = crossValidate([f, s], ['f', 's']);
    expect(fitted?.folds.map((x) => x.chosen)).toEqual(['f', 'f', 'f', 'f']);
    const [nested] = nestedCrossValidate([f, s], ['f', 's']);
    // Held out a, b or c, the other three include d, where f's inner leave-one-out misses d.
    expect(nested?.folds.map((x) => x.chosen)).toEqual(['s', 's', 's', 'f']);
    expect(nested?.folds[3]?.raw).toBeCloseTo(-1, 9);
    // s pays its false alarm on a, b and c (0.11 each in the standard profile).
    expect(nested?.folds[0]?.raw).toBeCloseTo(1 - 0.11, 9);
  });
});
