/**
 * The backtest chart's rows: minutes before the series' first stored minute are unknown, so
 * their rows carry no value (nothing is drawn) instead of a flat zero.
 */
import { describe, expect, it } from 'vitest';
import { stepRows } from '../../renderer/src/views/alerts/BacktestChart.js';
import { MINUTE_MS } from '../../shared/domain.js';

const bucket = (minute: number, count: number) => ({ minute, count });

describe('backtest rows', () => {
  it('sums whole steps and counts a minute without posts as zero once history has started', () => {
    const rows = stepRows([bucket(100, 2), bucket(104, 3), bucket(111, 1)], 100, 114, 5, 100);
    expect(rows).toEqual([
      { time: 100 * MINUTE_MS, count: 5 },
      { time: 105 * MINUTE_MS, count: 0 },
      { time: 110 * MINUTE_MS, count: 1 },
    ]);
  });

  it('leaves the rows before history starts empty, the step it starts in too', () => {
    const rows = stepRows([bucket(107, 4), bucket(112, 1)], 100, 114, 5, 107);
    expect(rows.map((row) => row.count)).toEqual([null, null, 1]);
  });

  it('draws nothing when the range holds no stored minute at all', () => {
    expect(stepRows([], 100, 109, 5, null).map((row) => row.count)).toEqual([null, null]);
  });
});
