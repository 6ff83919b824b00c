/**
 * Tries one detector configuration on the six NAB files, through the same runner and
 * cross-validation as `npm run nab:cv`, without writing files:
 *   npx tsx test/nab/evaluate.ts ['{"levelHalfLifeMinutes":120}']
 * Prints the leave-one-file-out score (the one to improve) beside the in-sample one.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DetectorConfig } from '../../main/detect/config.js';
import { findNabDir } from '../nabPath.js';
import { evaluateCandidates, loadLabelled, runCorpus, syntheticLabelled, transfer, type ProfileResult } from './cv.js';
import type { ProfileName } from './scorer.js';

export function evaluateDetector(nabDir: string, overrides: Partial<DetectorConfig> = {}): ProfileResult[] {
  const six = loadLabelled(join(nabDir, 'data'), join(nabDir, 'labels', 'combined_windows.json'));
  return evaluateCandidates(six, [{ label: 'given', config: overrides }]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const nab = findNabDir();
  if (!nab) throw new Error('NAB data is absent (../shared/nab or SURGE_NAB_DIR)');
  const overrides = JSON.parse(process.argv.slice(2).find((a) => a.startsWith('{')) ?? '{}') as Partial<DetectorConfig>;
  const results = evaluateDetector(nab, overrides);
  const thresholds = Object.fromEntries(results.map((r) => [r.profile, r.inSampleThreshold])) as Record<ProfileName, number>;
  const synth = transfer(runCorpus(syntheticLabelled(), overrides), thresholds);
  for (const [k, s] of results.entries()) {
    const y = synth[k];
    console.log(
      `${s.profile.padEnd(20)} cv ${s.cv.toFixed(2).padStart(6)}  in-sample ${s.inSample.toFixed(2).padStart(6)} @ ${s.inSampleThreshold.toFixed(4)}` +
        `  synthetic ${(y?.atSixThreshold ?? NaN).toFixed(1)} (own ${(y?.inSample ?? NaN).toFixed(1)})`,
    );
  }
  if (process.argv.includes('--folds'))
    for (const f of results[0]?.folds ?? [])
      console.log(`  ${f.heldOut.padEnd(36)} ${f.normalized.toFixed(1)} @ ${f.threshold.toFixed(4)}`);
}
