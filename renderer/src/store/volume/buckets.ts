/**
 * Pure bucket arithmetic for the live chart. Buckets are kept sorted by minute, one per
 * minute at most, and never mutated in place (the store hands them to React).
 */
import type { Bucket } from '../../../../shared/domain.js';
import { seriesKind } from '../../../../shared/domain.js';

/** The chart shows the total and one line per source; term series stay on the hub. */
export const isChartSeries = (key: string): boolean => {
  const kind = seriesKind(key);
  return kind === 'total' || kind === 'source';
};

/** Adds `count` posts to `minute`, keeping the order; returns a new array. */
export function addToBucket(buckets: readonly Bucket[], minute: number, count: number): Bucket[] {
  if (count <= 0) return buckets as Bucket[];
  const last = buckets[buckets.length - 1];
  if (!last || last.minute < minute) return [...buckets, { minute, count }];
  if (last.minute === minute) {
    // One copy, not two (slice, then spread): a 7-day series holds 10k buckets and ticks every second.
    const next = buckets.slice();
    next[next.length - 1] = { minute, count: last.count + count };
    return next;
  }
  // A late tick for an earlier minute: rare, so a linear search is fine.
  const index = buckets.findIndex((bucket) => bucket.minute >= minute);
  const next = buckets.slice();
  const found = next[index];
  if (found && found.minute === minute) next[index] = { minute, count: found.count + count };
  else next.splice(index, 0, { minute, count });
  return next;
}

/** Drops buckets (or band points) older than `fromMinute`; returns the same array when nothing was dropped. */
export function trimBefore<T extends { minute: number }>(buckets: readonly T[], fromMinute: number): T[] {
  const first = buckets[0];
  if (!first || first.minute >= fromMinute) return buckets as T[];
  return buckets.filter((bucket) => bucket.minute >= fromMinute);
}

/** History from the hub: sorted, merged per minute, zero counts dropped. */
export function normalizeHistory(buckets: readonly Bucket[]): Bucket[] {
  const byMinute = new Map<number, number>();
  for (const bucket of buckets) byMinute.set(bucket.minute, (byMinute.get(bucket.minute) ?? 0) + bucket.count);
  return [...byMinute.entries()]
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([minute, count]) => ({ minute, count }));
}

export function lastMinuteOf(series: Record<string, readonly Bucket[]>): number | null {
  let latest: number | null = null;
  for (const buckets of Object.values(series)) {
    const last = buckets[buckets.length - 1];
    if (last && (latest === null || last.minute > latest)) latest = last.minute;
  }
  return latest;
}

/**
 * The minute the window ends at. Normally "now", so quiet minutes show as zeros; if the
 * data runs ahead of this machine's clock (skew, or a replay), the data wins; if the newest
 * data is older than the whole window, the window ends at the data so it stays visible.
 */
export function anchorMinute(latestDataMinute: number | null, nowMinute: number, windowMinutes: number): number {
  if (latestDataMinute === null) return nowMinute;
  if (latestDataMinute >= nowMinute) return latestDataMinute;
  if (latestDataMinute <= nowMinute - windowMinutes) return latestDataMinute;
  return nowMinute;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The first minutes after a history answer: the hub's word for `series` (null: none stored
 * yet), left as it was when the hub did not say (older hubs). Same object when nothing changed.
 */
export function withFirstMinute(
  held: Readonly<Record<string, number | null>>,
  series: string,
  first: number | null | undefined,
): Record<string, number | null> {
  if (first === undefined || held[series] === first) return held as Record<string, number | null>;
  return { ...held, [series]: first };
}
