/**
 * The SLA clock as pure functions of epoch milliseconds: how much counted time lies between
 * two instants (only business hours when a schedule is given, never time in a pause), and at
 * which instant a target is reached. Business hours are wall-clock times in the schedule's
 * zone, turned into instants per local date with Temporal, so a 09:00–17:00 day is 8 hours
 * on a DST day too (a window edge inside a skipped hour moves forward, as Temporal's
 * 'compatible' rule does).
 */
import { Temporal } from 'temporal-polyfill';
import type { BusinessHours } from '../../shared/contract/board.js';

/** Null: the clock runs around the clock. */
export type Schedule = BusinessHours | null;

/** A clock started at `start`, stopped during each closed pause and from `pausedSince` on. */
export interface ClockRun {
  start: number;
  pauses: ReadonlyArray<readonly [number, number]>;
  pausedSince: number | null;
}

/** How far ahead a target is looked for (a schedule with one short window a week stays bounded). */
const HORIZON_DAYS = 3 * 366;

type Window = readonly [number, number];

const DAY_MS = 86_400_000;
const windowCache = new WeakMap<BusinessHours, Map<number, Window[]>>();

/**
 * The business windows of one local date (as days since 1970-01-01) as instants, sorted and
 * merged. Temporal runs only the first time a schedule meets a date: a snapshot of thousands
 * of cards asks for the same few dates over and over.
 */
function windowsOn(hours: BusinessHours, epochDay: number): Window[] {
  let perDate = windowCache.get(hours);
  if (!perDate) windowCache.set(hours, (perDate = new Map()));
  const cached = perDate.get(epochDay);
  if (cached) return cached;
  // 1970-01-01 was a Thursday (ISO day 4).
  const weekday = ((((epochDay + 3) % 7) + 7) % 7) + 1;
  const todays = hours.days.filter((d) => d.day === weekday);
  let merged: Array<[number, number]> = [];
  if (todays.length > 0) {
    const utc = new Date(epochDay * DAY_MS);
    const date = Temporal.PlainDate.from({ year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() });
    const at = (hhmm: string) => date.toZonedDateTime({ timeZone: hours.zone, plainTime: Temporal.PlainTime.from(hhmm) }).epochMilliseconds;
    const raw = todays
      .map((d): Window => [at(d.start), at(d.end)])
      .filter(([s, e]) => e > s)
      .sort((a, b) => a[0] - b[0]);
    merged = [];
    for (const [s, e] of raw) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
  }
  if (perDate.size > 4096) perDate.clear();
  perDate.set(epochDay, merged);
  return merged;
}

/** Business windows that end after `from`, in order, for at most HORIZON_DAYS local dates. */
function* windowsFrom(hours: BusinessHours, from: number): Generator<Window> {
  // Windows of a local date lie inside that date, and a zone's date is its UTC date ±1 (offsets
  // span −12 h to +14 h): starting a day before the UTC date misses none, without asking Temporal.
  const first = Math.floor(from / DAY_MS) - 1;
  for (let day = first; day < first + HORIZON_DAYS; day++) {
    for (const w of windowsOn(hours, day)) if (w[1] > from) yield w;
  }
}

/** Counted time in [from, to). */
export function businessMs(schedule: Schedule, from: number, to: number): number {
  if (to <= from) return 0;
  if (schedule === null) return to - from;
  let total = 0;
  for (const [s, e] of windowsFrom(schedule, from)) {
    if (s >= to) break;
    total += Math.min(e, to) - Math.max(s, from);
  }
  return total;
}

/** The earliest instant t ≥ from with businessMs(from, t) = ms; null beyond the horizon. */
export function addBusinessMs(schedule: Schedule, from: number, ms: number): number | null {
  if (ms <= 0) return from;
  if (schedule === null) return from + ms;
  let left = ms;
  for (const [s, e] of windowsFrom(schedule, from)) {
    const begin = Math.max(s, from);
    if (left <= e - begin) return begin + left;
    left -= e - begin;
  }
  return null;
}

/** The stretches a clock runs, clipped to end at `until` (Infinity: open-ended). */
export function runningSegments(run: ClockRun, until: number): Array<[number, number]> {
  const stops = [...run.pauses.map(([s, e]) => [s, e] as [number, number])];
  if (run.pausedSince !== null) stops.push([run.pausedSince, Infinity]);
  stops.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let cursor = run.start;
  for (const [s, e] of stops) {
    if (cursor >= until) break;
    if (s > cursor) out.push([cursor, Math.min(s, until)]);
    cursor = Math.max(cursor, e);
  }
  if (cursor < until) out.push([cursor, until]);
  return out;
}

/** Counted time from the clock's start to `at`: business hours only, pauses never. */
export function elapsedMs(schedule: Schedule, run: ClockRun, at: number): number {
  return runningSegments(run, at).reduce((sum, [s, e]) => sum + businessMs(schedule, s, e), 0);
}

/** The instant the clock has counted `targetMs`; null when a pause that is still open (or the horizon) comes first. */
export function instantReaching(schedule: Schedule, run: ClockRun, targetMs: number): number | null {
  let left = targetMs;
  for (const [s, e] of runningSegments(run, Infinity)) {
    if (e === Infinity) return addBusinessMs(schedule, s, left);
    const counted = businessMs(schedule, s, e);
    if (left <= counted) return addBusinessMs(schedule, s, left);
    left -= counted;
  }
  return null;
}
