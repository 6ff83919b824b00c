/** Formatting at the edge: the store keeps epoch ms and raw counts. */
import { parseSeriesKey } from '../../shared/domain.js';

// English words around the numbers, so English grouping, the same as `countOf` (shared/plural.ts).
const numberFormat = new Intl.NumberFormat('en-US');
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

const dayTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export const formatCount = (value: number): string => numberFormat.format(Math.round(value));
export const formatClock = (ms: number): string => timeFormat.format(ms);
const secondsFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
/** `17:02:59`: a post's moment within its minute. */
export const formatClockSeconds = (ms: number): string => secondsFormat.format(ms);
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });
/** `Thu 3`: a chart's midnight tick, where "00:00" would not say which day. */
export const formatDay = (ms: number): string => dayFormat.format(ms);
export const formatDateTime = (ms: number): string => dateTimeFormat.format(ms);
/** `Nov 23, 16:30`: for minute-grained moments (backtests), where seconds are noise. */
export const formatDayTime = (ms: number): string => dayTimeFormat.format(ms);

/** 1 decimal under 10 (2.4×), whole above (14×). */
export const formatRatio = (ratio: number): string => `${ratio < 10 ? ratio.toFixed(1) : Math.round(ratio)}×`;

export function formatAgo(ms: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return formatDateTime(ms);
}

export function formatLag(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 1) return '< 1 s';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** `source:mastodon` → `mastodon`, `total` → `All sources`. */
export function seriesLabel(key: string): string {
  const parsed = parseSeriesKey(key);
  switch (parsed.kind) {
    case 'total':
      return 'All sources';
    case 'drill':
      return 'Fire drill';
    case 'source':
      return parsed.source;
    case 'term':
      return `“${parsed.term}”`;
    case 'unknown':
      return parsed.key;
  }
}

export const formatPercent = (value: number): string => `${Math.round(value * 100)} %`;
