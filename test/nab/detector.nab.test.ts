/**
 * Runs `main/cli/nab.ts` exactly as `npm run nab` does, then scores its output: a regression
 * in detection quality on NAB fails here, not in a benchmark nobody reads.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findNabDir } from '../nabPath.js';
import { loadCorpus } from './nabFiles.js';
import { scoreAllProfiles } from './scorer.js';

const nabDir = findNabDir();
if (!nabDir) console.warn('NAB data is absent (../shared/nab or SURGE_NAB_DIR): the NAB detector score test is SKIPPED');
const repo = resolve(import.meta.dirname, '..', '..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');

/** Measured scores minus 2 (see the issue-4 note); raise them when the detector improves. */
const FLOORS = { standard: 84.4, reward_low_FP_rate: 81.9, reward_low_FN_rate: 87.2 } as const;

function runNab(data: string, out: string): { status: number | null; stderr: string } {
  const r = spawnSync(tsx, ['main/cli/nab.ts', '--data', data, '--out', out], { cwd: repo, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('npm run nab', () => {
  it.skipIf(!nabDir)('writes one scored row per input row and stays above the score floors', () => {
    const out = mkdtempSync(join(tmpdir(), 'surge-nab-'));
    execFileSync(tsx, ['main/cli/nab.ts', '--data', join(nabDir as string, 'data'), '--out', out], { cwd: repo });
    const inRows = readFileSync(join(nabDir as string, 'data', 'realTweets', 'Twitter_volume_CVS.csv'), 'utf8')
      .trim()
      .split('\n');
    const outRows = readFileSync(join(out, 'realTweets', 'surge_Twitter_volume_CVS.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(outRows[0]).toBe('timestamp,value,anomaly_score');
    expect(outRows.length).toBe(inRows.length);
    expect(outRows[5]?.split(',').slice(0, 2)).toEqual(inRows[5]?.split(','));
    const scores = scoreAllProfiles(loadCorpus(out, nabDir as string));
    console.log(scores.map((s) => `${s.profile} ${s.normalized.toFixed(2)}`).join(' | '));
    for (const s of scores) expect(s.normalized, s.profile).toBeGreaterThanOrEqual(FLOORS[s.profile]);
  });

  it('fails clearly on a missing directory or a malformed CSV', () => {
    const missing = runNab('/definitely/not/here', join(tmpdir(), 'surge-nab-none'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    const bad = mkdtempSync(join(tmpdir(), 'surge-nab-bad-'));
    mkdirSync(join(bad, 'sub'));
    writeFileSync(join(bad, 'sub', 'x.csv'), 'timestamp,value\n2015-01-01 00:00:00,3\n2015-01-01 00:05:00,lots\n');
    const malformed = runNab(bad, join(bad, 'out'));
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toMatch(/sub\/x\.csv:3: value must be a non-negative number/);
  });
});
