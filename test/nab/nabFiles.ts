/** Reads NAB's labels and a results directory into `ScoredSeries` for the scorer. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ScoredSeries } from './scorer.js';

/** NAB timestamps are naive UTC strings, sometimes with microseconds. */
export function parseNabTime(text: string): number {
  const t = Date.parse(`${text.trim().slice(0, 19).replace(' ', 'T')}Z`);
  if (Number.isNaN(t)) throw new Error(`bad NAB timestamp: ${JSON.stringify(text)}`);
  return t;
}

export function listCsv(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listCsv(full));
    else if (entry.endsWith('.csv')) out.push(full);
  }
  return out;
}

export interface ResultRows {
  timestamps: number[];
  values: number[];
  scores: number[];
}

export function readResultCsv(path: string, opts: { scoreOptional?: boolean } = {}): ResultRows {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const ti = header.indexOf('timestamp');
  const vi = header.indexOf('value');
  const si = header.indexOf('anomaly_score');
  if (ti < 0 || (si < 0 && !opts.scoreOptional)) throw new Error(`${path}: header needs timestamp and anomaly_score, got ${lines[0]}`);
  const out: ResultRows = { timestamps: [], values: [], scores: [] };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const cells = line.split(',');
    out.timestamps.push(parseNabTime(cells[ti] ?? ''));
    out.values.push(vi >= 0 ? Number(cells[vi]) : 0);
    const score = si >= 0 ? Number(cells[si]) : 0;
    if (!Number.isFinite(score)) throw new Error(`${path}:${i + 1}: anomaly_score is not a number`);
    out.scores.push(score);
  }
  return out;
}

/** `combined_windows.json` keyed by data path (`realTweets/Twitter_volume_AAPL.csv`). */
export function readWindows(nabDir: string): Map<string, Array<[number, number]>> {
  const raw = JSON.parse(readFileSync(join(nabDir, 'labels', 'combined_windows.json'), 'utf8')) as Record<string, string[][]>;
  const out = new Map<string, Array<[number, number]>>();
  for (const [key, list] of Object.entries(raw)) {
    out.set(
      key,
      list.map(([a, b]) => [parseNabTime(a ?? ''), parseNabTime(b ?? '')]),
    );
  }
  return out;
}

/**
 * Pairs every labelled data file with its result file `<sub>/<anything>_<name>.csv` under
 * `resultsDir` (NAB names results `<detector>_<data file name>`).
 */
export function loadCorpus(resultsDir: string, nabDir: string): ScoredSeries[] {
  const windows = readWindows(nabDir);
  const results = listCsv(resultsDir).map((p) => relative(resultsDir, p).split(sep).join('/'));
  const corpus: ScoredSeries[] = [];
  for (const [key, limits] of windows) {
    const slash = key.lastIndexOf('/');
    const sub = key.slice(0, slash + 1);
    const name = key.slice(slash + 1);
    const match = results.find((r) => r.startsWith(sub) && r.endsWith(`_${name}`) && !r.slice(sub.length).includes('/'));
    if (!match) throw new Error(`no result file for ${key} under ${resultsDir}`);
    const rows = readResultCsv(join(resultsDir, match));
    corpus.push({ name: key, timestamps: rows.timestamps, scores: rows.scores, windows: limits });
  }
  return corpus;
}
