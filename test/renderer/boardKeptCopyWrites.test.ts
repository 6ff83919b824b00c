/**
 * A page reloaded while the hub is unreachable shows the board kept on this computer, and its
 * person can queue comments and new escalations there, as the roles kept with the copy allow.
 * The queue goes out only once the hub has said this window is that person again, each write
 * once under its request key; the hub checks it as any other. Moves wait for the live board.
 */
import { describe, expect, it } from 'vitest';
import type { Me, Priority } from '../../shared/contract/methods.js';
import type { Role } from '../../shared/domain.js';
import { localBoardCache } from '../../renderer/src/store/board/cache.js';
import { localQueueStore } from '../../renderer/src/store/board/pending.js';
import { boardSelectors } from '../../renderer/src/store/board/selectors.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { makeCard, person } from './boardCards.js';
import { createFakeClient, failWith, type FakeTransport, type Handler } from './fakeTransport.js';
import { memoryStorage } from './memoryStorage.js';

const HUB = 'https://hub.example';
const NAMES: Record<string, string> = { u_dana: 'Dana Lead' };
const me = (id: string, roles: Role[]): Me => ({
  signedIn: true,
  via: 'session',
  user: { id, username: id, displayName: NAMES[id] ?? id, roles, status: 'active', createdAt: 1, lastSeenAt: null },
  roles,
});

/** One page of the app on `storage`, signed in with `credential`; the hub answers as `who` says (and as `more` adds). */
function page(storage: ReturnType<typeof memoryStorage>, who: { id: string; roles: Role[] }, more: Record<string, Handler> = {}) {
  let seq = 5;
  const card1 = makeCard(1, { title: 'Login down', version: 3 });
  const { client, transport } = createFakeClient({
    ...more,
    'auth.me': () => me(who.id, who.roles),
    'board.snapshot': () => ({ seq, cards: [card1], presence: [], serverNow: 1_000 }),
    'board.since': () => ({ kind: 'changes', seq, changes: [] }),
    'board.people': () => [],
    'board.comment': (p: { id: number; text: string }) => {
      seq += 1;
      const comment = { id: seq, at: 1_000, author: person(who.id, who.id), text: p.text, mentions: [] };
      return { seq, card: { ...card1, version: 3 + seq, comments: [comment] } };
    },
    'board.create': (p: { title: string }) => {
      seq += 1;
      return { seq, card: makeCard(100 + seq, { title: p.title }) };
    },
    ...more,
  });
  const store = createDeskStore({
    client,
    now: () => 60_000,
    boardQueue: localQueueStore(storage),
    boardCache: localBoardCache(storage, () => ({ origin: HUB, credential: 'session-1' })),
  });
  store.getState().bindEvents();
  const goLive = async () => {
    store.setState({ connectionPhase: 'live' });
    await store.getState().refreshAll();
  };
  const reloadOffline = () => {
    store.setState({ connectionPhase: 'disconnected' });
    store.getState().restoreBoardQueue();
    store.getState().restoreBoardCache();
  };
  return { store, transport, goLive, reloadOffline };
}

const callsOf = (transport: FakeTransport, method: string) =>
  transport.calls.filter((c) => c.method === method).map((c) => c.params as Record<string, unknown>);

/** Dana's board kept by a page that was live, then a new page on the same browser, loaded offline. */
async function keptThenReloaded(roles: Role[], back: { id: string; roles: Role[] } = { id: 'u_dana', roles }) {
  const storage = memoryStorage();
  const before = page(storage, { id: 'u_dana', roles });
  await before.goLive();
  before.store.getState().saveBoardCache();
  const after = page(storage, back);
  after.reloadOffline();
  return { ...after, storage };
}

