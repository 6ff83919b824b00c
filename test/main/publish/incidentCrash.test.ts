/**
 * Crash while incident mode is on (RELIABILITY case 11): the real engine process enters incident
 * mode, and is killed with SIGKILL 0–50 ms after its confirmation, while it keeps writing. On
 * restart the clock is past the posts' time (within the late limit, so they would go out if not
 * held): incident mode must still be on, every post held, and nothing sent. A kill -9 tests the
 * confirmation order (the answer only after the fsynced commit), not power loss (case 12).
 * Rounds: SURGE_INCIDENT_KILLS (default 10: each costs a process start on a shared machine; 50 for the full case).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../main/core/engine.js';
import { FakeClock } from '../../fixtures/fakes/clock.js';
import { ACCOUNTS, testKeyring } from './desk.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..', '..');
const ROUNDS = Number(process.env.SURGE_INCIDENT_KILLS ?? 10);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Starts the child, kills it `delayMs` after it confirmed; resolves once it is dead. */
function killAfterConfirm(dataDir: string, delayMs: number): Promise<NodeJS.Signals | null> {
  // `node --import tsx`, not the tsx CLI, so the SIGKILL hits the engine's own process.
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'incidentCrashChild.ts'), dataDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let confirmed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!confirmed && out.includes('CONFIRMED\n')) {
        confirmed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.once('exit', (_code, signal) =>
      confirmed ? resolvePromise(signal) : reject(new Error(`the child died before confirming: ${stderr.slice(-2000)}`)),
    );
  });
}

describe('a crash right after incident mode was confirmed', () => {
  it(`keeps incident mode on and sends nothing after ${ROUNDS} SIGKILLs`, { timeout: 20_000 + ROUNDS * 6_000 }, async () => {
    const delays: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'surge-incident-crash-'));
      dirs.push(dataDir);
      const delay = Math.floor((round * 50) / Math.max(1, ROUNDS - 1));
      delays.push(delay);
      expect(await killAfterConfirm(dataDir, delay)).toBe('SIGKILL');

      const requests: string[] = [];
      // Five minutes on: the posts are overdue but inside the 15-minute late limit.
      const clock = new FakeClock(Date.now() + 5 * 60_000);
      const engine = createEngine({
        dataDir,
        version: 'test',
        accounts: ACCOUNTS,
        keyring: testKeyring,
        clock,
        http: {
          request: (url) => {
            requests.push(String(url));
            return Promise.reject(new Error('no network'));
          },
        },
        tickMs: 3_600_000,
        sourceWorker: false,
      });
      try {
        expect(engine.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(engine.store.publishGate.incident()).toMatchObject({ active: true, reason: 'Checkout is down' });
        engine.scheduler.recover();
        expect(await engine.scheduler.tick()).toBe(0);
        clock.advance(60_000);
        expect(await engine.scheduler.tick()).toBe(0);
        expect(engine.store.publishGate.heldCount()).toBe(5);
        expect(requests).toEqual([]);
      } finally {
        await engine.stop();
      }
    }
    console.log(
      `incident crash: ${ROUNDS} SIGKILLs ${delays.join('/')} ms after the confirmation; incident mode on after each, 5/5 posts held, sends: 0`,
    );
  });
});
