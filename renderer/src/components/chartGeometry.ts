/**
 * The arithmetic behind VolumeChart: plot box, scales, ticks and SVG path strings. Kept apart
 * from React so an update costs a few string joins over the drawn points and a handful of
 * elements, not one React element (and label, and measured tick) per point as recharts did:
 * four 10k-point charts updating each second must fit a 16 ms frame.
 */
import { MINUTE_MS } from '../../../shared/domain.js';
import type { WallRow } from '../store/wall/rows.js';

export interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Scale {
  /** Value → pixel. */
  at: (value: number) => number;
  domain: [number, number];
  ticks: number[];
}

export interface TimeScale extends Scale {
  /** Ticks that fall on local midnight: labelled with the day rather than "00:00". */
  isMidnight: (tick: number) => boolean;
}

export const Y_AXIS_WIDTH = 48;
const X_AXIS_HEIGHT = 30;
const MARGIN = { top: 8, right: 16, bottom: 4 };

export function plotBox(width: number, height: number): Plot {
  return {
    left: Y_AXIS_WIDTH,
    right: Math.max(Y_AXIS_WIDTH + 1, width - MARGIN.right),
    top: MARGIN.top,
    bottom: Math.max(MARGIN.top + 1, height - MARGIN.bottom - X_AXIS_HEIGHT),
  };
}

function linear(domain: [number, number], from: number, to: number): (value: number) => number {
  const [d0, d1] = domain;
  const k = d1 === d0 ? 0 : (to - from) / (d1 - d0);
  return (value) => from + (value - d0) * k;
}

/** 1, 2 or 5 × a power of ten, at least `raw`, never below 1 (counts are whole). */
function niceStep(raw: number): number {
  if (!(raw > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** Zero to a whole, round top with about four steps. */
export function countScale(max: number, plot: Plot): Scale {
  const step = niceStep(Math.max(max, 1) / 4);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let value = 0; value <= top; value += step) ticks.push(value);
  return { at: linear([0, top], plot.bottom, plot.top), domain: [0, top], ticks };
}

const DAY_MS = 1440 * MINUTE_MS;
const TICK_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];
/** Room a clock label needs, with space between labels. */
const TICK_SPACING_PX = 70;
/** Half a clock label ("14:05" at 12 px). */
const TICK_LABEL_HALF_PX = 20;

/** Ticks on whole local minutes/hours/days, spaced so labels never collide. */
export function timeScale(first: number, last: number, plot: Plot, tzOffsetMs: number): TimeScale {
  const domain: [number, number] = last > first ? [first, last] : [first - MINUTE_MS / 2, first + MINUTE_MS / 2];
  const at = linear(domain, plot.left, plot.right);
  const pxPerMinute = ((plot.right - plot.left) * MINUTE_MS) / (domain[1] - domain[0]);
  const minutes = TICK_MINUTES.find((m) => m * pxPerMinute >= TICK_SPACING_PX) ?? TICK_MINUTES[TICK_MINUTES.length - 1]!;
  const step = minutes * MINUTE_MS;
  const ticks: number[] = [];
  // Local clock: a tick sits where local time (t + offset) is a whole step, so an hour tick
  // reads 14:00 and a day tick midnight, not either shifted by the time zone.
  // A label centred on the right edge would be cut off (a zoom often ends on a whole tick).
  const lastPx = plot.right + MARGIN.right - TICK_LABEL_HALF_PX;
  for (let t = Math.ceil((domain[0] + tzOffsetMs) / step) * step - tzOffsetMs; t <= domain[1]; t += step)
    if (at(t) <= lastPx) ticks.push(t);
  const isMidnight = (tick: number) => (((tick + tzOffsetMs) % DAY_MS) + DAY_MS) % DAY_MS === 0;
  return { at, domain, ticks, isMidnight };
}

/** Half pixels: smooth enough on a 2× screen, and cheap to print (whole numbers print fastest). */
const r1 = (n: number) => Math.round(n * 2) / 2;

/** A polyline through the points that have a value; a null starts a new piece. */
export function linePath(rows: readonly WallRow[], value: (row: WallRow) => number | null, x: Scale, y: Scale): string {
  return extendLine({ d: '', ends: [], pens: [] }, rows, 0, value, x, y).d;
}

/** A line's path so far: its text, and after each row the text's length and whether the pen was down. */
interface LineSoFar {
  d: string;
  ends: number[];
  pens: boolean[];
}

function extendLine(line: LineSoFar, rows: readonly WallRow[], from: number, value: (row: WallRow) => number | null, x: Scale, y: Scale) {
  let { d } = line;
  let pen = from > 0 && line.pens[from - 1]!;
  for (let i = from; i < rows.length; i++) {
    const row = rows[i]!;
    const v = value(row);
    if (v === null) pen = false;
    else {
      d += `${pen ? 'L' : 'M'}${r1(x.at(row.time))},${r1(y.at(v))}`;
      pen = true;
    }
    line.ends.push(d.length);
    line.pens.push(pen);
  }
  line.d = d;
  return line;
}

/**
 * `linePath` for one line of a chart over time: rows are never changed once built, so the text
 * up to the first row that is not the same object is kept and only the rest is written. `key`
 * names what `value` reads (series, minute in progress): another key is a fresh line.
 */
export function followLinePath(): (
  rows: readonly WallRow[],
  key: string,
  value: (row: WallRow) => number | null,
  x: Scale,
  y: Scale,
) => string {
  let last: { rows: readonly WallRow[]; key: string; x: Scale; y: Scale; line: LineSoFar } | null = null;
  return (rows, key, value, x, y) => {
    let from = 0;
    if (last && last.key === key && last.x === x && last.y === y) {
      const shared = Math.min(rows.length, last.rows.length);
      while (from < shared && rows[from] === last.rows[from]) from++;
      if (from === rows.length && from === last.rows.length) return last.line.d;
    }
    const before = last?.line;
    const line: LineSoFar =
      from > 0 && before
        ? { d: before.d.slice(0, before.ends[from - 1]), ends: before.ends.slice(0, from), pens: before.pens.slice(0, from) }
        : { d: '', ends: [], pens: [] };
    last = { rows, key, x, y, line: extendLine(line, rows, from, value, x, y) };
    return line.d;
  };
}

/** The band as closed shapes: along the highs, back along the lows, one shape per unbroken run. */
export function bandPath(rows: readonly WallRow[], x: Scale, y: Scale): string {
  let d = '';
  let upper = '';
  // The lows, as pixel pairs in drawing order, walked backwards when the run ends.
  const lows: number[] = [];
  const close = () => {
    if (upper) {
      let back = '';
      for (let i = lows.length - 2; i >= 0; i -= 2) back += `L${lows[i]},${lows[i + 1]}`;
      d += `${upper}${back}Z`;
    }
    upper = '';
    lows.length = 0;
  };
  for (const row of rows) {
    const band = row.band;
    if (!band) {
      close();
      continue;
    }
    const px = r1(x.at(row.time));
    upper += `${upper ? 'L' : 'M'}${px},${r1(y.at(band[1]))}`;
    lows.push(px, r1(y.at(band[0])));
  }
  close();
  return d;
}

/**
 * Every other row, keeping both ends of each run that has a band: the band and the expected
 * value move slowly, so they need no min/max per column, and Chromium parses half the path.
 */
export function thinned(rows: readonly WallRow[]): WallRow[] {
  const kept: WallRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const edge = !row.band || !rows[i - 1]?.band || !rows[i + 1]?.band;
    if (i % 2 === 0 || edge || i === rows.length - 1) kept.push(row);
  }
  return kept;
}

