import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../../../main/store/migrate.js';
import { migrations } from '../../../main/store/migrations/index.js';
import { createStore, type Store } from '../../../main/store/index.js';

const LIMITS = { maxPosts: 1_000, maxBytes: 1024 * 1024 };

describe('webhook inbox (store)', () => {
  const stores: Store[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    stores.splice(0).forEach((s) => s.close());
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-inbox-'));
    dirs.push(dir);
    return join(dir, 'surge.db');
  };
  const open = (file = ':memory:') => {
    const store = createStore(file);
    stores.push(store);
    return store;
  };

  it('migrates an existing v2 database to v3 and keeps its data', () => {
    const file = tempFile();
    const v2 = new Database(file);
    v2.pragma('journal_mode = WAL');
    runMigrations(v2, migrations.slice(0, 2));
    expect(v2.pragma('user_version', { simple: true })).toBe(2);
    v2.prepare("INSERT INTO source_configs (name, type, config, created_at, updated_at) VALUES ('ops', 'webhook', '{}', 1, 1)").run();
    v2.prepare(
      'INSERT INTO source_state (name, state, updated_at) VALUES (\'ops\', \'{"version":1,"cursor":"1715000000000123"}\', 1)',
    ).run();
    v2.close();

    const store = open(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(store.sourceConfigs.list().map((c) => c.name)).toEqual(['ops']);
    expect(store.sourceState.load('ops')).toMatchObject({ cursor: '1715000000000123' });
    expect(store.webhookInbox.append('ops', 5, '[]', 0, LIMITS)).toBe(1);
  });

  it('never reuses an id, even after the newest row was deleted (the cursor is an id)', () => {
    const store = open();
    const a = store.webhookInbox.append('ops', 1, '[]', 1, LIMITS)!;
    const b = store.webhookInbox.append('ops', 2, '[]', 1, LIMITS)!;
    expect(store.webhookInbox.deleteThrough('ops', b)).toBe(2);
    const c = store.webhookInbox.append('ops', 3, '[]', 1, LIMITS)!;
    expect([a, b, c]).toEqual([1, 2, 3]);
  });

  it('keeps sources apart: reading, counting and deleting', () => {
    const store = open();
    const a = store.webhookInbox.append('a', 1, '["a"]', 1, LIMITS)!;
    store.webhookInbox.append('b', 1, '["b"]', 2, LIMITS);
    expect(store.webhookInbox.deleteThrough('a', a + 10)).toBe(1);
    expect(store.webhookInbox.waiting('a')).toEqual({ deliveries: 0, posts: 0, bytes: 0 });
    expect(store.webhookInbox.waiting('b')).toEqual({ deliveries: 1, posts: 2, bytes: 5 });
    expect(store.webhookInbox.after('b', 0, 10).deliveries.map((d) => d.posts)).toEqual(['["b"]']);
  });

  it('returns whole deliveries up to the post budget, at least one however large', () => {
    const store = open();
    for (const count of [600, 300, 200, 50]) store.webhookInbox.append('ops', 1, '[]', count, { ...LIMITS, maxPosts: 5_000 });
    const page = store.webhookInbox.after('ops', 0, 1_000);
    expect(page.deliveries.map((d) => d.id)).toEqual([1, 2]);
    expect(page.more).toBe(true);
    expect(store.webhookInbox.after('ops', 2, 100)).toMatchObject({ deliveries: [{ id: 3 }], more: true });
    expect(store.webhookInbox.after('ops', 3, 1_000)).toMatchObject({ deliveries: [{ id: 4 }], more: false });
  });

  it('a page cut short by the budget leaves no read open behind it (RELIABILITY case 25)', () => {
    const file = tempFile();
    const store = open(file);
    for (const count of [600, 300, 200, 50]) store.webhookInbox.append('ops', 1, '[]', count, { ...LIMITS, maxPosts: 5_000 });
    const other = new Database(file);
    other.pragma('busy_timeout = 0');
    const truncate = () => (other.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy;
    // An iterator left open is a read held open: the log cannot restart (the check can fail).
    const held = store.db.prepare('SELECT id FROM webhook_inbox').iterate();
    held.next();
    expect(truncate()).toBe(1);
    held.return?.();
    // The inbox's own iteration stops early at the budget and lets go as it returns.
    expect(store.webhookInbox.after('ops', 0, 1_000).more).toBe(true);
    expect(truncate()).toBe(0);
    other.close();
  });

  it('refuses past the limits inside the write, writing nothing', () => {
    const store = open();
    expect(store.webhookInbox.append('ops', 1, '[1,2]', 2, { maxPosts: 3, maxBytes: 100 })).not.toBeNull();
    expect(store.webhookInbox.append('ops', 1, '[1,2]', 2, { maxPosts: 3, maxBytes: 100 })).toBeNull();
    expect(store.webhookInbox.append('ops', 1, 'x'.repeat(101), 1, { maxPosts: 3, maxBytes: 100 })).toBeNull();
    expect(store.webhookInbox.waiting('ops').deliveries).toBe(1);
  });

  it('commits with synchronous=FULL and puts NORMAL back afterwards', () => {
    const store = open(tempFile());
    const seen: unknown[] = [];
    const pragma = store.db.pragma.bind(store.db);
    store.db.pragma = ((source: string, options?: Database.PragmaOptions) => {
      seen.push(source);
      return pragma(source, options);
    }) as typeof store.db.pragma;
    store.webhookInbox.append('ops', 1, '[]', 1, LIMITS);
    expect(seen).toEqual(['synchronous = FULL', 'synchronous = NORMAL']);
    expect(pragma('synchronous', { simple: true })).toBe(1);
  });
});
