/**
 * Opening the database: one place decides the pragmas, so every caller (desktop, hub,
 * tests, bench) gets the same durability promise.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { runMigrations } from './migrate.js';
import { migrations } from './migrations/index.js';

/** A handle that may write. Read-only code takes `ReadDb` so it cannot write by accident. */
export type WriteDb = Database.Database & { readonly __write: true };
export type ReadDb = Pick<Database.Database, 'prepare' | 'pragma'> & { readonly __read?: true };

/** What a restarted WAL file keeps of its size. */
export const WAL_LIMIT_BYTES = 8 * 1024 * 1024;

export interface OpenOptions {
  /** better-sqlite3 `nativeBinding`: the Electron build of the addon, when not the Node one. */
  nativeBinding?: string;
}

export function openDatabase(file: string, options: OpenOptions = {}): WriteDb {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the store's own database file, chosen at startup
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL under WAL: a commit survives any app crash and the file is never corrupt; a
    // power loss may roll back the last commits, and it rolls back a page of posts together
    // with the source cursor saved beside it, so the poller simply reads them again.
    // Writes that must survive power loss (incident mode, publish claims) use
    // `durableTransaction`, which fsyncs its own commit (RELIABILITY §4).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A WAL that grew (a long read held it) is cut back to this at its next restart.
    db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
    runMigrations(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db as WriteDb;
}
