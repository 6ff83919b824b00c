import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { findNabDir } from '../nabPath.js';
import { loadCorpus } from './nabFiles.js';
import {
  normalize,
  optimizeThreshold,
  scaledSigmoid,
  scoreAllProfiles,
  scoreAtThreshold,
  type ProfileName,
  type ScoredSeries,
} from './scorer.js';

const nabDir = findNabDir();
if (!nabDir) console.warn('NAB data is absent (../shared/nab or SURGE_NAB_DIR): the NAB reproduction tests are SKIPPED');

/** The published scores from ../shared/nab/README.md, in profile order. */
const PUBLISHED: Record<string, [number, number, number]> = {
  ARTime: [84.6, 77.9, 89.7],
  contextOSE: [79.7, 79.5, 81.5],
  earthgeckoSkyline: [78.9, 62.0, 85.9],
  numenta: [71.0, 66.2, 74.0],
  windowedGaussian: [64.4, 39.2, 74.6],
  null: [0, 0, 0],
};
const ORDER: ProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

describe('NAB scorer on synthetic rows', () => {
  const minute = 60_000;
  const ts = Array.from({ length: 10_000 }, (_, i) => i * minute);
  const windows: Array<readonly [number, number]> = [[5000 * minute, 5099 * minute]];
  const make = (scores: number[]): ScoredSeries => ({ name: 'x', timestamps: ts, scores, windows });

  it('rewards a detection at the window start with +tp and normalizes it to 100', () => {
    const scores = ts.map((_, i) => (i === 5000 ? 1 : 0));
    const best = optimizeThreshold([make(scores)], { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 });
    expect(best.raw).toBeCloseTo(1, 6);
    expect(normalize(best.raw, 1, { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 })).toBeCloseTo(100, 6);
  });

  it('ignores detections in the probationary rows and charges a full fp far from windows', () => {
    const scores = ts.map((_, i) => (i === 10 || i === 9000 ? 1 : i === 5050 ? 0.5 : 0));
    const cost = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
    const best = optimizeThreshold([make(scores)], cost);
    // Threshold 1 only catches the far fp (−0.11 + −1 miss); 0.5 adds the mid-window hit.
    expect(best.threshold).toBe(0.5);
    expect(best.raw).toBeCloseTo(scaledSigmoid(-0.5) / scaledSigmoid(-1) - 0.11, 3);
  });
});

describe('NAB scorer reproduces the published scores', () => {
  for (const [detector, expected] of Object.entries(PUBLISHED)) {
    it.skipIf(!nabDir)(`${detector} within ±0.1 on all three profiles`, () => {
      const dir = nabDir as string;
      const scores = scoreAllProfiles(loadCorpus(join(dir, 'reference', detector), dir));
      ORDER.forEach((profile, k) => {
        const got = scores.find((s) => s.profile === profile)?.normalized ?? NaN;
        expect(Math.abs(got - expected[k]!), `${detector} ${profile}: ${got}`).toBeLessThanOrEqual(0.1);
      });
    });
  }
});

describe('scoreAtThreshold', () => {
  const minute = 60_000;
  const ts = Array.from({ length: 10_000 }, (_, i) => i * minute);
  const windows: Array<readonly [number, number]> = [
    [5000 * minute, 5099 * minute],
    [8000 * minute, 8099 * minute],
  ];
  const scores = ts.map((_, i) => (i === 10 ? 0.9 : i === 3000 ? 0.4 : i === 5030 ? 0.7 : i === 8090 ? 0.3 : i === 9500 ? 0.6 : 0));
  const series: ScoredSeries = { name: 'x', timestamps: ts, scores, windows };

  it('agrees with the sweep at the threshold the sweep chose, in every profile', () => {
    for (const profile of ORDER) {
      const cost = {
        standard: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
        reward_low_FP_rate: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
        reward_low_FN_rate: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
      }[profile];
      const best = optimizeThreshold([series], cost);
      const fixed = scoreAtThreshold([series], cost, best.threshold);
      expect(fixed.raw).toBeCloseTo(best.raw, 9);
      expect([fixed.tp, fixed.fp]).toEqual([best.tp, best.fp]);
    }
  });

  it('charges misses and false positives at a threshold chosen elsewhere', () => {
    const cost = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
    // Above every score: both windows missed.
    expect(scoreAtThreshold([series], cost, 1).raw).toBeCloseTo(-2, 9);
    // At 0.65: the first window hit, the second missed, no fp (row 10 is probation).
    const hit = scaledSigmoid(-(5099 - 5030 + 1) / 100) / scaledSigmoid(-1);
    expect(scoreAtThreshold([series], cost, 0.65).raw).toBeCloseTo(hit - 1, 9);
  });
});
