/**
 * The calendar's layout, pure: which days a week or month shows in the viewer's zone, where
 * each day starts and ends as instants (a DST day lasts 23 or 25 hours), and which posts fall
 * on which day. Days are cut at local midnight by Temporal, never by adding 24 h, so a post at
 * 23:30 on the day the clocks change lands on the right day.
 */
import { Temporal } from 'temporal-polyfill';

/** `hours`: the same week, a row per local hour. */
export type CalendarMode = 'week' | 'hours' | 'month';

export interface CalendarDay {
  /** The day in the zone, `2026-03-29`. */
  date: string;
  /** Its first instant (epoch ms); the next day's first instant is `end`. */
  start: number;
  end: number;
  /** 24, or 23 / 25 when the clocks change that day. */
  hours: number;
  dayOfMonth: number;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  /** False for the leading and trailing days a month grid borrows from its neighbours. */
  inRange: boolean;
}

const HOUR_MS = 3_600_000;

export const dateInZone = (ms: number, zone: string): Temporal.PlainDate =>
  Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDate();

/** Start of day, not midnight: a zone may skip midnight itself (the day then starts at 01:00). */
const startOf = (date: Temporal.PlainDate, zone: string): number => date.toZonedDateTime({ timeZone: zone }).epochMilliseconds;

function dayOf(date: Temporal.PlainDate, zone: string, inRange: boolean): CalendarDay {
  const start = startOf(date, zone);
  const end = startOf(date.add({ days: 1 }), zone);
  return { date: date.toString(), start, end, hours: (end - start) / HOUR_MS, dayOfMonth: date.day, weekday: date.dayOfWeek, inRange };
}

const weekStart = (date: Temporal.PlainDate, weekStartsOn: number): Temporal.PlainDate =>
  date.subtract({ days: (date.dayOfWeek - weekStartsOn + 7) % 7 });

/** The seven days of the week holding `anchorMs` in `zone`. */
export function weekDays(anchorMs: number, zone: string, weekStartsOn = 1): CalendarDay[] {
  const first = weekStart(dateInZone(anchorMs, zone), weekStartsOn);
  return Array.from({ length: 7 }, (_, i) => dayOf(first.add({ days: i }), zone, true));
}

/** Whole weeks covering the month holding `anchorMs`; days of the neighbouring months have `inRange: false`. */
export function monthWeeks(anchorMs: number, zone: string, weekStartsOn = 1): CalendarDay[][] {
  const anchor = dateInZone(anchorMs, zone);
  const first = anchor.with({ day: 1 });
  const last = first.add({ months: 1 }).subtract({ days: 1 });
  const weeks: CalendarDay[][] = [];
  for (let start = weekStart(first, weekStartsOn); Temporal.PlainDate.compare(start, last) <= 0; start = start.add({ days: 7 })) {
    weeks.push(
      Array.from({ length: 7 }, (_, i) => {
        const date = start.add({ days: i });
        return dayOf(date, zone, date.month === anchor.month);
      }),
    );
  }
  return weeks;
}

/** The days shown, in order (a month's weeks flattened). */
export const visibleDays = (mode: CalendarMode, anchorMs: number, zone: string, weekStartsOn = 1): CalendarDay[] =>
  mode === 'month' ? monthWeeks(anchorMs, zone, weekStartsOn).flat() : weekDays(anchorMs, zone, weekStartsOn);

/** The anchor one week or month before (delta -1) or after (+1), as the first instant of that day. */
export function shiftAnchor(anchorMs: number, zone: string, mode: CalendarMode, delta: number): number {
  const date = dateInZone(anchorMs, zone);
  return startOf(mode === 'month' ? date.with({ day: 1 }).add({ months: delta }) : date.add({ weeks: delta }), zone);
}

/**
 * Items per day, in the order of `days`, each day's items sorted by time; items outside every
 * day are left out. Days are contiguous and sorted, so one binary search per item.
 */
