import type { Migration } from '../migrate.js';

/**
 * The escalation board. Cards keep their current state; every change also appends a row to
 * `board_events` in the same transaction, whose `seq` is the hub-wide order clients catch up
 * by (AUTOINCREMENT: a committed sequence number is never handed out again, even if its row goes).
 * People on cards (creator, commenter, acknowledger, actor) are stored as they were named at
 * the time (JSON), so history survives a user's removal; the assignee is a live reference.
 * `next_due_at` is the earliest instant the board timer must look at a card again (an SLA
 * warning or breach to mark, a page to send), so the timer reads one index, not every card.
 */
export const board: Migration = {
  version: 6,
  name: 'board',
  up(db) {
    db.exec(`
      CREATE TABLE board_cards (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('new', 'triaged', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved')),
        priority TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
        assignee_id TEXT REFERENCES users (id) ON DELETE SET NULL,
        customer_handle TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        alert_id INTEGER,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        acknowledged_at INTEGER,
        acknowledged_by TEXT,
        resolved_at INTEGER,
        sla_facts TEXT NOT NULL,
        sla_marks TEXT NOT NULL DEFAULT '{}',
        page_step INTEGER NOT NULL DEFAULT 0,
        reescalations INTEGER NOT NULL DEFAULT 0,
        pages_sent INTEGER NOT NULL DEFAULT 0,
        next_page_at INTEGER,
        next_due_at INTEGER
      );
      CREATE INDEX board_cards_due ON board_cards (next_due_at) WHERE next_due_at IS NOT NULL;
      CREATE INDEX board_cards_status ON board_cards (status);

      CREATE TABLE board_card_posts (
        card_id INTEGER NOT NULL REFERENCES board_cards (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        post_id INTEGER,
        source TEXT NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        url TEXT,
        created_at INTEGER,
        PRIMARY KEY (card_id, position)
      ) WITHOUT ROWID;

      CREATE TABLE board_comments (
        id INTEGER PRIMARY KEY,
        card_id INTEGER NOT NULL REFERENCES board_cards (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        mentions TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX board_comments_card ON board_comments (card_id, id);

      CREATE TABLE board_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        card_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        changes TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX board_events_card ON board_events (card_id, seq);

      CREATE TABLE board_policies (
        name TEXT PRIMARY KEY CHECK (name IN ('sla', 'escalation')),
        policy TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      );

      CREATE TABLE board_pages (
        id INTEGER PRIMARY KEY,
        card_id INTEGER NOT NULL REFERENCES board_cards (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        tier INTEGER NOT NULL,
        round INTEGER NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('unacknowledged', 'unresolved')),
        user_ids TEXT NOT NULL,
        roles TEXT NOT NULL
      );
      CREATE INDEX board_pages_card ON board_pages (card_id, at);
    `);
  },
};
