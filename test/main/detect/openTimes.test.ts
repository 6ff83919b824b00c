/**
 * How soon a rise opens an alert at the default sensitivity, on a week-old series (what a new
 * source's default history gives). Guards the figures `openTimes.ts` prints for the README:
 * by day the detector answers within minutes; at the night trough it is slower (the hour-of-day
 * profile is pulled towards the daily mean; see docs/detection-experiments.md, tenth pass),
 * and this holds it to where it is now.
 */
import { describe, expect, it } from 'vitest';
import { minutesToOpen } from './openTimes.js';

const SEEDS = [1, 2, 3, 4, 5];

describe('minutes from the start of a rise to its alert, a week of history, five seeds', () => {
  it('a doubling at noon, 12 posts a minute: every seed opens within 8 minutes', () => {
    const times = SEEDS.map((seed) => minutesToOpen(seed, 2, { mean: 12, days: 7, at: 'noon' }));
    for (const t of times) expect(t).not.toBeNull();
    expect(Math.max(...times.map((t) => t ?? Infinity))).toBeLessThanOrEqual(8);
  });

  it('a tripling at noon, 100 posts a minute: every seed opens within 6 minutes', () => {
    const times = SEEDS.map((seed) => minutesToOpen(seed, 3, { mean: 100, days: 7, at: 'noon' }));
    expect(Math.max(...times.map((t) => t ?? Infinity))).toBeLessThanOrEqual(6);
  });

  it('a tripling at the midnight trough, 12 posts a minute: every seed opens within 12 minutes', () => {
    const times = SEEDS.map((seed) => minutesToOpen(seed, 3, { mean: 12, days: 7, at: 'midnight' }));
    expect(Math.max(...times.map((t) => t ?? Infinity))).toBeLessThanOrEqual(12);
  });

  it('no alert opens on the same week with no rise', () => {
    expect(SEEDS.map((seed) => minutesToOpen(seed, 1, { mean: 12, days: 7, at: 'noon' }))).toEqual(SEEDS.map(() => null));
  });
});
