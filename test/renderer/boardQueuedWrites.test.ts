/**
 * Comments and new escalations go through the board's write queue like moves: made offline
 * they wait (kept across a reload), show where they will land, and go out once on reconnect
 * under their request key; a refusal on the way keeps the text, with the hub's reason.
 */
import { describe, expect, it } from 'vitest';
import type { BoardCard } from '../../shared/contract/methods.js';
import { boardSelectors } from '../../renderer/src/store/board/selectors.js';
import { localQueueStore, QUEUE_STORAGE_KEY } from '../../renderer/src/store/board/pending.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { makeCard, person } from './boardCards.js';
import { createFakeClient, failWith, type FakeTransport } from './fakeTransport.js';
import { memoryStorage } from './memoryStorage.js';

const me = person('u_olli', 'Olli Operator');

/** A hub with card 1 at seq 5 that makes comments and cards as asked (seq counting on). */
function setup(storage = memoryStorage()) {
  let seq = 5;
  const card1 = makeCard(1, { title: 'Login down', version: 3 });
  const { client, transport } = createFakeClient({
    'board.snapshot': () => ({ seq, cards: [card1], presence: [], serverNow: 1_000 }),
    'board.since': () => ({ kind: 'changes', seq, changes: [] }),
    'board.people': () => [],
    'board.comment': (p: { id: number; text: string }) => {
      seq += 1;
      const comment = { id: seq, at: 1_000, author: me, text: p.text, mentions: [] };
      return { seq, card: { ...card1, version: 3 + seq, comments: [comment] } };
    },
    'board.create': (p: { title: string }) => {
      seq += 1;
      return { seq, card: makeCard(100 + seq, { title: p.title }) };
    },
  });
  const store = createDeskStore({ client, now: () => 1_000, boardQueue: localQueueStore(storage) });
  store.getState().bindEvents();
  return { store, transport, storage };
}

const callsOf = (transport: FakeTransport, method: string) =>
  transport.calls.filter((c) => c.method === method).map((c) => c.params as Record<string, unknown>);

async function offlineWithBoard(storage = memoryStorage()) {
  const rig = setup(storage);
  rig.store.setState({ connectionPhase: 'live' });
  await rig.store.getState().syncBoard();
  rig.store.setState({ connectionPhase: 'disconnected' });
  return rig;
}

