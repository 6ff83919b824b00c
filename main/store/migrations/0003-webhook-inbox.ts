import type { Migration } from '../migrate.js';

/**
 * Webhook deliveries are stored here before the sender hears 202, and leave only after the
 * poller stored their posts. AUTOINCREMENT because the poller's cursor is a row id: a reused
 * id (plain rowids reuse the maximum once it is deleted) would sit at or below the cursor
 * and be skipped.
 */
export const webhookInbox: Migration = {
  version: 3,
  name: 'webhook-inbox',
  up(db) {
    db.exec(`
      CREATE TABLE webhook_inbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        post_count INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        posts TEXT NOT NULL
      );
      CREATE INDEX webhook_inbox_source ON webhook_inbox (source, id);
    `);
  },
};
