import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/db.js';
import { MigrationError, runMigrations, type Migration } from '../../../main/store/migrate.js';
import { migrations } from '../../../main/store/migrations/index.js';

const step = (version: number, sql: string): Migration => ({ version, name: `m${version}`, up: (db) => db.exec(sql) });

describe('migration runner', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('applies every shipped migration on a fresh database and sets user_version', () => {
    const db = new Database(':memory:');
    expect(runMigrations(db, migrations)).toBe(migrations.length);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(runMigrations(db, migrations)).toBe(0);
  });

  it('refuses a list with a gap', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, [step(1, 'CREATE TABLE a (x)'), step(3, 'CREATE TABLE b (x)')])).toThrow(/gap/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
  });

  it('refuses a database written by a newer build and leaves it untouched', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE keep (x); INSERT INTO keep VALUES (1)');
    db.pragma('user_version = 9');
    expect(() => runMigrations(db, [step(1, 'CREATE TABLE a (x)')])).toThrow(MigrationError);
    expect(db.prepare('SELECT COUNT(*) AS n FROM keep').get()).toEqual({ n: 1 });
  });

  it('rolls a failing step back whole: no half-applied schema, version unchanged', () => {
    const db = new Database(':memory:');
    const broken = step(2, 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);');
    expect(() => runMigrations(db, [step(1, 'CREATE TABLE a (x)'), broken])).toThrow(/Migration 2 .* rolled back/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });

  it('opens files in WAL with foreign keys and NORMAL sync (durable writes opt into FULL)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-db-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'nested', 'surge.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });
});
