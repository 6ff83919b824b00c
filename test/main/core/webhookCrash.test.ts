/**
 * RELIABILITY test 24 applied to webhooks: SIGKILL the hub right after it answered 202s,
 * reopen the data folder, and every acknowledged post must be stored, exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../main/core/engine.js';
import { parseSourcesConfig } from '../../../main/sources/config.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..', '..');
const CHILD = join(HERE, 'webhookCrashChild.ts');
const SECRET = 'correct-horse-battery-staple-42';
const ROUNDS = 3;
const SENDERS = 6;

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a
  // SIGKILL to the CLI would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, SECRET], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const ready = /READY (\S+)\n/.exec(out);
      if (ready) resolvePromise({ child, url: ready[1]! });
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${stderr.slice(-2000)}`)));
  });
}

describe('webhook acceptance survives kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'surge-webhook-crash-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged delivery across ${ROUNDS} SIGKILLs`, { timeout: 90_000 }, async () => {
    const acked = new Set<string>();
    let refusedOrCut = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { child, url } = await startChild(dataDir);
      children.push(child);
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      // Kill somewhere between a handful of acknowledgements and a few dozen.
      const killAfter = 5 + Math.floor(Math.random() * 40);
      let ackedThisRound = 0;
      let next = 0;
      let dead = false;

      const sender = async (): Promise<void> => {
        while (!dead) {
          const n = next++;
          const ids = Array.from({ length: 1 + (n % 20) }, (_, i) => `r${round}-d${n}-p${i}`);
          const body = JSON.stringify({ posts: ids.map((id) => ({ id, text: `is acme down? ${id}` })) });
          try {
            const res = await fetch(`${url}/api/webhooks/ops`, { method: 'POST', headers: { 'x-surge-secret': SECRET }, body });
            if (res.status !== 202) {
              refusedOrCut++;
              continue;
            }
            ids.forEach((id) => acked.add(id));
            if (++ackedThisRound >= killAfter && !dead) {
              // Right after the 202, with other deliveries in flight on the other senders.
              dead = true;
              child.kill('SIGKILL');
            }
          } catch {
            // Connection cut by the kill: never acknowledged, so nothing is owed.
            refusedOrCut++;
          }
        }
      };
      await Promise.all(Array.from({ length: SENDERS }, () => sender()));
      await exited;
      expect(child.signalCode).toBe('SIGKILL');
    }

    const parsed = parseSourcesConfig([{ type: 'webhook', name: 'ops', secret: SECRET }]);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const engine = createEngine({ dataDir, version: 'test', sources: parsed.value, tickMs: 60_000 });
    try {
      expect(engine.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (let i = 0; i < 20 && engine.store.webhookInbox.waiting('ops').posts > 0; i++) await engine.poller.pollNow('ops');
      await engine.poller.pollNow('ops');
      expect(engine.store.webhookInbox.waiting('ops').deliveries).toBe(0);
      const stored = engine.store.db
        .prepare<[], { external_id: string; n: number }>(
          "SELECT external_id, COUNT(*) AS n FROM posts WHERE source = 'ops' GROUP BY external_id",
        )
        .all();
      const storedIds = new Set(stored.map((r) => r.external_id));
      const missing = [...acked].filter((id) => !storedIds.has(id));
      expect(missing, `acknowledged but lost (of ${acked.size}; ${refusedOrCut} refused or cut)`).toEqual([]);
      expect(stored.filter((r) => r.n !== 1)).toEqual([]);
      expect(acked.size).toBeGreaterThan(ROUNDS * 5);
    } finally {
      await engine.stop();
    }
  });
});
