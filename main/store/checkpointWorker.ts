/**
 * Folds the WAL back into the database file from its own thread and connection, so the
 * engine's thread never stops for a checkpoint (the copy and, under synchronous=NORMAL, the
 * fsyncs happen here). PASSIVE never blocks the writer; what it cannot fold now it folds on
 * the next tick.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { workerPayload } from '../lib/workers/spawn.js';

interface CheckpointerData {
  file: string;
  nativeBinding: string | null;
  everyMs: number;
}

const data = workerPayload(workerData) as CheckpointerData;
const db = new Database(data.file, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
// Never wait on the writer: a busy tick is simply skipped.
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  try {
    checkpoint.run();
  } catch {
    // SQLITE_BUSY or a transient I/O error: the next tick tries again, and the writer's own
    // auto-checkpoint remains as the backstop.
  }
}, data.everyMs);

parentPort?.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.postMessage('stopped');
  parentPort?.close();
});
