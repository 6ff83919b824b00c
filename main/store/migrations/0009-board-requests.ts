import type { Migration } from '../migrate.js';

/**
 * Request keys of board creates and comments (issue 12): a window that queued them while the
 * hub was unreachable sends them again on reconnect, and cannot tell whether a send whose
 * answer was lost landed. Each key is kept per caller (`actor`: a user id, or the name a token
 * or the local desktop goes by) with what it made, so a repeat answers that instead of making
 * another. Removed with its card.
 */
export const boardRequests: Migration = {
  version: 9,
  name: 'board-requests',
  up(db) {
    db.exec(`
      CREATE TABLE board_requests (
        actor TEXT NOT NULL,
        request_key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('create', 'comment')),
        card_id INTEGER NOT NULL REFERENCES board_cards (id) ON DELETE CASCADE,
        comment_id INTEGER,
        at INTEGER NOT NULL,
        PRIMARY KEY (actor, request_key)
      ) WITHOUT ROWID;
      CREATE INDEX board_requests_card ON board_requests (card_id);
    `);
  },
};
