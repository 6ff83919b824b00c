import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { foldLogForClose } from '../../../main/store/checkpointer.js';
import { openDatabase } from '../../../main/store/db.js';
import { createStore } from '../../../main/store/index.js';
import type { LogLevel } from '../../../main/lib/log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A second connection, on its own thread, that runs one PASSIVE checkpoint as the worker's tick does. */
const TICK = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const started = new Int32Array(workerData.started);
Atomics.store(started, 0, 1);
Atomics.notify(started, 0);
const [result] = db.pragma('wal_checkpoint(PASSIVE)');
db.close();
parentPort.postMessage(result.busy);
`;
const driver = createRequire(import.meta.url).resolve('better-sqlite3');

describe('folding the log when the store closes', () => {
  it('waits out a checkpoint another connection has in progress instead of leaving the log beside the file', async () => {
    // Only a race the other connection wins tests anything, so run it until it does: the
    // other checkpoint copies 40 MB and this thread starts 20 ms into it.
    for (let attempt = 1; attempt <= 5; attempt++) {
      const dir = mkdtempSync(join(tmpdir(), 'surge-fold-'));
      dirs.push(dir);
      const file = join(dir, 'surge.db');
      const db = openDatabase(file);
      db.pragma('wal_autocheckpoint = 0');
      const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
      db.transaction(() => {
        for (let i = 0; i < 10_000; i++) insert.run(`k${i}`, 'x'.repeat(4_000));
      })();
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(40_000_000);

      const started = new Int32Array(new SharedArrayBuffer(4));
      const tick = new Worker(TICK, { eval: true, workerData: { file, driver, started: started.buffer } });
      const otherWasBusy = new Promise<number>((resolve, reject) => {
        tick.once('message', resolve);
        tick.once('error', reject);
      });
      expect(Atomics.wait(started, 0, 0, 10_000)).not.toBe('timed-out');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);

      expect(foldLogForClose(db)).toBe(true);
      expect(statSync(`${file}-wal`).size).toBe(0);
      db.close();
      const check = new Database(file, { readonly: true });
      expect((check.prepare('SELECT COUNT(*) AS n FROM settings').get() as { n: number }).n).toBe(10_000);
      check.close();
      if ((await otherWasBusy) === 0) {
        console.log(`the other connection's checkpoint was in progress at close on attempt ${attempt}`);
        return;
      }
    }
    throw new Error('in five attempts the other connection never started its checkpoint first: the race was not tested');
  }, 60_000);

  it('gives up by its deadline while another program holds a read open, says so in the log, and loses nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-fold-'));
    dirs.push(dir);
    const file = join(dir, 'surge.db');
    const logs: { level: LogLevel; message: string }[] = [];
    const store = createStore(file, { logger: { log: (level, message) => logs.push({ level, message }) } });
    store.settings.set('before', '1');
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM settings').get();
    store.settings.set('after', '2');
    store.db.pragma('busy_timeout = 50');
    const started = Date.now();
    store.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringMatching(/could not be folded back at close: another program holds a read open/),
    ]);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    reader.exec('COMMIT');
    reader.close();
    const reopened = createStore(file);
    expect([reopened.settings.get('before'), reopened.settings.get('after')]).toEqual(['1', '2']);
    reopened.close();
  });
});
