/** Chart rows for one live chart: observed counts per minute, with the detector's band beside them. */
import { MINUTE_MS, type BandPoint, type Bucket } from '../../../../shared/domain.js';

export interface WallRow {
  minute: number;
  /** Epoch ms of the minute's start, for the time axis. */
  time: number;
  /** Count per series key; a minute without a bucket is 0 (sources were up: gaps are shaded apart). */
  values: Record<string, number>;
  /** What the detector expected of the primary series; null where it has no opinion (warm-up, not settled). */
  expected: number | null;
  band: [number, number] | null;
}

/** One row per minute from `fromMinute` to `anchor`; `keys[0]` is the series the band belongs to. */
export function buildWallRows(
  series: Readonly<Record<string, readonly Bucket[]>>,
  keys: readonly string[],
  band: readonly BandPoint[],
  fromMinute: number,
  anchor: number | null,
): WallRow[] {
  if (anchor === null || anchor < fromMinute) return [];
  const rows: WallRow[] = [];
  for (let minute = fromMinute; minute <= anchor; minute++) {
    rows.push({ minute, time: minute * MINUTE_MS, values: Object.fromEntries(keys.map((key) => [key, 0])), expected: null, band: null });
  }
  for (const key of keys) {
    for (const bucket of series[key] ?? []) {
      const row = rows[bucket.minute - fromMinute];
      if (row) row.values[key] = bucket.count;
    }
  }
  for (const point of band) {
    const row = rows[point.minute - fromMinute];
    if (!row) continue;
    row.expected = point.expected;
    row.band = [point.low, point.high];
  }
  return rows;
}
