/**
 * Moves WAL checkpoints off the engine's thread once writing gets busy. Under WAL every commit
 * appends to the log, and by default the committing thread folds the log back into the
 * database every 1000 pages: at ingest rates that is a recurring stall on the engine's thread
 * (and where synchronous=NORMAL does its fsyncs). A worker with its own connection
 * checkpoints instead; the writer's auto-checkpoint stays, raised, as the backstop should the
 * worker stop or fall behind. Quiet stores (and the hundreds in tests) never start one.
 */
import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../lib/workers/spawn.js';
import type { WriteDb } from './db.js';

/**
 * WAL size at which the worker starts: half of what the default auto-checkpoint lets it reach
 * (1000 pages), so a store that writes steadily gets one, and a quiet one never does.
 */
const START_AT_BYTES = 2 * 1024 * 1024;
/** Auto-checkpoint pages once the worker runs (≈ 40 MB of 4 KiB pages): only a backstop. */
const BACKSTOP_PAGES = 10_000;
/** Commits between looks at the WAL's size (a stat call), while no worker runs. */
const LOOK_EVERY = 64;

export interface Checkpointer {
  /** Call after each write transaction. */
  afterCommit(): void;
  stop(): void;
  readonly running: boolean;
}

export function createCheckpointer(db: WriteDb, file: string, nativeBinding: string | null, everyMs = 200): Checkpointer {
  let worker: Worker | null = null;
  let commits = 0;
  let failed = false;
  // A worker can fail after the store has closed (its error arrives on a later tick).
  const restoreDefault = (): void => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  return {
    get running() {
      return worker !== null;
    },
    afterCommit() {
      if (worker || failed || file === ':memory:' || ++commits % LOOK_EVERY !== 0) return;
      let size: number;
      try {
        // eslint-disable-next-line security/detect-non-literal-fs-filename -- the store's own database file, chosen at startup
        size = statSync(`${file}-wal`).size;
      } catch {
        return;
      }
      if (size < START_AT_BYTES) return;
      try {
        const w = spawnWorker(import.meta.url, './checkpointWorker.ts', 'checkpointWorker.cjs', { file, nativeBinding, everyMs });
        w.unref();
        w.on('error', () => {
          // The writer checkpoints for itself again, as before the worker.
          failed = true;
          worker = null;
          restoreDefault();
        });
        worker = w;
        db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      } catch {
        failed = true;
      }
    },
    stop() {
      const w = worker;
      worker = null;
      if (!w) return;
      restoreDefault();
      // It closes its connection and exits; the caller's TRUNCATE checkpoint waits (busy_timeout)
      // for a tick in progress.
      w.postMessage('stop');
    },
  };
}
