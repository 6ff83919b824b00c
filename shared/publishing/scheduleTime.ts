/**
 * Wall time + IANA zone ⇄ instant, for scheduling. A post is stored as an instant plus the
 * author's zone; a wall time that does not exist (spring forward) or exists twice (fall back)
 * is never guessed: the caller gets both candidates and a sentence to show, and picks one.
 */
import { Temporal } from 'temporal-polyfill';

/** `YYYY-MM-DDTHH:mm` (seconds optional), as an `<input type="datetime-local">` gives it. */
// eslint-disable-next-line security/detect-unsafe-regex -- bounded repeats only
export const LOCAL_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

export type Choice = 'earlier' | 'later';

export type ScheduleTime =
  | { kind: 'ok'; at: number }
  | {
      /** The wall time is skipped by a clock change (e.g. 02:30 on a spring-forward day). */
      kind: 'gap';
      message: string;
      earlier: number;
      later: number;
    }
  | {
      /** The wall time happens twice (fall back): once before and once after the change. */
      kind: 'repeat';
      message: string;
      earlier: number;
      later: number;
    }
  | { kind: 'invalid'; message: string };

export function isValidZone(zone: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

/** Wall clock text of an instant in a zone, e.g. "2027-03-14 03:30 EDT". */
export function formatInstant(at: number, zone: string, locale = 'en-US'): string {
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}

/** The `YYYY-MM-DDTHH:mm` wall time of an instant in a zone (to fill a datetime-local input). */
export function toLocalTime(at: number, zone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(zone);
  return z.toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/**
 * The instant a wall time in `zone` names. Without `choice`, a gap or a repeat is answered as
 * such (never guessed); with it, the chosen candidate is the answer.
 */
export function resolveScheduleTime(localTime: string, zone: string, choice?: Choice): ScheduleTime {
  if (!LOCAL_TIME_PATTERN.test(localTime)) return { kind: 'invalid', message: `“${localTime}” is not a date and time (YYYY-MM-DDTHH:mm).` };
  if (!isValidZone(zone)) return { kind: 'invalid', message: `“${zone}” is not a time zone this computer knows.` };
  let wall: Temporal.PlainDateTime;
  try {
    wall = Temporal.PlainDateTime.from(localTime, { overflow: 'reject' });
  } catch {
    return { kind: 'invalid', message: `“${localTime}” is not a real date and time.` };
  }
  try {
    return { kind: 'ok', at: wall.toZonedDateTime(zone, { disambiguation: 'reject' }).epochMilliseconds };
  } catch {
    // Fall through: the wall time is skipped or doubled in this zone.
  }
  const earlierZ = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  const laterZ = wall.toZonedDateTime(zone, { disambiguation: 'later' });
  const [earlier, later] = [earlierZ.epochMilliseconds, laterZ.epochMilliseconds].sort((a, b) => a - b) as [number, number];
  if (choice) return { kind: 'ok', at: choice === 'earlier' ? earlier : later };
  const shown = localTime.replace('T', ' ').slice(0, 16);
  const isRepeat = earlierZ.toPlainDateTime().equals(wall) && laterZ.toPlainDateTime().equals(wall);
  if (isRepeat) {
    return {
      kind: 'repeat',
      message: `${shown} happens twice in ${zone} (the clocks go back): first at ${formatInstant(earlier, zone)}, again at ${formatInstant(later, zone)}. Choose one.`,
      earlier,
      later,
    };
  }
  return {
    kind: 'gap',
    message: `${shown} does not exist in ${zone} (the clocks go forward): choose ${formatInstant(earlier, zone)} or ${formatInstant(later, zone)}.`,
    earlier,
    later,
  };
}
