/**
 * The detector's band as a window holds it: points sorted by minute, never mutated, so a chart
 * can tell by identity which minutes changed (see rows.ts) and redraw from there on.
 */
import type { BandPoint } from '../../../../shared/domain.js';

/**
 * `incoming` (sorted) is what the hub knows of the minutes from `coversFrom` (default: its first
 * point) to its last point: it replaces the held points there. Held points outside that span
 * stay, the same objects: pushed minutes newer than an answer that was computed before them,
 * older ones a push does not repeat. Answers `held` itself when nothing changes.
 */
export function mergeBand(held: readonly BandPoint[], incoming: readonly BandPoint[], coversFrom?: number): BandPoint[] {
  if (incoming.length === 0 && coversFrom === undefined) return held as BandPoint[];
  const from = coversFrom ?? incoming[0]!.minute;
  const to = incoming.length > 0 ? incoming[incoming.length - 1]!.minute : -Infinity;
  const last = held[held.length - 1];
  // The usual push: the minute that just settled, after everything held.
  if (last === undefined || last.minute < from) return incoming.length === 0 ? (held as BandPoint[]) : [...held, ...incoming];
  const merged: BandPoint[] = [];
  for (const point of held) if (point.minute < from) merged.push(point);
  for (const point of incoming) merged.push(point);
  for (const point of held) if (point.minute > to && point.minute >= from) merged.push(point);
  return merged;
}
