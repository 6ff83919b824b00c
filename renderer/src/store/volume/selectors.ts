import { MINUTE_MS, seriesKey } from '../../../../shared/domain.js';
import type { DeskState } from '../types.js';
import { memoLast } from '../memo.js';
import { median } from './buckets.js';

export interface ChartRow {
  minute: number;
  /** Epoch ms of the minute's start, for the time axis. */
  time: number;
  /** Count per series key; minutes without a bucket are 0 (the hub does not fill gaps). */
  values: Record<string, number>;
}

export interface LiveSummary {
  /** The minute in progress (partial). */
  currentMinute: number;
  currentCount: number;
  /** The last complete minute and its count. */
  lastFullMinute: number;
  lastFullCount: number;
  /** Median of the total over the 60 complete minutes before now (gaps count as 0). */
  hourMedian: number | null;
  /** lastFullCount / hourMedian, null when the median is 0 or unknown. */
  ratio: number | null;
}

const orderKeys = (keys: string[]): string[] =>
  keys.sort((a, b) => (a === seriesKey.total ? -1 : b === seriesKey.total ? 1 : a.localeCompare(b)));

const keysOf = memoLast((series: DeskState['volumeSeries']) => orderKeys(Object.keys(series)));

const rowsOf = memoLast((series: DeskState['volumeSeries'], anchor: number | null): ChartRow[] => {
  if (anchor === null) return [];
  let first: number | null = null;
  for (const buckets of Object.values(series)) {
    const head = buckets[0];
    if (head && (first === null || head.minute < first)) first = head.minute;
  }
  if (first === null) return [];
  const keys = Object.keys(series);
  const rows: ChartRow[] = [];
  const index = new Map<number, ChartRow>();
  for (let minute = first; minute <= anchor; minute++) {
    const row: ChartRow = { minute, time: minute * MINUTE_MS, values: Object.fromEntries(keys.map((key) => [key, 0])) };
    rows.push(row);
    index.set(minute, row);
  }
  for (const [key, buckets] of Object.entries(series)) {
    for (const bucket of buckets) {
      const row = index.get(bucket.minute);
      if (row) row.values[key] = bucket.count;
    }
  }
  return rows;
});

const summaryOf = memoLast((series: DeskState['volumeSeries'], anchor: number | null): LiveSummary | null => {
  if (anchor === null) return null;
  const total = series[seriesKey.total] ?? [];
  if (total.length === 0) return null;
  const counts = new Map(total.map((bucket) => [bucket.minute, bucket.count]));
  const firstMinute = total[0]!.minute;
  const hour: number[] = [];
  for (let minute = Math.max(firstMinute, anchor - 60); minute < anchor; minute++) hour.push(counts.get(minute) ?? 0);
  const hourMedian = median(hour);
  const lastFullCount = counts.get(anchor - 1) ?? 0;
  return {
    currentMinute: anchor,
    currentCount: counts.get(anchor) ?? 0,
    lastFullMinute: anchor - 1,
    lastFullCount,
    hourMedian,
    ratio: hourMedian && hourMedian > 0 ? lastFullCount / hourMedian : null,
  };
});

export const volumeSelectors = {
  hasData: (s: DeskState): boolean => Object.values(s.volumeSeries).some((buckets) => buckets.length > 0),
  /** `total` first, then sources alphabetically. */
  seriesKeys: (s: DeskState): string[] => keysOf(s.volumeSeries),
  chartRows: (s: DeskState): ChartRow[] => rowsOf(s.volumeSeries, s.volumeAnchorMinute),
  summary: (s: DeskState): LiveSummary | null => summaryOf(s.volumeSeries, s.volumeAnchorMinute),
  /** Posts in the window for one series. */
  windowTotal: (s: DeskState, key: string): number => (s.volumeSeries[key] ?? []).reduce((sum, b) => sum + b.count, 0),
  isLoading: (s: DeskState): boolean => s.volumeStatus === 'loading',
};
