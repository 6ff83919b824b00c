import { describe, expect, it } from 'vitest';
import {
  bandPath,
  countScale,
  followBandPaths,
  followLinePath,
  highest,
  linePath,
  plotBox,
  rowNear,
  thinned,
  timeScale,
} from '../../renderer/src/components/chartGeometry.js';
import type { WallRow } from '../../renderer/src/store/wall/rows.js';

const MIN = 60_000;
const row = (minute: number, total: number, band: [number, number] | null = [total - 2, total + 2]): WallRow => ({
  minute,
  time: minute * MIN,
  values: { total },
  expected: band ? (band[0] + band[1]) / 2 : null,
  band,
});

describe('chart geometry', () => {
  const plot = plotBox(448, 234); // plot 48..432 × 8..200

  it('counts run from zero to a round top in whole steps', () => {
    const y = countScale(37, plot);
    expect(y.ticks).toEqual([0, 10, 20, 30, 40]);
    expect(y.at(0)).toBe(plot.bottom);
    expect(y.at(40)).toBe(plot.top);
    expect(countScale(0, plot).ticks).toEqual([0, 1]);
    expect(countScale(3, plot).ticks).toEqual([0, 1, 2, 3]);
  });

  it('puts time ticks on whole local minutes, far enough apart for a clock label', () => {
    const offset = 2 * 60 * MIN; // a zone two hours ahead of UTC
    const x = timeScale(1000 * MIN + 7 * MIN, 1000 * MIN + 187 * MIN, plot, offset);
    const gaps = x.ticks.slice(1).map((t, i) => t - x.ticks[i]!);
    expect(new Set(gaps).size).toBe(1);
    expect(x.at(x.ticks[1]!) - x.at(x.ticks[0]!)).toBeGreaterThanOrEqual(70);
    for (const t of x.ticks) expect((t + offset) % gaps[0]!).toBe(0);
    expect(x.ticks[0]!).toBeGreaterThanOrEqual(x.domain[0]);
    expect(x.ticks[x.ticks.length - 1]!).toBeLessThanOrEqual(x.domain[1]);
  });

  it('puts a week’s ticks on local midnights, and says which they are', () => {
    const DAY = 1440 * MIN;
    for (const offset of [0, 2 * 60 * MIN, -5 * 60 * MIN, (5 * 60 + 45) * MIN]) {
      const x = timeScale(20_000 * DAY + 7 * MIN, 20_007 * DAY, plot, offset);
      expect(x.ticks.length).toBeGreaterThan(2);
      for (const t of x.ticks) {
        expect((t + offset) % DAY, `offset ${offset / MIN} min`).toBe(0);
        expect(x.isMidnight(t)).toBe(true);
      }
      // An hour past local midnight is not one.
      expect(x.isMidnight(x.ticks[0]! + 60 * MIN)).toBe(false);
    }
  });

  it('draws a line through the values and breaks it at a missing one', () => {
    const rows = [row(0, 0), row(1, 10), row(2, 5), row(3, 10)];
    const x = timeScale(0, 3 * MIN, plot, 0);
    const y = countScale(10, plot);
    expect(linePath(rows, (r) => r.values.total ?? 0, x, y)).toBe('M48,200L176,8L304,104L432,8');
    expect(linePath(rows, (r) => (r.minute === 2 ? null : (r.values.total ?? 0)), x, y)).toBe('M48,200L176,8M432,8');
  });

  it('closes one band shape per run of minutes that have a band', () => {
    const rows = [row(0, 4), row(1, 4), row(2, 4, null), row(3, 4)];
    const x = timeScale(0, 3 * MIN, plot, 0);
    const y = countScale(10, plot);
    // Highs at 6 (y 85), lows at 2 (y 161.5); the minute without a band splits the shape.
    expect(bandPath(rows, x, y)).toBe('M48,85L176,85L176,161.5L48,161.5ZM432,85L432,161.5Z');
  });

  it('thins the band rows but keeps the ends of every run', () => {
    const rows = [row(0, 1), row(1, 1), row(2, 1), row(3, 1), row(4, 1, null), row(5, 1), row(6, 1), row(7, 1)];
    expect(thinned(rows).map((r) => r.minute)).toEqual([0, 2, 3, 4, 5, 6, 7]);
  });

  it('finds the minute under the pointer and the highest thing drawn', () => {
    const rows = [row(0, 1), row(1, 9), row(2, 3)];
    expect(rowNear(rows, 1 * MIN + 20_000)?.minute).toBe(1);
    expect(rowNear(rows, 1 * MIN + 40_000)?.minute).toBe(2);
    expect(rowNear(rows, -5 * MIN)?.minute).toBe(0);
    expect(rowNear([], 0)).toBeNull();
    expect(highest(rows, ['total'])).toBe(11);
  });

  it('gives the same band strings back while only counts change, and new ones when the band or scale does', () => {
    const follow = followBandPaths();
    const rows = Array.from({ length: 40 }, (_, i) => row(1000 + i, 5 + (i % 3)));
    const x = timeScale(rows[0]!.time, rows[39]!.time, plot, 0);
    const y = countScale(20, plot);
    const first = follow(rows, x, y);
    expect(first.band).toBe(bandPath(thinned(rows), x, y));
    // A tick: the newest row is rebuilt with another count, its band the same.
    const ticked = [...rows.slice(0, 39), { ...rows[39]!, values: { total: 19 } }];
    expect(follow(ticked, x, y)).toBe(first);
    const moved = [...rows.slice(0, 39), { ...rows[39]!, band: [1, 30] as [number, number] }];
    expect(follow(moved, x, y).band).toBe(bandPath(thinned(moved), x, y));
    expect(follow(moved, x, countScale(40, plot)).band).toBe(bandPath(thinned(moved), x, countScale(40, plot)));
  });

  it('writes only the tail of a line after a tick, and equals a fresh line whatever changed', () => {
    const follow = followLinePath();
    const rows = Array.from({ length: 40 }, (_, i) => row(1000 + i, i % 7, null));
    const x = timeScale(rows[0]!.time, rows[39]!.time, plot, 0);
    const y = countScale(20, plot);
    let reads = 0;
    const value = (r: WallRow) => {
      reads++;
      return r.minute === 1020 ? null : (r.values.total ?? 0);
    };
    expect(follow(rows, 'total', value, x, y)).toBe(linePath(rows, value, x, y));
    const ticked = [...rows.slice(0, 38), { ...rows[38]!, values: { total: 12 } }, rows[39]!];
    reads = 0;
    expect(follow(ticked, 'total', value, x, y)).toBe(linePath(ticked, value, x, y));
    // Two rows read again (the changed one and the one after), not forty; the rest was kept.
    expect(reads).toBe(2 + 40);
    // The break at minute 1020 survives a change after it; another scale or key starts afresh.
    const later = [...ticked.slice(0, 25), { ...ticked[25]!, values: { total: 3 } }, ...ticked.slice(26)];
    expect(follow(later, 'total', value, x, y)).toBe(linePath(later, value, x, y));
    expect(follow(later, 'total', value, x, countScale(50, plot))).toBe(linePath(later, value, x, countScale(50, plot)));
    expect(follow(later.slice(0, 30), 'other', value, x, y)).toBe(linePath(later.slice(0, 30), value, x, y));
  });
});