describe('queuing on the board kept on this computer', () => {
  it('a comment and an escalation queue as the copy’s person, survive another reload, and go out once each when the hub is back', async () => {
    const { store, transport, storage } = await keptThenReloaded(['lead']);
    expect(store.getState().boardCached).toMatchObject({ userId: 'u_dana', roles: ['lead'] });
    expect(boardSelectors.canCreate(store.getState())).toBe(true);
    const commented = await store.getState().commentOnCard(1, 'Customer says it is back');
    const filed = await store.getState().createEscalation({ title: 'Refunds stuck', priority: 'P1' });
    expect([commented.kind, filed.kind]).toEqual(['queued', 'queued']);
    expect(store.getState().boardPending.map((w) => [w.kind, w.madeBy, w.state])).toEqual([
      ['comment', 'u_dana', 'queued'],
      ['create', 'u_dana', 'queued'],
    ]);
    expect(boardSelectors.queuedCreates(store.getState())).toHaveLength(1);

    // Reloaded again, still offline: both are there, and the hub is back for the third page.
    const third = page(storage, { id: 'u_dana', roles: ['lead'] });
    third.reloadOffline();
    expect(third.store.getState().boardPending).toHaveLength(2);
    await third.goLive();
    const comments = callsOf(third.transport, 'board.comment');
    const creates = callsOf(third.transport, 'board.create');
    expect(comments).toEqual([{ id: 1, text: 'Customer says it is back', requestKey: expect.any(String) }]);
    expect(creates).toMatchObject([{ title: 'Refunds stuck', priority: 'P1', requestKey: expect.any(String) }]);
    expect(third.store.getState().boardPending).toEqual([]);
    expect(third.store.getState().boardCached).toBeNull();
    expect(callsOf(transport, 'board.comment')).toEqual([]);
  });

  it('roles kept that do not file escalations: no "New escalation", a refusal in words; a comment still queues', async () => {
    const { store } = await keptThenReloaded(['social']);
    expect(boardSelectors.canCreate(store.getState())).toBe(false);
    expect(await store.getState().createEscalation({ title: 'x' })).toEqual({
      kind: 'refused',
      message: 'Your role (as the hub last said) does not let you file escalations.',
    });
    expect((await store.getState().commentOnCard(1, 'noted')).kind).toBe('queued');
  });

  it('a copy from an older page without roles stays read-only: moves and comments are refused in words', async () => {
    const { storage } = await keptThenReloaded(['lead']);
    // An older page kept no roles: strip them from the stored copy.
    for (const [key, value] of storage.mem)
      if (value.includes('"roles":["lead"],"displayName"')) storage.mem.set(key, value.replace('"roles":["lead"],', ''));
    const older = page(storage, { id: 'u_dana', roles: ['lead'] });
    older.reloadOffline();
    expect(older.store.getState().boardCached).toMatchObject({ userId: 'u_dana', roles: null });
    expect(boardSelectors.canCreate(older.store.getState())).toBe(false);
    expect(await older.store.getState().commentOnCard(1, 'hello')).toEqual({
      kind: 'refused',
      message: expect.stringMatching(/kept on this computer; changes can be made again once the hub is back/),
    });
    expect(boardSelectors.canMove(makeCard(1))(older.store.getState())).toBe(false);
    await older.store.getState().updateCard(1, { status: 'triaged' });
    expect(older.store.getState().boardPending).toEqual([]);
    expect(older.store.getState().boardNotice).toMatch(/changes can be made again once the hub is back/);
  });

  it('when the hub says this window is someone else now, what was queued as the copy’s person is never sent as them', async () => {
    const { store, transport, goLive } = await keptThenReloaded(['lead'], { id: 'u_olli', roles: ['operator'] });
    expect((await store.getState().commentOnCard(1, 'as dana')).kind).toBe('queued');
    await goLive();
    expect(callsOf(transport, 'board.comment')).toEqual([]);
    expect(store.getState().boardPending).toEqual([]);
  });
});

/**
 * A hub's `board.update` for card 1 as the fake's snapshot has it (version 3): a change on an
 * older version is a conflict only when someone else changed one of its fields since (`beaten`).
 */
