import { describe, expect, it } from 'vitest';
import type { BoardCard, CardPatch } from '../../shared/contract/methods.js';
import { boardSelectors, groupByStatus } from '../../renderer/src/store/board/selectors.js';
import { localQueueStore, QUEUE_STORAGE_KEY } from '../../renderer/src/store/board/pending.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { makeCard, person } from './boardCards.js';
import { createFakeClient, deferred, failWith, flush } from './fakeTransport.js';
import { memoryStorage } from './memoryStorage.js';

const dana = person('u_dana', 'Dana Lead');

/** A hub with cards 1 and 2 at seq 5; `board.update` is whatever the test says. */
function setup(handlers: Record<string, (p: never) => unknown> = {}) {
  const hubCards = new Map<number, BoardCard>([
    [1, makeCard(1, { title: 'Login down', version: 3 })],
    [2, makeCard(2, { title: 'Refund stuck', priority: 'P1' })],
  ]);
  const storage = memoryStorage();
  const { client, transport } = createFakeClient({
    'board.snapshot': () => ({ seq: 5, cards: [...hubCards.values()], presence: [], serverNow: 1_500 }),
    'board.people': () => [{ ...dana, roles: ['lead'] }],
    'board.presence': () => [],
    'board.history': () => [],
    ...handlers,
  });
  const store = createDeskStore({ client, now: () => 1_000, boardQueue: localQueueStore(storage) });
  store.setState({ connectionPhase: 'live' });
  store.getState().bindEvents();
  return { store, transport, hubCards, storage };
}

const updated = (card: BoardCard, patch: CardPatch, seq: number) => ({
  result: 'updated',
  seq,
  card: { ...card, ...(patch.status ? { status: patch.status } : {}), version: card.version + 1 },
});

