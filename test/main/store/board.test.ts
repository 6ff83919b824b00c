/** The board's tables on `:memory:`: the hot queries use their indexes, and the log's order survives deletes. */
import { describe, expect, it } from 'vitest';
import { BOARD_HOT_QUERIES } from '../../../main/store/board.js';
import { createStore } from '../../../main/store/index.js';

const plan = (store: ReturnType<typeof createStore>, sql: string, ...params: unknown[]): string =>
  (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');

describe('board store', () => {
  it('reads due cards, a card’s changes and changes since a seq through indexes, never a full scan', () => {
    const store = createStore(':memory:');
    expect(plan(store, BOARD_HOT_QUERIES.dueIds, 0)).toMatch(/SEARCH board_cards USING (COVERING )?INDEX board_cards_due/);
    expect(plan(store, BOARD_HOT_QUERIES.eventsOf, 1, 0)).toMatch(/SEARCH board_events USING (COVERING )?INDEX board_events_card/);
    expect(plan(store, BOARD_HOT_QUERIES.changedSince, 0, 10)).toMatch(/SEARCH board_events USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    store.close();
  });

  it('never hands out a committed seq again, even after its row is deleted', () => {
    const store = createStore(':memory:');
    const actor = { userId: null, username: 'x', displayName: 'X' };
    const a = store.board.appendEvent({ cardId: 1, version: 1, at: 0, actor, kind: 'created', changes: [] });
    const b = store.board.appendEvent({ cardId: 1, version: 2, at: 0, actor, kind: 'updated', changes: [] });
    store.db.prepare('DELETE FROM board_events WHERE seq = ?').run(b);
    const c = store.board.appendEvent({ cardId: 2, version: 1, at: 0, actor, kind: 'created', changes: [] });
    expect([a, b, c]).toEqual([1, 2, 3]);
    expect(store.board.changedSince(0, 10)).toEqual([
      { cardId: 1, seq: 1 },
      { cardId: 2, seq: 3 },
    ]);
    store.close();
  });
});