function hubUpdates(beaten: { field: 'priority'; to: Priority; by: string } | null) {
  let version = 3;
  let seq = 50;
  let shown = makeCard(1, { title: 'Login down', version });
  if (beaten) {
    version += 1;
    shown = { ...shown, version, [beaten.field]: beaten.to };
  }
  const update = (p: { id: number; baseVersion: number; patch: Record<string, unknown> }) => {
    if (beaten && p.baseVersion < version && beaten.field in p.patch && p.patch[beaten.field] !== shown[beaten.field]) {
      const change = { field: beaten.field, from: 'P3', to: beaten.to, at: 2_000, by: person(beaten.by), version };
      return {
        result: 'conflict',
        message: `${beaten.by} changed the priority to ${beaten.to} since.`,
        current: shown,
        conflicting: [beaten.field],
        changes: [change],
      };
    }
    version += 1;
    seq += 1;
    shown = { ...shown, ...p.patch, version };
    return { result: 'updated', seq, card: shown };
  };
  return { 'board.update': update, 'board.since': () => ({ kind: 'changes', seq: 50, changes: beaten ? [{ seq: 50, card: shown }] : [] }) };
}

describe('changing cards on the board kept on this computer', () => {
  it('a move and a priority change queue on the kept versions, show at once, survive a reload, and go out once each', async () => {
    const { store, storage } = await keptThenReloaded(['lead']);
    expect(boardSelectors.canTriage(store.getState())).toBe(true);
    expect(boardSelectors.canMove(makeCard(1))(store.getState())).toBe(true);
    await store.getState().updateCard(1, { status: 'triaged' });
    await store.getState().updateCard(1, { priority: 'P1' });
    expect(store.getState().boardNotice).toBeNull();
    expect(store.getState().boardPending.map((w) => w.kind === 'update' && [w.baseVersion, w.patch, w.madeBy, w.state])).toEqual([
      [3, { status: 'triaged' }, 'u_dana', 'queued'],
      [3, { priority: 'P1' }, 'u_dana', 'queued'],
    ]);
    expect(boardSelectors.card(1)(store.getState())).toMatchObject({ status: 'triaged', priority: 'P1' });

    const third = page(storage, { id: 'u_dana', roles: ['lead'] }, hubUpdates(null));
    third.reloadOffline();
    expect(boardSelectors.card(1)(third.store.getState())).toMatchObject({ status: 'triaged', priority: 'P1' });
    await third.goLive();
    expect(callsOf(third.transport, 'board.update')).toEqual([
      { id: 1, baseVersion: 3, patch: { status: 'triaged' } },
      { id: 1, baseVersion: 3, patch: { priority: 'P1' } },
    ]);
    expect(third.store.getState().boardPending).toEqual([]);
    expect(third.store.getState().boardConflicts).toEqual([]);
    expect(third.store.getState().boardCards[1]).toMatchObject({ status: 'triaged', priority: 'P1', version: 5 });
    // Reloaded once more, nothing is left to send again.
    const fourth = page(storage, { id: 'u_dana', roles: ['lead'] }, hubUpdates(null));
    fourth.reloadOffline();
    expect(fourth.store.getState().boardPending).toEqual([]);
  });

  it('a change someone else beat while the page was away comes back as a conflict in words; the rest of the queue lands', async () => {
    const { storage } = await keptThenReloaded(['lead']);
    const back = page(storage, { id: 'u_dana', roles: ['lead'] }, hubUpdates({ field: 'priority', to: 'P2', by: 'Olli' }));
    back.reloadOffline();
    await back.store.getState().updateCard(1, { priority: 'P1' });
    await back.store.getState().updateCard(1, { status: 'in_progress' });
    await back.goLive();
    const state = back.store.getState();
    expect(state.boardPending).toEqual([]);
    expect(state.boardConflicts).toMatchObject([
      { cardId: 1, patch: { priority: 'P1' }, conflicting: ['priority'], message: 'Olli changed the priority to P2 since.' },
    ]);
    // The status was nobody else's change: it lands on top of Olli's priority.
    expect(state.boardCards[1]).toMatchObject({ priority: 'P2', status: 'in_progress' });
    expect(callsOf(back.transport, 'board.update')).toHaveLength(2);

    // "Apply my change again" goes on the card as the hub now has it, not on the kept version,
    // so it lands at once instead of conflicting a second time.
    await back.store.getState().reapplyConflict(state.boardConflicts[0]!.key);
    const again = callsOf(back.transport, 'board.update').at(-1);
    expect(again).toMatchObject({ id: 1, patch: { priority: 'P1' } });
    expect(again!.baseVersion).toBe(state.boardCards[1]!.version);
    expect(back.store.getState().boardConflicts).toEqual([]);
    expect(back.store.getState().boardCards[1]).toMatchObject({ priority: 'P1', status: 'in_progress' });
  });

  it('roles kept as an operator: a card assigned to them moves (queued); others, and their priority, are refused in words', async () => {
    const storage = memoryStorage();
    const before = page(
      storage,
      { id: 'u_olli', roles: ['operator'] },
      {
        'board.snapshot': () => ({
          seq: 5,
          cards: [makeCard(1, { version: 3 }), makeCard(2, { version: 1, assignee: person('u_olli', 'Olli') })],
          presence: [],
          serverNow: 1_000,
        }),
      },
    );
    await before.goLive();
    before.store.getState().saveBoardCache();
    const after = page(storage, { id: 'u_olli', roles: ['operator'] });
    after.reloadOffline();
    const { store } = after;
    expect(boardSelectors.canTriage(store.getState())).toBe(false);
    await store.getState().updateCard(2, { status: 'in_progress' });
    expect(store.getState().boardPending).toMatchObject([{ kind: 'update', cardId: 2, patch: { status: 'in_progress' } }]);
    for (const [id, patch] of [
      [1, { status: 'triaged' }],
      [2, { priority: 'P1' }],
    ] as const) {
      await store.getState().updateCard(id, patch);
      expect(store.getState().boardNotice).toBe('Your role (as the hub last said) lets you move only the escalations assigned to you.');
    }
    expect(store.getState().boardPending).toHaveLength(1);
  });
});

