/**
 * Moves WAL checkpoints off the engine's thread once writing gets busy. Under WAL every commit
 * appends to the log, and by default the committing thread folds the log back into the
 * database every 1000 pages: at ingest rates that is a recurring stall on the engine's thread
 * (and where synchronous=NORMAL does its fsyncs). A worker with its own connection
 * checkpoints instead; the writer's auto-checkpoint stays, raised, as the backstop should the
 * worker stop or fall behind. Quiet stores (and the hundreds in tests) never start one.
 *
 * No checkpoint can fold frames that an open read may still need, so a read held open on
 * another connection (a backup, an export, a sqlite3 shell) makes the WAL grow for as long as
 * it lasts. That is said in the log, once per doubling; once the read ends the worker folds it
 * all and the next commit cuts the file back to `journal_size_limit` (db.ts).
 */
import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { silentLogger, type Logger } from '../lib/log.js';
import { spawnWorker } from '../lib/workers/spawn.js';
import type { WriteDb } from './db.js';

/**
 * WAL size at which the worker starts: half of what the default auto-checkpoint lets it reach
 * (1000 pages), so a store that writes steadily gets one, and a quiet one never does.
 */
const START_AT_BYTES = 2 * 1024 * 1024;
/** Auto-checkpoint pages once the worker runs (≈ 40 MB of 4 KiB pages): only a backstop. */
const BACKSTOP_PAGES = 10_000;
/** Commits between looks at the WAL's size (a stat call). */
const LOOK_EVERY = 64;
/**
 * WAL size that only a held read explains: the worker folds the log every tick, the backstop
 * at 40 MB, and every restart cuts the file back to 8 MB.
 */
const HELD_AT_BYTES = 64 * 1024 * 1024;
/** How long closing keeps trying to fold the log while another connection checkpoints. */
const FOLD_TRIES_MS = 3_000;
const FOLD_PAUSE_MS = 5;

export interface CheckpointerOptions {
  /** The worker's tick. */
  everyMs?: number;
  logger?: Logger;
  now?: () => number;
  heldAtBytes?: number;
}

export interface Checkpointer {
  /** Call after each write transaction. */
  afterCommit(): void;
  stop(): void;
  readonly running: boolean;
}

export function createCheckpointer(
  db: WriteDb,
  file: string,
  nativeBinding: string | null,
  options: CheckpointerOptions = {},
): Checkpointer {
  const { everyMs = 200, logger = silentLogger, now = Date.now, heldAtBytes = HELD_AT_BYTES } = options;
  let worker: Worker | null = null;
  let commits = 0;
  let failed = false;
  let held: { since: number; peak: number; warnAt: number } | null = null;
  const watchHeld = (size: number): void => {
    if (held && size < heldAtBytes) {
      const minutes = Math.round((now() - held.since) / 60_000);
      logger.log(
        'info',
        `The database log is folded back, after growing to ${mb(held.peak)} MB while a read held it (first noticed ${minutes} min ago)`,
        {
          peakBytes: held.peak,
          walBytes: size,
        },
      );
      held = null;
    } else if (size >= (held?.warnAt ?? heldAtBytes)) {
      held = { since: held?.since ?? now(), peak: Math.max(size, held?.peak ?? 0), warnAt: size * 2 };
      logger.log(
        'warn',
        `The database log (WAL) has grown to ${mb(size)} MB: something keeps a read open on the database (a backup, an export, a sqlite3 shell?), and no checkpoint can fold it back until that read ends`,
        { walBytes: size },
      );
    } else if (held) held.peak = Math.max(held.peak, size);
  };
  // A worker can fail after the store has closed (its error arrives on a later tick).
  const restoreDefault = (): void => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  return {
    get running() {
      return worker !== null;
    },
    afterCommit() {
      if (file === ':memory:' || ++commits % LOOK_EVERY !== 0) return;
      let size: number;
      try {
        // eslint-disable-next-line security/detect-non-literal-fs-filename -- the store's own database file, chosen at startup
        size = statSync(`${file}-wal`).size;
      } catch {
        return;
      }
      watchHeld(size);
      if (worker || failed || size < START_AT_BYTES) return;
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
      // It closes its connection and exits; a tick in progress is waited for by
      // `foldLogForClose`.
      w.postMessage('stop');
    },
  };
}

/**
 * Folds the whole WAL into the database file and empties it, for a store about to close, so
 * the file on disk is complete on its own. A TRUNCATE checkpoint that meets another
 * connection's checkpoint in progress (the worker's tick, which `stop` cannot cut short) gives
 * up at once, without the busy handler, and would leave the log beside the file; so it is
 * tried again after a short pause until the tick is over. Waiting on a read held open is
 * the busy handler's job (busy_timeout), and the deadline bounds both. Returns whether it
 * folded everything.
 */
export function foldLogForClose(db: WriteDb, triesMs = FOLD_TRIES_MS): boolean {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + triesMs;
  for (;;) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (!result || result.busy === 0) return true;
    if (Date.now() >= until) return false;
    Atomics.wait(pause, 0, 0, FOLD_PAUSE_MS);
  }
}

const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(0);
