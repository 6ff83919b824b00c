import type { Migration } from '../migrate.js';

/**
 * A team: users (several roles each, a disabled flag), their sign-in sessions and one-time
 * invites. Session and invite tokens are stored only as SHA-256 hashes (they are 32 random
 * bytes, so no KDF is needed); passwords as Argon2id PHC strings. Deleting a user deletes
 * their roles, sessions and invites. The audit log gains who (user id) and where from.
 */
export const team: Migration = {
  version: 4,
  name: 'team',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL COLLATE NOCASE UNIQUE,
        display_name TEXT NOT NULL,
        password_hash TEXT,
        disabled_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE user_roles (
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('operator', 'social', 'lead', 'admin')),
        PRIMARY KEY (user_id, role)
      ) WITHOUT ROWID;

      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        revoked_at INTEGER,
        address TEXT
      );
      CREATE INDEX sessions_user ON sessions (user_id);

      CREATE TABLE invites (
        id INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        created_by TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE INDEX invites_user ON invites (user_id);

      ALTER TABLE audit_log ADD COLUMN user_id TEXT;
      ALTER TABLE audit_log ADD COLUMN address TEXT;
      CREATE INDEX audit_log_at ON audit_log (at);
    `);
  },
};
