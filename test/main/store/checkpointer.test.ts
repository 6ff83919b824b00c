import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpointer } from '../../../main/store/checkpointer.js';
import { openDatabase } from '../../../main/store/db.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'surge-ckpt-'));
  dirs.push(dir);
  return join(dir, 'surge.db');
}

const waitFor = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('background checkpointer', () => {
  it('stays off for a quiet store, starts once the WAL grows, folds it back, and the data is whole', async () => {
    const file = fresh();
    const db = openDatabase(file);
    const checkpointer = createCheckpointer(db, file, null, 50);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const write = (from: number, n: number): void => {
      db.transaction(() => {
        for (let i = from; i < from + n; i++) insert.run(`k${i}`, 'x'.repeat(2_000));
      })();
      checkpointer.afterCommit();
    };
    for (let t = 0; t < 100; t++) write(t * 5, 5);
    expect(checkpointer.running).toBe(false);

    let next = 500;
    while (!checkpointer.running && next < 50_000) {
      write(next, 20);
      next += 20;
    }
    expect(checkpointer.running).toBe(true);
    // Its own auto-checkpoint is now only a backstop.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);

    // What is written from now on reaches the database file only through the worker: this
    // thread's own auto-checkpoint is a 40 MB backstop, far from reached by 3 MB more.
    const before = statSync(file).size;
    for (let t = 0; t < 75; t++) write(next + t * 20, 20);
    next += 1_500;
    await waitFor(() => statSync(file).size > before + 2_500_000);
    // Writing goes on; the WAL restarts from the beginning instead of growing without end.
    for (let t = 0; t < 50; t++) write(next + t * 20, 20);
    next += 1_000;
    expect(statSync(`${file}-wal`).size).toBeLessThan(60 * 1024 * 1024);

    checkpointer.stop();
    expect(checkpointer.running).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT COUNT(*) AS n FROM settings').get() as { n: number }).n).toBe(next);
    db.close();
  });

  it('a worker that fails after the store closed leaves the writer alone instead of throwing', async () => {
    const file = fresh();
    const db = openDatabase(file);
    // A native binding that cannot load makes the worker fail on start, a tick after it spawned.
    const checkpointer = createCheckpointer(db, file, join(tmpdir(), 'no-such-binding.node'), 50);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    for (let next = 0; !checkpointer.running && next < 50_000; next += 20) {
      db.transaction(() => {
        for (let i = next; i < next + 20; i++) insert.run(`k${i}`, 'x'.repeat(2_000));
      })();
      checkpointer.afterCommit();
    }
    expect(checkpointer.running).toBe(true);
    db.close();
    // The failure arrives on the closed store: before the fix, restoring its pragma threw there.
    await waitFor(() => !checkpointer.running);
    expect(db.open).toBe(false);
  });

  it('never starts for an in-memory database', () => {
    const db = openDatabase(':memory:');
    const checkpointer = createCheckpointer(db, ':memory:', null);
    for (let i = 0; i < 500; i++) checkpointer.afterCommit();
    expect(checkpointer.running).toBe(false);
    db.close();
  });
});
