/**
 * Pure gap arithmetic for the chart and its table. A gap is identified by its start: the
 * poller never moves a start, it only closes the gap, so a later copy replaces an earlier one.
 */
import { MINUTE_MS, toMinute, type CoverageGap } from '../../../../shared/domain.js';

/** One source's gap as the Live view draws it. */
export interface GapBand extends CoverageGap {
  source: string;
  /** Minutes (epoch minutes) whose counts the gap touches, both inclusive. */
  firstMinute: number;
  lastMinute: number;
}

export function mergeGaps(current: readonly CoverageGap[], incoming: readonly CoverageGap[]): CoverageGap[] {
  if (incoming.length === 0) return current as CoverageGap[];
  const byStart = new Map(current.map((gap) => [gap.start, gap]));
  let changed = false;
  for (const gap of incoming) {
    const known = byStart.get(gap.start);
    if (known && known.end === gap.end && known.reason === gap.reason) continue;
    byStart.set(gap.start, gap);
    changed = true;
  }
  return changed ? [...byStart.values()].sort((a, b) => a.start - b.start) : (current as CoverageGap[]);
}

/** Drops gaps that ended before `fromMs`; the same array when nothing was dropped. */
export function pruneGaps(gaps: readonly CoverageGap[], fromMs: number): CoverageGap[] {
  return gaps.every((gap) => gap.end === null || gap.end >= fromMs)
    ? (gaps as CoverageGap[])
    : gaps.filter((gap) => gap.end === null || gap.end >= fromMs);
}

/**
 * Bands inside the window [fromMinute, toMinute], oldest first. An open gap runs to
 * `toMinute` (now): its source still delivers nothing.
 */
export function bandsInWindow(gaps: Readonly<Record<string, readonly CoverageGap[]>>, fromMinute: number, lastMinute: number): GapBand[] {
  const bands: GapBand[] = [];
  for (const [source, list] of Object.entries(gaps)) {
    for (const gap of list) {
      const first = toMinute(gap.start);
      // A gap that closed exactly on a minute boundary does not touch the minute after it.
      const last = gap.end === null ? lastMinute : toMinute(Math.max(gap.start, gap.end - 1));
      if (last < fromMinute || first > lastMinute) continue;
      bands.push({ ...gap, source, firstMinute: Math.max(first, fromMinute), lastMinute: Math.min(last, lastMinute) });
    }
  }
  return bands.sort((a, b) => a.start - b.start || a.source.localeCompare(b.source));
}

/** Sources without data per minute, for marking rows of the numbers table. */
export function sourcesByMinute(bands: readonly GapBand[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const band of bands) {
    for (let minute = band.firstMinute; minute <= band.lastMinute; minute++) {
      const list = out.get(minute);
      if (!list) out.set(minute, [band.source]);
      else if (!list.includes(band.source)) list.push(band.source);
    }
  }
  return out;
}

export const minuteStart = (minute: number): number => minute * MINUTE_MS;