describe('whose name a queued write shows under on the kept copy', () => {
  it('the name the hub last gave is kept with the copy and shown after a reload; signing out removes it with the rest', async () => {
    const { store, storage } = await keptThenReloaded(['lead']);
    expect(store.getState().me).toBeNull();
    expect(store.getState().boardCached?.displayName).toBe('Dana Lead');
    expect(boardSelectors.writerName(store.getState())).toBe('Dana Lead');
    await store.getState().commentOnCard(1, 'on my way');
    expect([...storage.mem.values()].some((value) => value.includes('Dana Lead'))).toBe(true);

    store.getState().forgetBoard();
    expect(boardSelectors.writerName(store.getState())).toBe('You');
    expect([...storage.mem.values()].some((value) => value.includes('Dana Lead') || value.includes('on my way'))).toBe(false);
  });

  it('a copy kept by an older page (no name with it) still shows "You"; once the hub answers, its name', async () => {
    const { storage } = await keptThenReloaded(['lead']);
    for (const [key, value] of storage.mem)
      if (value.includes('"displayName":"Dana Lead","takenAt"')) storage.mem.set(key, value.replace('"displayName":"Dana Lead",', ''));
    const older = page(storage, { id: 'u_dana', roles: ['lead'] });
    older.reloadOffline();
    expect(older.store.getState().boardCached).toMatchObject({ userId: 'u_dana', displayName: null });
    expect(boardSelectors.writerName(older.store.getState())).toBe('You');
    await older.goLive();
    expect(boardSelectors.writerName(older.store.getState())).toBe('Dana Lead');
  });
});

