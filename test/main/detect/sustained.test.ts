/**
 * The sustained channel (issue 9): the longest window judged by its weakest 15-minute block. A
 * burst raises the longest window's tail for a week or more, and a lasting rise after it read as
 * ordinary (NAB's CRM missed a 4.5× rise that held ten hours). A rise that holds lights every
 * block; a spike lights one or a few, so the channel must add nothing there.
 */
import { describe, expect, it } from 'vitest';
import { runLive, type LiveRun } from './liveRun.js';

const BURST = [...Array<number>(60).fill(40), ...Array<number>(60).fill(20)];
const WEEK_LATER = 6 * 1440;
const RISE = 600;

function burstThenRise(seed: number, sustainedChannel: boolean): { run: LiveRun; riseStart: number } {
  const multiples = [...BURST, ...Array<number>(WEEK_LATER).fill(1), ...Array<number>(RISE).fill(4.5), ...Array<number>(300).fill(1)];
  // One post a minute on average: CRM's level (about 60 an hour).
  const run = runLive(seed, multiples, { days: 3, mean: 1, detector: { sustainedChannel } });
  return { run, riseStart: BURST.length + WEEK_LATER };
}

function openedAfter(run: LiveRun, minute: number): number[] {
  const start = run.verdicts[0]?.minute ?? 0;
  return run.events
    .filter((e) => e.kind === 'opened')
    .map((e) => e.alert.openedAt / 60_000 - start)
    .filter((m) => m >= minute);
}

describe('a rise that holds, after a burst', () => {
  it('opens an alert once it has held through the longest window, on the 4-hour window, and was missed without the channel', () => {
    for (const seed of [1, 2, 3]) {
      const without = burstThenRise(seed, false);
      expect(openedAfter(without.run, without.riseStart), `seed ${seed}, no channel`).toEqual([]);
      const { run, riseStart } = burstThenRise(seed, true);
      const opened = openedAfter(run, riseStart);
      expect(opened.length, `seed ${seed}`).toBe(1);
      // 240 minutes to fill the window, and a few more while its evidence grows past the level.
      expect(opened[0]! - riseStart, `seed ${seed}`).toBeGreaterThanOrEqual(225);
      expect(opened[0]! - riseStart, `seed ${seed}`).toBeLessThanOrEqual(300);
      const at = run.verdicts[opened[0]!]!;
      expect(at.windowMinutes).toBe(240);
      expect(at.direction).toBe('up');
      expect(at.ratio).toBeGreaterThan(3);
      // The card says why: every quarter-hour ran above the usual, the weakest still well above.
      expect(at.heldBlockMinutes).toBe(15);
      expect(at.heldBlockRatio).toBeGreaterThan(2);
      expect(at.heldBlockRatio).toBeLessThanOrEqual(at.ratio);
      const alert = run.events.find((e) => e.kind === 'opened' && e.alert.openedAt / 60_000 - run.verdicts[0]!.minute === opened[0])!.alert;
      expect(alert.math.held).toEqual({ blockMinutes: 15, weakestRatio: at.heldBlockRatio });
      // The alert ends with the rise, not hours later.
      const resolved = run.events.filter((e) => e.kind === 'resolved').map((e) => e.alert.resolvedAt! / 60_000 - run.verdicts[0]!.minute);
      expect(
        resolved.some((m) => m > riseStart + RISE && m <= riseStart + RISE + 60),
        `seed ${seed}`,
      ).toBe(true);
    }
  });

  it('adds nothing on a series of spikes: the same alerts open at the same minutes with it and without', () => {
    // A 30-minute 15× spike every five hours for four days: no block run of four hours is lit.
    const spiky = Array.from({ length: 4 * 1440 }, (_, i) => (i % 300 < 30 ? 15 : 1));
    for (const seed of [1, 2]) {
      const kinds = (on: boolean) =>
        runLive(seed, spiky, { days: 3, mean: 2, detector: { sustainedChannel: on } }).events.map((e) => `${e.kind}@${e.alert.updatedAt}`);
      const withIt = kinds(true);
      expect(withIt.length).toBeGreaterThan(0);
      expect(withIt).toEqual(kinds(false));
    }
  });
});