export function bucketByDay<T>(items: readonly T[], at: (item: T) => number, days: readonly CalendarDay[]): T[][] {
  const buckets = days.map((): T[] => []);
  for (const item of [...items].sort((a, b) => at(a) - at(b))) {
    const t = at(item);
    let lo = 0;
    let hi = days.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const day = days[mid]!;
      if (t < day.start) hi = mid - 1;
      else if (t >= day.end) lo = mid + 1;
      else {
        buckets[mid]!.push(item);
        break;
      }
    }
  }
  return buckets;
}

export interface HourCell<T> {
  /**
   * How long this local hour lasts that day: 60, 0 when the clocks skip it, 120 when they go
   * back and it happens twice (30 or 90 in the few zones that shift by half an hour).
   */
  minutes: number;
  /** Its items, by time (both passes of an hour that happens twice). */
  items: T[];
}

/** Where a local wall-clock time falls (`compatible`: a skipped time moves forward, a repeated one takes its first pass). */
const instantOf = (dateTime: Temporal.PlainDateTime, zone: string): number => dateTime.toZonedDateTime(zone).epochMilliseconds;

/**
 * The week by hour: `grid[hour][day]` for local hours 0–23 of each of `days`. Rows are wall-clock
 * hours, so on the day the clocks go forward one row is empty (the hour does not exist), and on
 * the day they go back one row holds both passes of the repeated hour; an item is placed by its
 * own local date and hour, never by adding hours to midnight.
 */
export function hourGrid<T>(items: readonly T[], at: (item: T) => number, days: readonly CalendarDay[], zone: string): HourCell<T>[][] {
  const grid = Array.from({ length: 24 }, (_, hour) =>
    days.map((day): HourCell<T> => {
      const start = Temporal.PlainDate.from(day.date).toPlainDateTime({ hour });
      return { minutes: (instantOf(start.add({ hours: 1 }), zone) - instantOf(start, zone)) / 60_000, items: [] };
    }),
  );
  bucketByDay(items, at, days).forEach((dayItems, column) => {
    for (const item of dayItems) {
      const hour = Temporal.Instant.fromEpochMilliseconds(at(item)).toZonedDateTimeISO(zone).hour;
      grid[hour]![column]!.items.push(item);
    }
  });
  return grid;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, options: Intl.DateTimeFormatOptions, locale?: string): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${zone}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    formatters.set(key, format);
  }
  return format;
}

/** `14:05` in `zone`, 24-hour. */
export const timeInZone = (ms: number, zone: string, locale?: string): string =>
  formatter(zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, locale).format(ms);

/** `02:30 CEST`: a time in an hour that happens twice needs its offset to be told apart. */
export const timeWithZoneName = (ms: number, zone: string, locale?: string): string =>
  formatter(zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }, locale).format(ms);

/** `Mon 2 Mar, 14:05` in `zone`: a moment in a list, with its weekday. */
export const dateTimeInZone = (ms: number, zone: string, locale?: string): string =>
  formatter(
    zone,
    { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    locale,
  ).format(ms);

/** The heading over the grid: `March 2026`, or `23 – 29 Mar 2026` for a week. */
export function rangeTitle(mode: CalendarMode, days: readonly CalendarDay[], zone: string, locale?: string): string {
  const inRange = days.filter((day) => day.inRange);
  const first = inRange[0];
  const last = inRange[inRange.length - 1];
  if (!first || !last) return '';
  // Noon of the day, so the label never slips to a neighbouring date.
  const mid = (day: CalendarDay) => (day.start + day.end) / 2;
  if (mode === 'month') return formatter(zone, { month: 'long', year: 'numeric' }, locale).format(mid(first));
  return formatter(zone, { day: 'numeric', month: 'short', year: 'numeric' }, locale).formatRange(mid(first), mid(last));
}

/** `Monday 2 March`: a day's full name for screen readers. */
export const dayLabel = (day: CalendarDay, zone: string, locale?: string): string =>
  formatter(zone, { weekday: 'long', day: 'numeric', month: 'long' }, locale).format((day.start + day.end) / 2);

/** `Mon 2`: a column head for sighted readers (the full `dayLabel` goes to screen readers). */
export const shortDayLabel = (day: CalendarDay, zone: string, locale?: string): string =>
  formatter(zone, { weekday: 'short', day: 'numeric' }, locale).format((day.start + day.end) / 2);

/** The zone this browser shows times in (the viewer's zone). */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