/** The hub's acknowledge: a card already acknowledged comes back as it is (so a repeat lands once). */
function hubAcknowledges(first: { by: string; at: number } | null = null) {
  let card = makeCard(1, { title: 'Login down', version: 3 });
  let seq = 60;
  if (first) card = { ...card, version: 4, acknowledgedAt: first.at, acknowledgedBy: person(first.by, first.by) };
  return {
    'board.acknowledge': () => {
      if (card.acknowledgedAt === null) {
        seq += 1;
        card = { ...card, version: card.version + 1, acknowledgedAt: 3_000, acknowledgedBy: person('u_dana', 'Dana Lead') };
      }
      return { seq, card };
    },
  };
}

describe('acknowledging on the board kept on this computer', () => {
  it('queues as the copy’s person, once however often it is pressed, survives a reload and lands once', async () => {
    const { store, storage } = await keptThenReloaded(['operator']);
    expect(boardSelectors.canAcknowledge(store.getState())).toBe(true);
    expect(await store.getState().acknowledgeCard(1)).toBe(true);
    expect(await store.getState().acknowledgeCard(1)).toBe(true);
    expect(store.getState().boardPending).toMatchObject([{ kind: 'acknowledge', cardId: 1, madeBy: 'u_dana', state: 'queued' }]);
    expect(boardSelectors.acknowledgeQueued(1)(store.getState())).toBe('queued');
    expect(boardSelectors.pendingFor(1)(store.getState())).toBe(true);

    const back = page(storage, { id: 'u_dana', roles: ['operator'] }, hubAcknowledges());
    back.reloadOffline();
    expect(boardSelectors.acknowledgeQueued(1)(back.store.getState())).toBe('queued');
    await back.goLive();
    expect(callsOf(back.transport, 'board.acknowledge')).toEqual([{ id: 1 }]);
    expect(back.store.getState().boardPending).toEqual([]);
    expect(back.store.getState().boardCards[1]).toMatchObject({ acknowledgedAt: 3_000, acknowledgedBy: { displayName: 'Dana Lead' } });
    expect(back.store.getState().boardNotice).toBeNull();
  });

  it('someone else acknowledged it meanwhile: said in words, and the card shows theirs', async () => {
    const { storage } = await keptThenReloaded(['lead']);
    const back = page(storage, { id: 'u_dana', roles: ['lead'] }, hubAcknowledges({ by: 'Olli', at: 2_000 }));
    back.reloadOffline();
    await back.store.getState().acknowledgeCard(1);
    await back.goLive();
    expect(back.store.getState().boardPending).toEqual([]);
    expect(back.store.getState().boardNotice).toMatch(
      /^#1 “Login down” had already been acknowledged by Olli at \d\d?:\d\d.*; yours was not needed\.$/,
    );
    expect(back.store.getState().boardCards[1]?.acknowledgedBy?.displayName).toBe('Olli');
  });

  it('kept roles that do not acknowledge offer no button; a copy without roles refuses in words', async () => {
    const { store, storage } = await keptThenReloaded(['social']);
    expect(boardSelectors.canAcknowledge(store.getState())).toBe(false);
    for (const [key, value] of storage.mem)
      if (value.includes('"roles":["social"],')) storage.mem.set(key, value.replace('"roles":["social"],', ''));
    const older = page(storage, { id: 'u_dana', roles: ['lead'] });
    older.reloadOffline();
    expect(await older.store.getState().acknowledgeCard(1)).toBe(false);
    expect(older.store.getState().boardNotice).toMatch(/changes can be made again once the hub is back/);
    expect(older.store.getState().boardPending).toEqual([]);
  });

  it('live, the hub’s refusal comes back to the person who pressed it, in its words; nothing stays queued', async () => {
    const storage = memoryStorage();
    const live = page(
      storage,
      { id: 'u_dana', roles: ['lead'] },
      { 'board.acknowledge': failWith('forbidden', 'Only operators acknowledge.') },
    );
    await live.goLive();
    expect(await live.store.getState().acknowledgeCard(1)).toBe(false);
    expect(live.store.getState().boardNotice).toBe('Only operators acknowledge.');
    expect(live.store.getState().boardPending).toEqual([]);
  });
});