describe('queued comments and escalations', () => {
  it('made offline they wait in order, kept in storage and shown as pending; a reload keeps them; reconnecting sends each once', async () => {
    const { store, transport, storage } = await offlineWithBoard();
    const commented = await store.getState().commentOnCard(1, '  Customer says it is back @dana ');
    const filed = await store.getState().createEscalation({ title: 'Refunds stuck', priority: 'P1', tags: ['billing'] });
    expect(commented).toEqual({ kind: 'queued', key: expect.any(String) });
    expect(filed).toEqual({ kind: 'queued', key: expect.any(String) });
    expect(callsOf(transport, 'board.comment')).toEqual([]);
    expect(callsOf(transport, 'board.create')).toEqual([]);
    const state = store.getState();
    expect(boardSelectors.queuedCount(state)).toBe(2);
    expect(boardSelectors.pendingFor(1)(state)).toBe(true);
    expect(boardSelectors.pendingComments(state).map((w) => [w.cardId, w.text, w.state])).toEqual([
      [1, 'Customer says it is back @dana', 'queued'],
    ]);
    expect(boardSelectors.queuedCreates(state).map((w) => w.draft.title)).toEqual(['Refunds stuck']);
    expect(state.boardNotice).toBeNull();

    // The page is reloaded while the hub is still away: the queue comes back from storage.
    const again = setup(storage);
    again.store.getState().restoreBoardQueue();
    const kept = again.store.getState().boardPending;
    expect(kept.map((w) => [w.kind, w.state])).toEqual([
      ['comment', 'queued'],
      ['create', 'queued'],
    ]);
    expect(kept.map((w) => w.key)).toEqual(state.boardPending.map((w) => w.key));

    again.store.setState({ connectionPhase: 'live' });
    await again.store.getState().syncBoard();
    const comments = callsOf(again.transport, 'board.comment');
    const creates = callsOf(again.transport, 'board.create');
    expect(comments).toEqual([{ id: 1, text: 'Customer says it is back @dana', requestKey: kept[0]!.key }]);
    expect(creates).toEqual([{ title: 'Refunds stuck', priority: 'P1', tags: ['billing'], requestKey: kept[1]!.key }]);
    const after = again.store.getState();
    expect(after.boardPending).toEqual([]);
    expect(storage.mem.has(QUEUE_STORAGE_KEY)).toBe(false);
    expect(after.boardCards[1]!.comments.map((c) => c.text)).toEqual(['Customer says it is back @dana']);
    expect(Object.values(after.boardCards).map((c) => c.title)).toContain('Refunds stuck');
    // The escalation's key names the card it became, for the Escalate button that queued it.
    const landed = after.boardLanded[kept[1]!.key];
    expect(filed.kind === 'queued' && filed.key).toBe(kept[1]!.key);
    expect(after.boardCards[landed!]?.title).toBe('Refunds stuck');
    expect(Object.keys(after.boardLanded)).toEqual([kept[1]!.key]);
  });

  it('two tabs share the storage: one tab’s save never drops the other’s queued text; a reload gets both', async () => {
    const storage = memoryStorage();
    const a = await offlineWithBoard(storage);
    const b = await offlineWithBoard(storage);
    await a.store.getState().commentOnCard(1, 'from tab A');
    await b.store.getState().createEscalation({ title: 'from tab B' });
    await b.store.getState().updateCard(1, { priority: 'P1' });
    const reloaded = setup(storage);
    reloaded.store.getState().restoreBoardQueue();
    expect(reloaded.store.getState().boardPending.map((w) => w.kind)).toEqual(['comment', 'create', 'update']);

    // Tab B sends its own; tab A's comment stays kept for whoever sends it (the request key makes a second send a no-op).
    b.store.setState({ connectionPhase: 'live' });
    b.transport.handlers['board.update'] = () => ({ result: 'updated', seq: 9, card: makeCard(1, { version: 9, priority: 'P1' }) });
    await b.store.getState().flushBoardQueue();
    expect(JSON.parse(storage.getItem(QUEUE_STORAGE_KEY)!).map((w: { text?: string }) => w.text)).toEqual(['from tab A']);
    // Signing out in any tab forgets every tab's queue.
    b.store.getState().forgetBoard();
    expect(storage.mem.has(QUEUE_STORAGE_KEY)).toBe(false);
  });

  it('a send whose answer is lost waits and goes again under the same key', async () => {
    const { store, transport } = await offlineWithBoard();
    await store.getState().commentOnCard(1, 'once only');
    const real = transport.call.bind(transport);
    let lose = true;
    transport.call = async (method, params) => {
      const answer = await real(method, params);
      if (method === 'board.comment' && lose) {
        lose = false;
        return { ok: false, error: { code: 'unavailable', message: 'The link to the hub dropped.' } };
      }
      return answer;
    };
    store.setState({ connectionPhase: 'live' });
    await store.getState().syncBoard();
    expect(store.getState().boardPending.map((w) => w.state)).toEqual(['queued']);
    await store.getState().flushBoardQueue();
    const keys = callsOf(transport, 'board.comment').map((p) => p.requestKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(store.getState().boardPending).toEqual([]);
  });

  it('a replay the hub refuses keeps the text with the reason, across a reload, until retried or discarded', async () => {
    const storage = memoryStorage();
    const { store, transport } = await offlineWithBoard(storage);
    await store.getState().commentOnCard(1, 'Refund sent, please confirm');
    await store.getState().createEscalation({ title: 'Outage in EU', priority: 'P2', tags: [] });
    transport.handlers['board.comment'] = failWith('not_found', 'There is no escalation 1 on the board.');
    transport.handlers['board.create'] = failWith(
      'forbidden',
      'Your role (social) cannot do this; it needs operator, lead or admin. Ask an admin to change your roles.',
    );
    store.setState({ connectionPhase: 'live' });
    await store.getState().syncBoard();
    const refused = boardSelectors.refused(store.getState());
    expect(refused.map((w) => [w.kind, w.refusal])).toEqual([
      ['comment', 'There is no escalation 1 on the board.'],
      ['create', 'Your role no longer lets you file escalations; it was changed while this window was offline.'],
    ]);
    expect(boardSelectors.queuedCount(store.getState())).toBe(0);
    // Not on the card as a change in flight any more, and not shown as a card about to appear.
    expect(boardSelectors.pendingFor(1)(store.getState())).toBe(false);
    expect(boardSelectors.queuedCreates(store.getState())).toEqual([]);

    const reloaded = setup(storage);
    reloaded.store.getState().restoreBoardQueue();
    expect(boardSelectors.refused(reloaded.store.getState()).map((w) => (w.kind === 'comment' ? w.text : w.draft.title))).toEqual([
      'Refund sent, please confirm',
      'Outage in EU',
    ]);

    transport.handlers['board.create'] = (p: { title: string }) => ({ seq: 9, card: makeCard(9, { title: p.title }) });
    await store.getState().retryUnsent(refused[1]!.key);
    expect(callsOf(transport, 'board.create').map((p) => p.requestKey)).toEqual([refused[1]!.key, refused[1]!.key]);
    expect(store.getState().boardCards[9]?.title).toBe('Outage in EU');
    store.getState().discardUnsent(refused[0]!.key);
    expect(store.getState().boardPending).toEqual([]);
    expect(storage.mem.has(QUEUE_STORAGE_KEY)).toBe(false);
  });

  it('made live: answered at once; a refusal goes back to the form (the text is still there), nothing kept', async () => {
    const { store, transport } = setup();
    store.setState({ connectionPhase: 'live' });
    await store.getState().syncBoard();
    const sent = await store.getState().commentOnCard(1, 'on it');
    expect(sent).toMatchObject({ kind: 'sent', card: { id: 1 } });
    const made = await store.getState().createEscalation({ title: 'Checkout 502s' });
    expect(made.kind === 'sent' && made.card.title).toBe('Checkout 502s');

    transport.handlers['board.comment'] = failWith('forbidden', 'Your session ended; sign in again.');
    expect(await store.getState().commentOnCard(1, 'again')).toEqual({ kind: 'refused', message: 'Your session ended; sign in again.' });
    expect(store.getState().boardPending).toEqual([]);
    expect(store.getState().boardNotice).toBe('Your session ended; sign in again.');
  });

  it('a board kept by an older page (no roles with it), reloaded offline, takes no comment or escalation: it says why', async () => {
    const { store, transport } = setup();
    store.setState({
      boardCached: { takenAt: 1, userId: null, roles: null, displayName: null, kept: 1, total: 1 },
      boardCards: { 1: makeCard(1) as BoardCard },
    });
    const answer = await store.getState().commentOnCard(1, 'hello');
    expect(answer).toEqual({ kind: 'refused', message: expect.stringMatching(/kept on this computer/) });
    expect((await store.getState().createEscalation({ title: 'x' })).kind).toBe('refused');
    expect(store.getState().boardPending).toEqual([]);
    expect(transport.calls.filter((c) => c.method.startsWith('board.'))).toEqual([]);
  });

  it('a queue kept by an older page (field changes without a kind) still reads, next to the new kinds', async () => {
    const storage = memoryStorage();
    const entries = [
      { key: 'k1', cardId: 1, baseVersion: 3, patch: { status: 'triaged' }, madeAt: 1, madeBy: null },
      { key: 'k2', kind: 'comment', cardId: 1, text: 'hi', madeAt: 2, madeBy: null, state: 'refused', refusal: 'gone' },
      { key: 'k3', kind: 'create', draft: { title: 'T' }, madeAt: 3, madeBy: null },
    ];
    storage.setItem(QUEUE_STORAGE_KEY, JSON.stringify(entries));
    const { store } = setup(storage);
    store.getState().restoreBoardQueue();
    expect(store.getState().boardPending.map((w) => [w.key, w.kind, w.state])).toEqual([
      ['k1', 'update', 'queued'],
      ['k2', 'comment', 'refused'],
      ['k3', 'create', 'queued'],
    ]);
    // One damaged or unknown entry costs only itself: the other texts are still there.
    storage.setItem(
      QUEUE_STORAGE_KEY,
      JSON.stringify([
        ...entries,
        { key: 'k4', kind: 'comment', cardId: 1, text: '', madeAt: 4, madeBy: null },
        { key: 'k5', kind: 'from a later version', madeAt: 5, madeBy: null },
      ]),
    );
    const other = setup(storage);
    other.store.getState().restoreBoardQueue();
    expect(other.store.getState().boardPending.map((w) => w.key)).toEqual(['k1', 'k2', 'k3']);
  });

  it('a comment or escalation the hub would refuse as written is refused at once, in words, and nothing is queued', async () => {
    const { store } = await offlineWithBoard();
    const tags = await store.getState().createEscalation({ title: 'Refunds', tags: ['two words'] });
    expect(tags).toEqual({ kind: 'refused', message: expect.stringMatching(/^tags\.0: tags are letters, digits/) });
    const untitled = await store.getState().createEscalation({ title: '   ' });
    expect(untitled).toEqual({ kind: 'refused', message: 'title is empty' });
    expect(await store.getState().commentOnCard(1, '   ')).toEqual({ kind: 'refused', message: 'The comment is empty.' });
    expect(await store.getState().commentOnCard(1, 'x'.repeat(5001))).toEqual({
      kind: 'refused',
      message: 'The comment is too long (at most 5000 characters).',
    });
    expect(store.getState().boardPending).toEqual([]);
  });
});
