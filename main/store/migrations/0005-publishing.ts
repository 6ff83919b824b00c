import type { Migration } from '../migrate.js';

/**
 * Publishing and incident mode: campaigns, scheduled posts with one delivery row per target
 * account (the idempotency key and the send state live there, written before and after each
 * network call), the publishing accounts (credentials and the Bluesky session as keyring
 * blobs), and the one-row incident state the scheduler reads inside every claim.
 */
export const publishing: Migration = {
  version: 5,
  name: 'publishing',
  up(db) {
    db.exec(`
      CREATE TABLE publish_accounts (
        name TEXT PRIMARY KEY,
        network TEXT NOT NULL CHECK (network IN ('mastodon', 'bluesky', 'x')),
        handle TEXT,
        char_limit INTEGER NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('file', 'app')),
        -- Settings that are not secret (base URL, identifier), JSON.
        settings TEXT NOT NULL,
        -- Keyring blob of the credentials JSON.
        secrets TEXT NOT NULL,
        -- Keyring blob of the Bluesky session (reused across restarts: createSession is rate-limited).
        session TEXT,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        paused INTEGER NOT NULL DEFAULT 0,
        required_role TEXT CHECK (required_role IN ('operator', 'social', 'lead', 'admin')),
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL
      );

      CREATE TABLE scheduled_posts (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
        text TEXT NOT NULL,
        at INTEGER NOT NULL,
        zone TEXT NOT NULL,
        author TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('draft', 'pending', 'approved', 'scheduled', 'publishing', 'published', 'failed', 'held', 'paused', 'cancelled')),
        -- The state a held or paused post returns to.
        prior_state TEXT,
        state_at INTEGER NOT NULL,
        state_by TEXT,
        approved_by TEXT,
        approved_at INTEGER,
        reviewer_comment TEXT,
        reviewed_by TEXT,
        why TEXT,
        -- Set while a paced release holds this post's slot; stopping the release returns it to held.
        released INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX scheduled_posts_state_at ON scheduled_posts (state, at);
      CREATE INDEX scheduled_posts_campaign ON scheduled_posts (campaign_id, state);

      CREATE TABLE deliveries (
        post_id INTEGER NOT NULL REFERENCES scheduled_posts (id) ON DELETE CASCADE,
        account TEXT NOT NULL,
        network TEXT NOT NULL CHECK (network IN ('mastodon', 'bluesky', 'x')),
        state TEXT NOT NULL CHECK (state IN ('waiting', 'sending', 'retrying', 'sent', 'failed', 'unknown', 'cancelled')),
        due_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        -- Mastodon: the Idempotency-Key; Bluesky: the record key (rkey); X: our own reference.
        idempotency_key TEXT NOT NULL UNIQUE,
        claimed_at INTEGER,
        last_error TEXT,
        remote_id TEXT,
        remote_url TEXT,
        PRIMARY KEY (post_id, account)
      ) WITHOUT ROWID;
      CREATE INDEX deliveries_due ON deliveries (due_at) WHERE state IN ('waiting', 'retrying');
      CREATE INDEX deliveries_sending ON deliveries (state) WHERE state = 'sending';
      CREATE INDEX deliveries_account ON deliveries (account, post_id);

      CREATE TABLE incident_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        active INTEGER NOT NULL DEFAULT 0,
        since INTEGER,
        by TEXT,
        reason TEXT,
        scope TEXT NOT NULL DEFAULT '{"kind":"everything"}',
        automatic INTEGER NOT NULL DEFAULT 0,
        in_flight_at_enter INTEGER NOT NULL DEFAULT 0,
        -- JSON {perAccountEveryMinutes, startedAt, startedBy} while a paced release runs.
        release TEXT,
        reminded_at INTEGER
      );
      INSERT INTO incident_state (id) VALUES (1);
    `);
  },
};