describe('board slice', () => {
  it('loads a snapshot with the hub clock skew and groups the cards by status, most urgent first', async () => {
    const { store } = setup();
    await store.getState().syncBoard();
    const state = store.getState();
    expect(state.boardStatus).toBe('ready');
    expect(state.boardSeq).toBe(5);
    expect(state.boardSkewMs).toBe(500);
    expect(groupByStatus(boardSelectors.cards(state)).new.map((c) => c.title)).toEqual(['Refund stuck', 'Login down']);
    expect(state.boardPeople.map((p) => p.displayName)).toEqual(['Dana Lead']);
  });

  it('a move shows at once, and the hub’s answer confirms it with the base version it was made on', async () => {
    const answer = deferred<unknown>();
    const { store, transport } = setup({ 'board.update': () => answer.promise });
    await store.getState().syncBoard();
    const moving = store.getState().updateCard(1, { status: 'triaged' });
    expect(boardSelectors.card(1)(store.getState())?.status).toBe('triaged');
    await flush();
    expect(transport.calls.find((c) => c.method === 'board.update')?.params).toEqual({
      id: 1,
      baseVersion: 3,
      patch: { status: 'triaged' },
    });
    answer.resolve(updated(store.getState().boardCards[1]!, { status: 'triaged' }, 6));
    await moving;
    expect(store.getState().boardPending).toEqual([]);
    expect(store.getState().boardCards[1]).toMatchObject({ status: 'triaged', version: 4 });
    expect(store.getState().boardSeq).toBe(6);
  });

  it('a stale write is rolled back and kept as a conflict with the fresh card; re-apply sends it on the new version', async () => {
    const { store, transport } = setup();
    await store.getState().syncBoard();
    const fresh = makeCard(1, { title: 'Login down', version: 4, status: 'in_progress', assignee: dana });
    transport.handlers['board.update'] = () => ({
      result: 'conflict',
      message: 'Dana Lead moved it to in progress after you opened it.',
      current: fresh,
      conflicting: ['status'],
      changes: [{ field: 'status', from: 'new', to: 'in_progress', by: dana, at: 1_200, version: 4 }],
    });
    await store.getState().updateCard(1, { status: 'triaged' });
    const state = store.getState();
    expect(boardSelectors.card(1)(state)?.status).toBe('in_progress'); // nothing overwritten, nothing pretend
    expect(state.boardConflicts).toHaveLength(1);
    expect(state.boardConflicts[0]).toMatchObject({ cardId: 1, patch: { status: 'triaged' }, conflicting: ['status'] });
    expect(state.boardConflicts[0]!.current.version).toBe(4);

    transport.handlers['board.update'] = (p: { baseVersion: number }) =>
      updated({ ...fresh, version: p.baseVersion }, { status: 'triaged' }, 7);
    await store.getState().reapplyConflict(state.boardConflicts[0]!.key);
    expect(transport.calls.filter((c) => c.method === 'board.update').at(-1)?.params).toMatchObject({ baseVersion: 4 });
    expect(store.getState().boardConflicts).toEqual([]);
    expect(store.getState().boardCards[1]).toMatchObject({ status: 'triaged', version: 5 });
  });

  it('a refused write (forbidden) rolls back with the hub’s sentence', async () => {
    const { store, transport } = setup();
    await store.getState().syncBoard();
    transport.handlers['board.update'] = failWith('forbidden', 'Operators may move only cards assigned to them.');
    await store.getState().updateCard(2, { status: 'resolved' });
    expect(boardSelectors.card(2)(store.getState())?.status).toBe('new');
    expect(store.getState().boardNotice).toBe('Operators may move only cards assigned to them.');
  });

  it('applies board.changed events in version order and ignores an older version arriving late', async () => {
    const { store, transport } = setup();
    await store.getState().syncBoard();
    const head = (card: BoardCard) => {
      const { comments: _comments, ...rest } = card;
      return rest;
    };
    transport.emit('board.changed', { seq: 7, card: head(makeCard(1, { version: 6, status: 'assigned' })) });
    transport.emit('board.changed', { seq: 6, card: head(makeCard(1, { version: 5, status: 'triaged' })) });
    transport.emit('board.changed', { seq: 8, card: head(makeCard(3, { title: 'New one' })) });
    await flush();
    expect(store.getState().boardCards[1]).toMatchObject({ status: 'assigned', version: 6 });
    expect(store.getState().boardCards[3]?.title).toBe('New one');
    expect(store.getState().boardSeq).toBe(8);
  });

  it('after a reconnect it catches up with board.since, or takes a snapshot when the hub says it is too far behind', async () => {
    const { store, transport, hubCards } = setup();
    await store.getState().syncBoard();
    transport.handlers['board.since'] = (p: { seq: number }) => {
      expect(p.seq).toBe(5);
      return { kind: 'changes', seq: 9, changes: [{ seq: 9, card: makeCard(2, { version: 2, status: 'resolved' }) }] };
    };
    await store.getState().syncBoard();
    expect(store.getState().boardCards[2]?.status).toBe('resolved');
    expect(store.getState().boardSeq).toBe(9);
    expect(transport.calls.filter((c) => c.method === 'board.snapshot')).toHaveLength(1);

    transport.handlers['board.since'] = () => ({ kind: 'tooFarBehind', seq: 500 });
    hubCards.clear();
    hubCards.set(7, makeCard(7, { title: 'Only this now' }));
    transport.handlers['board.snapshot'] = () => ({ seq: 500, cards: [...hubCards.values()], presence: [], serverNow: 1_000 });
    await store.getState().syncBoard();
    expect(Object.keys(store.getState().boardCards)).toEqual(['7']);
    expect(store.getState().boardSeq).toBe(500);
  });

  it('offline: changes are queued (and kept in storage), shown on the card, and sent in order when the link is back', async () => {
    const { store, transport, storage } = setup();
    await store.getState().syncBoard();
    store.setState({ connectionPhase: 'disconnected' });
    await store.getState().updateCard(1, { status: 'triaged' });
    await store.getState().updateCard(2, { priority: 'P2' });
    expect(transport.calls.filter((c) => c.method === 'board.update')).toEqual([]);
    expect(boardSelectors.queuedCount(store.getState())).toBe(2);
    expect(boardSelectors.card(1)(store.getState())?.status).toBe('triaged');
    expect(JSON.parse(storage.mem.get(QUEUE_STORAGE_KEY)!)).toHaveLength(2);
    expect(JSON.parse(storage.mem.get(QUEUE_STORAGE_KEY)!)[0]).toMatchObject({ madeBy: null, baseVersion: 3 });

    // A reload while offline gets the queue back from storage.
    const again = createDeskStore({ client: createFakeClient().client, now: () => 1_000, boardQueue: localQueueStore(storage) });
    again.getState().restoreBoardQueue();
    expect(again.getState().boardPending.map((w) => (w.kind === 'update' ? w.patch : w.kind))).toEqual([
      { status: 'triaged' },
      { priority: 'P2' },
    ]);

    const sent: unknown[] = [];
    transport.handlers['board.since'] = () => ({ kind: 'changes', seq: 5, changes: [] });
    transport.handlers['board.update'] = (p: { id: number; patch: CardPatch }) => {
      sent.push(p);
      if (p.id === 2)
        return {
          result: 'conflict',
          message: 'Dana Lead changed its priority to P1 while you were offline.',
          current: makeCard(2, { priority: 'P1', version: 2 }),
          conflicting: ['priority'],
          changes: [],
        };
      return updated(store.getState().boardCards[1]!, p.patch, 6);
    };
    store.setState({ connectionPhase: 'live' });
    await store.getState().syncBoard();
    expect(sent).toEqual([
      { id: 1, baseVersion: 3, patch: { status: 'triaged' } },
      { id: 2, baseVersion: 1, patch: { priority: 'P2' } },
    ]);
    expect(store.getState().boardPending).toEqual([]);
    expect(storage.mem.has(QUEUE_STORAGE_KEY)).toBe(false);
    expect(store.getState().boardConflicts.map((c) => c.message)).toEqual(['Dana Lead changed its priority to P1 while you were offline.']);
  });

  it('a queue kept from another person’s session is dropped, never sent as the one signed in now; signing out forgets the board', async () => {
    const { store, transport, storage } = setup({
      'auth.logout': () => ({ signedOut: true }),
      'auth.me': () => ({ signedIn: false, via: 'none', user: null, roles: [] }),
    });
    storage.setItem(
      QUEUE_STORAGE_KEY,
      JSON.stringify([{ key: 'k1', cardId: 1, baseVersion: 3, patch: { status: 'resolved' }, madeAt: 1, madeBy: 'u_someone_else' }]),
    );
    store.getState().restoreBoardQueue();
    await store.getState().syncBoard();
    expect(transport.calls.filter((c) => c.method === 'board.update')).toEqual([]);
    expect(store.getState().boardPending).toEqual([]);

    store.setState({ connectionPhase: 'disconnected' });
    await store.getState().updateCard(1, { status: 'triaged' });
    expect(storage.mem.has(QUEUE_STORAGE_KEY)).toBe(true);
    await store.getState().signOut();
    expect(storage.mem.has(QUEUE_STORAGE_KEY)).toBe(false);
    expect(store.getState()).toMatchObject({ boardCards: {}, boardPending: [], boardSeq: 0 });
  });

  it('a write whose link drops in flight waits in the queue instead of being lost', async () => {
    const { store, transport } = setup();
    await store.getState().syncBoard();
    transport.handlers['board.update'] = () => {
      throw new Error('socket closed');
    };
    // The fake answers `internal` for a thrown error; the real client answers `unavailable` when the transport throws.
    transport.call = async (method) => {
      if (method === 'board.update') throw new Error('The link to the hub dropped.');
      return { ok: true, value: null };
    };
    await store.getState().updateCard(1, { status: 'triaged' });
    expect(store.getState().boardPending.map((w) => w.state)).toEqual(['queued']);
  });

  it('shows a page only to the people and roles it names', async () => {
    const { store, transport } = setup();
    store.setState({
      me: {
        signedIn: true,
        via: 'session',
        roles: ['operator'],
        user: { id: 'u_me', username: 'me', displayName: 'Me', roles: ['operator'], status: 'active', createdAt: 1, lastSeenAt: null },
      },
    });
    const page = { cardId: 1, title: 'Login down', priority: 'P1', tier: 1, round: 0, reason: 'unacknowledged', userIds: [], at: 5 };
    transport.emit('board.page', { ...page, roles: ['lead'] });
    await flush();
    expect(store.getState().boardPages).toEqual([]);
    transport.emit('board.page', { ...page, roles: ['operator'] });
    transport.emit('board.page', { ...page, cardId: 2, roles: [], userIds: ['u_me'] });
    await flush();
    expect(store.getState().boardPages.map((p) => p.cardId)).toEqual([2, 1]);
  });

  it('presence: opening a card tells the hub, and events replace a card’s viewers', async () => {
    const { store, transport } = setup({ 'board.presence': () => [{ cardId: 1, viewers: [dana] }] });
    await store.getState().syncBoard();
    await store.getState().openCard(1);
    expect(transport.calls.find((c) => c.method === 'board.presence')?.params).toEqual({ cardId: 1 });
    expect(boardSelectors.viewers(1)(store.getState())).toEqual([dana]);
    transport.emit('board.presence', { entries: [{ cardId: 1, viewers: [] }] });
    await flush();
    expect(boardSelectors.viewers(1)(store.getState())).toEqual([]);
  });
});
