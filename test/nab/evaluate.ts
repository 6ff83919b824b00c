/**
 * Runs the live detector over the NAB data in memory and scores it, without writing files:
 *   npx tsx test/nab/evaluate.ts ['{"levelHalfLifeMinutes":120}']
 * Used to check a configuration change against all three profiles in a second or two.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toMinute } from '../../shared/domain.js';
import type { DetectorConfig } from '../../main/detect/config.js';
import { createDetector, stepInPlace } from '../../main/detect/detector.js';
import { findNabDir } from '../nabPath.js';
import { readResultCsv, readWindows } from './nabFiles.js';
import { scoreAllProfiles, type ProfileScore, type ScoredSeries } from './scorer.js';

export function evaluateDetector(nabDir: string, overrides: Partial<DetectorConfig> = {}): ProfileScore[] {
  const corpus: ScoredSeries[] = [];
  for (const [key, windows] of readWindows(nabDir)) {
    const rows = readResultCsvLoose(join(nabDir, 'data', key));
    const state = createDetector(overrides);
    const scores = rows.timestamps.map((t, i) => stepInPlace(state, { minute: toMinute(t), count: rows.values[i] ?? 0 }).onset);
    corpus.push({ name: key, timestamps: rows.timestamps, scores, windows });
  }
  return scoreAllProfiles(corpus);
}

/** Data files have no anomaly_score column; reuse the reader with a zero column. */
function readResultCsvLoose(path: string): { timestamps: number[]; values: number[] } {
  return readResultCsv(path, { scoreOptional: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const nab = findNabDir();
  if (!nab) throw new Error('NAB data is absent beside the repo');
  const overrides = JSON.parse(process.argv[2] ?? '{}') as Partial<DetectorConfig>;
  for (const s of evaluateDetector(nab, overrides))
    console.log(`${s.profile.padEnd(20)} ${s.normalized.toFixed(2).padStart(7)}  threshold ${s.threshold.toFixed(4)}`);
}
