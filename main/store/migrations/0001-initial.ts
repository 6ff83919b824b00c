import type { Migration } from '../migrate.js';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE posts (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        external_id TEXT NOT NULL,
        url TEXT,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT,
        created_at INTEGER NOT NULL,
        fetched_at INTEGER NOT NULL,
        likes INTEGER, reposts INTEGER, replies INTEGER, quotes INTEGER,
        terms TEXT NOT NULL DEFAULT '[]',
        outage_intent REAL NOT NULL DEFAULT 0,
        UNIQUE (source, external_id)
      );
      CREATE INDEX posts_created ON posts (created_at);
      CREATE INDEX posts_source_created ON posts (source, created_at);

      CREATE TABLE buckets (
        series TEXT NOT NULL,
        minute INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (series, minute)
      ) WITHOUT ROWID;

      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        series TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'escalating', 'resolved')),
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        opened_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        resolved_at INTEGER,
        title TEXT NOT NULL,
        math TEXT NOT NULL,
        drivers TEXT NOT NULL
      );
      CREATE INDEX alerts_state ON alerts (state, updated_at);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE access_tokens (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        role TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE source_state (
        name TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE status_incidents (
        source TEXT NOT NULL,
        external_id TEXT NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        impact TEXT NOT NULL,
        url TEXT,
        started_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        resolved_at INTEGER,
        PRIMARY KEY (source, external_id)
      );
    `);
  },
};
