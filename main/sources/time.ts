/**
 * Timestamps from the outside: RFC 3339 / ISO 8601 with any offset, with or without
 * fractional seconds (Mastodon sends microseconds in headers), plus clock-skew clamping.
 */

// eslint-disable-next-line security/detect-unsafe-regex -- bounded repeats only
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,12}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Epoch ms, or null when the string is not a real date (garbage, 2025-02-30, hour 25). */
export function parseTimestamp(raw: string | null | undefined): number | null {
  if (typeof raw !== 'string') return null;
  const fast = parseUtcIso(raw);
  if (fast !== undefined) return fast;
  const m = ISO.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  // RFC 3339 allows a leap second (60); JS dates do not, so it becomes the next second.
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  if (hour === 24 && (minute !== 0 || second !== 0)) return null;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC silently rolls 2025-02-30 over to March: reject instead of inventing a date.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return Number.isFinite(t) ? t : null;
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * The shape nearly every API sends, `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with a year from 100
 * on, read by char code; the same result as the general path. `undefined` means "not this
 * shape": the regex decides.
 */
function parseUtcIso(s: string): number | null | undefined {
  const n = s.length;
  if (n < 20 || n > 32) return undefined;
  const z = s.charCodeAt(n - 1);
  if (
    (z !== 90 && z !== 122) ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return undefined;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46 || n === 21) return undefined;
    for (let i = 20; i < n - 1; i++) if (Number.isNaN(digit(s, i))) return undefined;
  }
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  // NaN (a non-digit) fails every comparison below except the first: test it explicitly.
  if (!(year >= 100) || Number.isNaN(month + day + hour + minute + second)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 24 || minute > 59 || second > 60) return null;
  if (hour === 24 && (minute !== 0 || second !== 0)) return null;
  const ms = n > 20 ? Math.floor(Number(`0.${s.slice(20, n - 1)}`) * 1000) : 0;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return Number.isFinite(t) ? t : null;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch seconds (possibly fractional, possibly a numeric string) → epoch ms, or null. */
export function epochSecondsToMs(raw: unknown): number | null {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return null;
  return Math.round(n * 1000);
}

/**
 * A post cannot be newer than the moment we fetched it: a timestamp in the future (a
 * skewed server or client clock) is clamped to `now` so charts and lag stay honest. A
 * missing or unparseable time falls back to `now` too, flagged so callers can tell.
 */
export function clampCreatedAt(ms: number | null, now: number): { createdAt: number; adjusted: boolean } {
  if (ms === null || !Number.isFinite(ms)) return { createdAt: Math.trunc(now), adjusted: true };
  if (ms > now) return { createdAt: Math.trunc(now), adjusted: true };
  return { createdAt: Math.trunc(ms), adjusted: false };
}

/** Parse and clamp in one step, for the common case. */
export function postTime(raw: string | null | undefined, now: number): number {
  return clampCreatedAt(parseTimestamp(raw), now).createdAt;
}

/** RFC 3339 in UTC with milliseconds, for query parameters such as Bluesky `since`. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
