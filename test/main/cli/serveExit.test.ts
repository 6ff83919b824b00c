import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..', '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// One process (node --import tsx), not the tsx CLI, which runs the hub in a child of its own
// and would take the signal and the preload itself.
function runHub(preloads: string[], signalAfterReady?: NodeJS.Signals) {
  const dataDir = mkdtempSync(join(tmpdir(), 'surge-serve-exit-'));
  dirs.push(dataDir);
  const imports = ['tsx', ...preloads].flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, [...imports, 'main/cli/serve.ts'], {
    cwd: REPO,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SURGE_DATA_DIR: dataDir },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (signalAfterReady && stdout.includes('listening on')) child.kill(signalAfterReady);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('npm run serve: how the hub process ends', () => {
  it('an unhandled rejection is logged, the database closed, and the process exits non-zero for its supervisor', async () => {
    const preload = pathToFileURL(join(REPO, 'test', 'fixtures', 'preload', 'rejectAfterStart.mjs')).href;
    const result = await runHub([preload]);
    expect(result.stdout).toMatch(/Surge Desk hub listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stderr).toMatch(/"message":"Unhandled promise rejection","error":"canary rejection nobody handles"/);
    expect(result.stderr).toContain('Engine stopped; database closed');
    expect(result.code).toBe(1);
  }, 60_000);

  it('SIGTERM stops it cleanly with exit code 0', async () => {
    const result = await runHub([], 'SIGTERM');
    expect(result.stderr).toContain('Stopped cleanly; database closed');
    expect(result.code).toBe(0);
  }, 60_000);
});
