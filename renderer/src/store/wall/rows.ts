/** Chart rows for one live chart: observed counts per minute, with the detector's band beside them. */
import { MINUTE_MS, type BandPoint, type Bucket } from '../../../../shared/domain.js';

export interface WallRow {
  minute: number;
  /** Epoch ms of the minute's start, for the time axis. */
  time: number;
  /**
   * Count per series key; a minute without a bucket is 0 (sources were up: gaps are shaded
   * apart). Absent before the series' history starts: no data there, not "0 posts".
   */
  values: Record<string, number>;
  /** What the detector expected of the primary series; null where it has no opinion (warm-up, not settled). */
  expected: number | null;
  band: [number, number] | null;
}

/** Index of the first item at or after `minute` (items sorted by minute); `items.length` if none. */
function firstAtOrAfter(items: readonly { minute: number }[], minute: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (items[mid]!.minute < minute) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Where each key's history starts, as the store holds it (`volumeFirstMinutes`): a minute; null
 * when the hub has none of it yet (no data anywhere); undefined when unknown (an older hub:
 * zeros all along, as before).
 */
export type HistoryStart = number | null | undefined;

const startMinute = (start: HistoryStart): number => (start === undefined ? -Infinity : start === null ? Infinity : start);

/** One row per minute from `fromMinute` to `anchor`; `keys[0]` is the series the band belongs to. */
export function buildWallRows(
  series: Readonly<Record<string, readonly Bucket[]>>,
  keys: readonly string[],
  band: readonly BandPoint[],
  fromMinute: number,
  anchor: number | null,
  starts: readonly HistoryStart[] = [],
): WallRow[] {
  if (anchor === null || anchor < fromMinute) return [];
  const rows: WallRow[] = [];
  const from = keys.map((_, i) => startMinute(starts[i]));
  // Up to 10k rows per chart per update (the 7 d range): a plain loop, not an entries array per row.
  for (let minute = fromMinute; minute <= anchor; minute++) {
    const values: Record<string, number> = {};
    for (let k = 0; k < keys.length; k++) if (minute >= from[k]!) values[keys[k]!] = 0;
    rows.push({ minute, time: minute * MINUTE_MS, values, expected: null, band: null });
  }
  // Only the items inside the rows: a tick rebuilds the last minute alone, and walking a week of
  // buckets to find it (indexing rows with negative numbers on the way) was most of its cost.
  for (const key of keys) {
    const buckets = series[key] ?? [];
    for (let i = firstAtOrAfter(buckets, fromMinute); i < buckets.length && buckets[i]!.minute <= anchor; i++) {
      const bucket = buckets[i]!;
      rows[bucket.minute - fromMinute]!.values[key] = bucket.count;
    }
  }
  for (let i = firstAtOrAfter(band, fromMinute); i < band.length && band[i]!.minute <= anchor; i++) {
    const point = band[i]!;
    const row = rows[point.minute - fromMinute]!;
    row.expected = point.expected;
    row.band = [point.low, point.high];
  }
  return rows;
}

/** What one chart's rows were built from, to build the next ones from the change alone. */
export interface WallRowsInput {
  series: Readonly<Record<string, readonly Bucket[]>>;
  keys: readonly string[];
  band: readonly BandPoint[];
  fromMinute: number;
  anchor: number | null;
  /** Per key (same order), where its history starts; see HistoryStart. */
  starts?: readonly HistoryStart[];
}

/** The first minute whose item differs (buckets and band points are never mutated: identity says "same"), or null. */
function firstChangedMinute(before: readonly { minute: number }[], after: readonly { minute: number }[]): number | null {
  const shared = Math.min(before.length, after.length);
  let i = 0;
  while (i < shared && before[i] === after[i]) i++;
  if (i === before.length && i === after.length) return null;
  return Math.min(before[i]?.minute ?? Infinity, after[i]?.minute ?? Infinity);
}

/**
 * `buildWallRows(next)`, reusing the rows before the first changed minute. A tick changes the
 * newest minute of a few series, while a 7-day chart has 10k rows: rebuilding them all for
 * every tick was most of an update's cost. A band that gained its newest settled minute (pushed
 * with the tick) is a change from that minute on, too. Anything else (range, keys) builds afresh.
 */
export function nextWallRows(previous: { input: WallRowsInput; rows: WallRow[] } | null, next: WallRowsInput): WallRow[] {
  const build = () => buildWallRows(next.series, next.keys, next.band, next.fromMinute, next.anchor, next.starts);
  if (!previous || next.anchor === null) return build();
  const before = previous.input;
  const sameFrame =
    before.anchor === next.anchor &&
    before.fromMinute === next.fromMinute &&
    before.keys.length === next.keys.length &&
    before.keys.every((key, i) => key === next.keys[i] && before.starts?.[i] === next.starts?.[i]);
  if (!sameFrame) return build();
  let changed = firstChangedMinute(before.band, next.band) ?? Infinity;
  for (const key of next.keys)
    changed = Math.min(changed, firstChangedMinute(before.series[key] ?? [], next.series[key] ?? []) ?? Infinity);
  if (changed === Infinity) return previous.rows;
  if (changed <= next.fromMinute) return build();
  if (changed > next.anchor) return previous.rows;
  const rows = previous.rows.slice(0, changed - next.fromMinute);
  for (const row of buildWallRows(next.series, next.keys, next.band, changed, next.anchor, next.starts)) rows.push(row);
  return rows;
}

/** One chart's rows over time: each call builds from what changed since the last one. */
export function followWallRows(): (input: WallRowsInput) => WallRow[] {
  let previous: { input: WallRowsInput; rows: WallRow[] } | null = null;
  return (input) => {
    const rows = nextWallRows(previous, input);
    previous = { input, rows };
    return rows;
  };
}
