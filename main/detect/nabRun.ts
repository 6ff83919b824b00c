/**
 * The pure part of the NAB runner: parse a `timestamp,value` CSV, run the live detector over
 * its rows in order, and format `timestamp,value,anomaly_score`. File walking is in the CLI.
 */
import { toMinute } from '../../shared/domain.js';
import type { DetectorConfig } from './config.js';
import { createDetector, stepInPlace } from './detector.js';

export interface SeriesRow {
  /** The timestamp text as given, echoed back unchanged. */
  timestamp: string;
  ms: number;
  value: number;
}

export class CsvFormatError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'CsvFormatError';
  }
}

/** NAB timestamps are naive UTC (`2015-02-26 21:42:53`); ISO strings are accepted too. */
function parseTime(text: string): number {
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  return Date.parse(iso);
}

/**
 * Rows are kept in file order. A timestamp at or before the previous one (NAB's AWS files repeat
 * an hour at a daylight-saving change) is not an error: the detector ignores such a row as late
 * and it scores 0, so the output still has one row per input row.
 */
export function parseSeriesCsv(text: string, where: string): SeriesRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim());
  const ti = header.indexOf('timestamp');
  const vi = header.indexOf('value');
  if (ti < 0 || vi < 0) throw new CsvFormatError(`${where}:1`, `header must name timestamp and value, got "${lines[0] ?? ''}"`);
  const rows: SeriesRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    const cells = line.split(',');
    const timestamp = (cells[ti] ?? '').trim();
    const ms = parseTime(timestamp);
    const value = Number(cells[vi]);
    if (!Number.isFinite(ms)) throw new CsvFormatError(`${where}:${i + 1}`, `unreadable timestamp "${timestamp}"`);
    if (!Number.isFinite(value) || value < 0 || (cells[vi] ?? '').trim() === '') {
      throw new CsvFormatError(`${where}:${i + 1}`, `value must be a non-negative number, got "${cells[vi] ?? ''}"`);
    }
    rows.push({ timestamp, ms, value });
  }
  if (rows.length === 0) throw new CsvFormatError(where, 'no data rows');
  return rows;
}

/** One onset score per row: the value the lifecycle opens and escalates alerts on. */
export function scoreRows(rows: readonly SeriesRow[], config: Partial<DetectorConfig> = {}): Float64Array {
  const state = createDetector(config);
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as SeriesRow;
    out[i] = stepInPlace(state, { minute: toMinute(r.ms), count: Math.round(r.value) }).onset;
  }
  return out;
}

export function formatResultCsv(rows: readonly SeriesRow[], scores: Float64Array): string {
  const parts = ['timestamp,value,anomaly_score'];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as SeriesRow;
    const s = scores[i] ?? 0;
    // Nine digits keep distinct scores distinct for a threshold sweep.
    parts.push(`${r.timestamp},${r.value},${s === 0 ? '0' : s.toFixed(9)}`);
  }
  return `${parts.join('\n')}\n`;
}