/** Same time, expected value and bounds: the band drawn through these rows looks the same. */
function sameBand(before: readonly WallRow[], after: readonly WallRow[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (a === b) continue;
    if (a.time !== b.time || a.expected !== b.expected || a.band?.[0] !== b.band?.[0] || a.band?.[1] !== b.band?.[1]) return false;
  }
  return true;
}

/**
 * The band and the expected line of one chart over time. A live tick changes counts, not what
 * the detector expected: the same rows and scales give back the very same strings, so they are
 * neither rebuilt nor handed to the DOM again (two of a chart's three long paths).
 */
export function followBandPaths(): (drawn: readonly WallRow[], x: Scale, y: Scale) => { band: string; expected: string } {
  let last: { rows: WallRow[]; x: Scale; y: Scale; paths: { band: string; expected: string } } | null = null;
  return (drawn, x, y) => {
    const rows = thinned(drawn);
    if (last && last.x === x && last.y === y && sameBand(last.rows, rows)) return last.paths;
    last = { rows, x, y, paths: { band: bandPath(rows, x, y), expected: linePath(rows, (row) => row.expected, x, y) } };
    return last.paths;
  };
}

/** The highest thing drawn: a count of any series, or the top of the band. */
export function highest(rows: readonly WallRow[], keys: readonly string[]): number {
  let max = 0;
  for (const row of rows) {
    for (const key of keys) max = Math.max(max, row.values[key] ?? 0);
    if (row.band) max = Math.max(max, row.band[1]);
    if (row.expected !== null) max = Math.max(max, row.expected);
  }
  return max;
}

/** The row whose minute holds `time` (rows ascend by time), or the nearest one. */
export function rowNear(rows: readonly WallRow[], time: number): WallRow | null {
  if (rows.length === 0) return null;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rows[mid]!.time <= time + MINUTE_MS / 2) lo = mid;
    else hi = mid - 1;
  }
  return rows[lo]!;
}
