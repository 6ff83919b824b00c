/**
 * The board slice with change events that carry no comments and comments that come one by one
 * (`board.commented`): what a window has is kept, nothing is doubled, and its sequence number
 * only claims what it really has, so a catch-up fills any gap. (The property against a real hub
 * is test/main/board/clientComments.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { BoardCard, BoardComment } from '../../shared/contract/board.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { makeCard, person } from './boardCards.js';
import { createFakeClient, deferred, flush } from './fakeTransport.js';

const dana = person('u_dana', 'Dana Lead');
const note = (id: number, text = `note ${id}`): BoardComment => ({ id, at: 2_000 + id, author: dana, text, mentions: [] });
const head = (card: BoardCard) => {
  const { comments: _comments, ...rest } = card;
  return rest;
};

function setup(handlers: Record<string, (p: never) => unknown> = {}) {
  const { client, transport } = createFakeClient({
    'board.snapshot': () => ({
      seq: 5,
      cards: [makeCard(1, { version: 3, comments: [note(1), note(2)] })],
      presence: [],
      serverNow: 1_000,
    }),
    'board.people': () => [],
    ...handlers,
  });
  const store = createDeskStore({ client, now: () => 1_000 });
  store.setState({ connectionPhase: 'live' });
  store.getState().bindEvents();
  return { store, transport };
}

const commentsOf = (store: ReturnType<typeof setup>['store'], id: number) => store.getState().boardCards[id]?.comments.map((c) => c.text);

describe('comments as events of their own', () => {
  it('a change keeps the comments the window has; a new comment is added once, whether its answer or its event comes first', async () => {
    const { store, transport } = setup({
      'board.comment': () => ({ seq: 7, card: makeCard(1, { version: 5, comments: [note(1), note(2), note(3)] }) }),
    });
    await store.getState().loadBoard();
    transport.emit('board.changed', { seq: 6, card: head(makeCard(1, { version: 4, status: 'triaged' })) });
    await flush();
    expect(store.getState().boardCards[1]).toMatchObject({ version: 4, status: 'triaged' });
    expect(commentsOf(store, 1)).toEqual(['note 1', 'note 2']);

    // This window's own comment: the whole card answers, then the event comes too.
    expect(await store.getState().commentOnCard(1, 'note 3')).toMatchObject({ kind: 'sent' });
    transport.emit('board.commented', { seq: 7, card: head(makeCard(1, { version: 5, status: 'triaged' })), comment: note(3) });
    await flush();
    expect(commentsOf(store, 1)).toEqual(['note 1', 'note 2', 'note 3']);
    // Someone else's: only the event.
    transport.emit('board.commented', { seq: 8, card: head(makeCard(1, { version: 6, status: 'triaged' })), comment: note(4) });
    await flush();
    expect(commentsOf(store, 1)).toEqual(['note 1', 'note 2', 'note 3', 'note 4']);
    expect(store.getState()).toMatchObject({ boardSeq: 8, boardCards: { 1: { version: 6 } } });
  });

  it('a comment whose event arrives after a later state of the card is still added; the later state stays', async () => {
    const { store, transport } = setup();
    await store.getState().loadBoard();
    transport.emit('board.changed', { seq: 7, card: head(makeCard(1, { version: 5, status: 'resolved' })) });
    transport.emit('board.commented', { seq: 6, card: head(makeCard(1, { version: 4 })), comment: note(3) });
    await flush();
    expect(store.getState().boardCards[1]).toMatchObject({ version: 5, status: 'resolved' });
    expect(commentsOf(store, 1)).toEqual(['note 1', 'note 2', 'note 3']);
    expect(store.getState().boardSeq).toBe(7);
  });

  it('an event past a gap is shown, but the sequence number stays before the gap, so the catch-up brings the missed comment', async () => {
    const since: number[] = [];
    const { store, transport } = setup({
      'board.since': (p: { seq: number }) => {
        since.push(p.seq);
        return {
          kind: 'changes',
          seq: 7,
          changes: [{ seq: 7, card: makeCard(1, { version: 5, comments: [note(1), note(2), note(3), note(4)] }) }],
        };
      },
    });
    await store.getState().loadBoard();
    // seq 6 (note 3) was sent while the link was down; 7 (note 4) arrives after it is back.
    transport.emit('board.commented', { seq: 7, card: head(makeCard(1, { version: 5 })), comment: note(4) });
    await flush();
    expect(commentsOf(store, 1)).toEqual(['note 1', 'note 2', 'note 4']);
    expect(store.getState().boardSeq).toBe(5);
    await store.getState().syncBoard();
    expect(since).toEqual([5]);
    expect(commentsOf(store, 1)).toEqual(['note 1', 'note 2', 'note 3', 'note 4']);
    expect(store.getState().boardSeq).toBe(7);
    // From here the events follow on again.
    transport.emit('board.changed', { seq: 8, card: head(makeCard(1, { version: 6, status: 'triaged' })) });
    await flush();
    expect(store.getState().boardSeq).toBe(8);
    expect(commentsOf(store, 1)).toHaveLength(4);
  });

  it('a catch-up answered before a change that reached the window first still brings the comment it missed', async () => {
    const { store, transport } = setup({
      // Computed by the hub before seq 7 was made: the card at version 4, with the comment of seq 6.
      'board.since': () => ({
        kind: 'changes',
        seq: 6,
        changes: [{ seq: 6, card: makeCard(1, { version: 4, comments: [note(1), note(2), note(3)] }) }],
      }),
    });
    await store.getState().loadBoard();
    transport.emit('board.changed', { seq: 7, card: head(makeCard(1, { version: 5, status: 'in_progress' })) });
    await flush();
    await store.getState().syncBoard();
    expect(store.getState().boardCards[1]).toMatchObject({ version: 5, status: 'in_progress' });
    expect(commentsOf(store, 1)).toEqual(['note 1', 'note 2', 'note 3']);
    expect(store.getState().boardSeq).toBe(7);
  });

  it('events that arrive while a snapshot is on its way are applied over it', async () => {
    const answer = deferred<unknown>();
    const { store, transport } = setup({ 'board.snapshot': () => answer.promise });
    const loading = store.getState().loadBoard();
    await flush();
    transport.emit('board.commented', { seq: 6, card: head(makeCard(1, { version: 4 })), comment: note(3) });
    transport.emit('board.changed', { seq: 7, card: head(makeCard(2, { title: 'Created meanwhile' })) });
    await flush();
    answer.resolve({ seq: 5, cards: [makeCard(1, { version: 3, comments: [note(1), note(2)] })], presence: [], serverNow: 1_000 });
    await loading;
    expect(commentsOf(store, 1)).toEqual(['note 1', 'note 2', 'note 3']);
    expect(store.getState().boardCards[2]?.title).toBe('Created meanwhile');
    expect(store.getState().boardSeq).toBe(7);
  });

  it('a malformed comment event is dropped without touching the board', async () => {
    const { store, transport } = setup();
    await store.getState().loadBoard();
    transport.emit('board.commented', { seq: 6, card: head(makeCard(1, { version: 4 })), comment: { id: 'x', text: 5 } });
    transport.emit('board.commented', { seq: 6, comment: note(3) });
    await flush();
    expect(commentsOf(store, 1)).toEqual(['note 1', 'note 2']);
    expect(store.getState().boardSeq).toBe(5);
  });
});
