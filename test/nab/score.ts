/**
 * Scores a NAB results directory with all three profiles:
 *   npx tsx test/nab/score.ts --results DIR [--nab DIR]
 */
import { findNabDir } from '../nabPath.js';
import { loadCorpus } from './nabFiles.js';
import { scoreAllProfiles } from './scorer.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const results = arg('--results');
const nab = arg('--nab') ?? findNabDir();
if (!results || !nab) {
  console.error('usage: tsx test/nab/score.ts --results DIR [--nab NAB_DIR]  (NAB data not found beside the repo)');
  process.exit(2);
}
for (const s of scoreAllProfiles(loadCorpus(results, nab))) {
  console.log(`${s.profile.padEnd(20)} ${s.normalized.toFixed(2).padStart(7)}  raw ${s.raw.toFixed(3)}  threshold ${s.threshold}`);
}
