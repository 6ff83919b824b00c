/**
 * Lenient date parsing for feeds. RSS promises RFC 822 and Atom RFC 3339, but real feeds send
 * named US zones, 2-digit years, missing seconds or weekdays, and ISO strings in pubDate.
 * Everything is normalized to epoch ms UTC; null means "could not parse" so the caller can
 * fall back to the fetch time and flag the item instead of inventing a date.
 */
import { parseTimestamp } from './time.js';

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** Offsets in minutes east of UTC. RFC 822 names plus the few others seen in the wild. */
const ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  IST: 330,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

function militaryZone(letter: string): number | null {
  // RFC 822 military zones are famously defined with the wrong sign; RFC 2822 says treat
  // them as unknown, i.e. UTC ("-0000"), which is what mainstream parsers do.
  return /^[A-IK-Za-ik-z]$/.test(letter) ? 0 : null;
}

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === '') return 0;
  // eslint-disable-next-line security/detect-unsafe-regex -- bounded: two-digit groups only
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? '0');
    if (hours > 23 || minutes > 59) return null;
    return sign * (hours * 60 + minutes);
  }
  const upper = zone.toUpperCase();
  const named = ZONES[upper];
  if (named !== undefined) return named;
  return upper.length === 1 ? militaryZone(upper) : null;
}

function fullYear(year: string): number {
  const y = Number(year);
  if (year.length === 4) return y;
  // RFC 2822 §4.3: 2-digit years below 50 are 20xx, the rest 19xx; 3-digit years add 1900.
  if (year.length === 2) return y < 50 ? 2000 + y : 1900 + y;
  return 1900 + y;
}

function build(year: number, month: number, day: number, h: number, m: number, s: number, ms: number, offset: number): number | null {
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 24 || m > 59 || s > 60) return null;
  const utc = Date.UTC(year, month, day, h, m, Math.min(s, 59), ms);
  // Date.UTC rolls 31 Feb into March; a feed that says 31 Feb is wrong, not in March.
  const check = new Date(Date.UTC(year, month, day));
  if (check.getUTCMonth() !== month) return null;
  return utc - offset * 60_000;
}

// [weekday,] day month year hh:mm[:ss] [zone]   (weekday and seconds optional, zone optional)
const RFC822 =
  // eslint-disable-next-line security/detect-unsafe-regex -- anchored on whitespace-collapsed text; only the trailing (.*) scans, a bounded number of times
  /^(?:[A-Za-z]{2,9},?\s+)?(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2,4})(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?(?:\s*\(.*\))?$/;
// Some generators swap day and month: "Wed, May 14 2025 09:00:00 GMT".
const MONTH_FIRST =
  // eslint-disable-next-line security/detect-unsafe-regex -- anchored, repeats bounded and split by fixed separators
  /^(?:[A-Za-z]{2,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/;

/** RFC 822 / 2822 with the usual deviations. */
export function parseRfc822Date(input: string): number | null {
  const s = input.trim().replace(/\s+/g, ' ');
  let day: string | undefined, mon: string | undefined, year: string | undefined;
  let hh: string | undefined, mm: string | undefined, ss: string | undefined, zone: string | undefined;
  const a = RFC822.exec(s);
  if (a) {
    [, day, mon, year, hh, mm, ss, zone] = a;
  } else {
    const b = MONTH_FIRST.exec(s);
    if (!b) return null;
    [, mon, day, year, hh, mm, ss, zone] = b;
  }
  if (!day || !mon || !year || !hh || !mm) return null;
  const month = MONTHS[mon.slice(0, 3).toLowerCase()];
  if (month === undefined) return null;
  const offset = zoneOffsetMinutes(zone);
  if (offset === null) return null;
  return build(fullYear(year), month, Number(day), Number(hh), Number(mm), Number(ss ?? '0'), 0, offset);
}

/** Any date a feed might carry: ISO first (also found inside pubDate), then RFC 822 variants. */
export function parseFeedDate(input: string | null | undefined): number | null {
  if (!input) return null;
  const s = input.trim();
  if (s === '') return null;
  return parseTimestamp(s) ?? parseRfc822Date(s);
}
