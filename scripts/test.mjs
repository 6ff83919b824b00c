#!/usr/bin/env node
// `npm test`: every gate in order, each with a header, and one closing count line.
// Stops at the first failing gate so the cause is the last thing printed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);
const resultsDir = join('out', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const steps = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['lint (runtime fences, no any)', bin('eslint'), ['--max-warnings', '0', '.']],
  [
    'layers (main/ layer order, no value-import cycles)',
    bin('depcruise'),
    ['main', 'shared', 'renderer', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
  ],
  ['electronegativity (Electron security static gate)', process.execPath, ['scripts/electronegativity.mjs']],
  [
    'unit and integration tests (node)',
    bin('vitest'),
    ['run', '--project', 'node', '--reporter=default', '--reporter=json', `--outputFile.json=${join(resultsDir, 'node.json')}`],
  ],
  ['build the web UI for browser tests', bin('vite'), ['build', '--logLevel', 'warn']],
  [
    'browser end-to-end tests (Chromium)',
    bin('vitest'),
    ['run', '--project', 'e2e', '--reporter=default', '--reporter=json', `--outputFile.json=${join(resultsDir, 'e2e.json')}`],
  ],
];

let failedStep = null;
for (const [title, command, args] of steps) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const run = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`\n✗ ${title} failed after ${seconds}s (exit ${run.status ?? run.signal}).`);
    failedStep = title;
    break;
  }
  console.log(`✓ ${title} (${seconds}s)`);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of ['node.json', 'e2e.json']) {
  try {
    const report = JSON.parse(readFileSync(join(resultsDir, name), 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } catch {
    // A suite that did not run has no report; the failed step above says why.
  }
}
if (failedStep && failed === 0) failed = 1;
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStep ? 1 : 0);
