import { describe, expect, it, vi } from 'vitest';
import type { BoardCard, Me } from '../../shared/contract/methods.js';
import {
  CACHE_KEY_PREFIX,
  credentialTag,
  localBoardCache,
  serializeCopy,
  type CacheIdentity,
  type CachedBoard,
} from '../../renderer/src/store/board/cache.js';
import { boardSelectors } from '../../renderer/src/store/board/selectors.js';
import { localQueueStore, QUEUE_STORAGE_KEY } from '../../renderer/src/store/board/pending.js';
import { startDesk, throttled } from '../../renderer/src/store/start.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import type { LinkStatus } from '../../shared/transport/types.js';
import { makeCard, person, realisticCards } from './boardCards.js';
import { createFakeClient, flush } from './fakeTransport.js';
import { memoryStorage } from './memoryStorage.js';

const HUB = 'https://hub.example';

const signedInAs = (id: string, username = id): Me => ({
  signedIn: true,
  via: 'session',
  user: { id, username, displayName: username, roles: ['lead'], status: 'active', createdAt: 1, lastSeenAt: null },
  roles: ['lead'],
});

const board = (over: Partial<CachedBoard> = {}): CachedBoard => ({
  userId: 'u_dana',
  takenAt: 5_000,
  seq: 7,
  skewMs: 0,
  cards: [makeCard(1, { title: 'Login down' }), makeCard(2, { title: 'Refund stuck' })],
  people: [{ ...person('u_dana', 'Dana Lead'), roles: ['lead'] }],
  total: 2,
  ...over,
});

describe('the kept board copy (storage)', () => {
  it('is found again only for the same hub and the same sign-in', () => {
    const storage = memoryStorage();
    const who: CacheIdentity = { origin: HUB, credential: 'session-of-dana' };
    const cache = localBoardCache(storage, () => who);
    expect(cache.save(board())).toEqual({ kept: 2 });
    expect(
      cache
        .load()
        ?.cards.map((c) => c.title)
        .sort(),
    ).toEqual(['Login down', 'Refund stuck']);
    expect([...storage.mem.keys()].some((k) => k.includes(HUB) && k.endsWith('|u_dana'))).toBe(true);

    // Another hub on the same browser has nothing kept.
    expect(localBoardCache(storage, () => ({ origin: 'https://other.example', credential: 'session-of-dana' })).load()).toBeNull();
    // The credential is never stored as such, only a tag of it.
    expect([...storage.mem.values()].some((v) => v.includes('session-of-dana'))).toBe(false);
  });

  it('a different person (another session) gets nothing, and the other copy is removed rather than kept', () => {
    const storage = memoryStorage();
    localBoardCache(storage, () => ({ origin: HUB, credential: 'session-of-dana' })).save(board());
    const olli = localBoardCache(storage, () => ({ origin: HUB, credential: 'session-of-olli' }));
    expect(olli.load()).toBeNull();
    expect([...storage.mem.keys()].filter((k) => k.startsWith(CACHE_KEY_PREFIX))).toEqual([]);
  });

  it('saving as another user replaces the previous user’s copy: one copy per hub', () => {
    const storage = memoryStorage();
    let credential = 'session-of-dana';
    const cache = localBoardCache(storage, () => ({ origin: HUB, credential }));
    cache.save(board());
    credential = 'session-of-olli';
    cache.save(board({ userId: 'u_olli' }));
    const keys = [...storage.mem.keys()].filter((k) => k.startsWith(CACHE_KEY_PREFIX));
    expect(keys.some((k) => k.endsWith('|u_dana'))).toBe(false);
    expect(cache.load()?.userId).toBe('u_olli');
  });

  it('ignores corrupt or foreign JSON without throwing', () => {
    const storage = memoryStorage();
    const cache = localBoardCache(storage, () => ({ origin: HUB, credential: 's' }));
    cache.save(board());
    const copyKey = [...storage.mem.keys()].find((k) => k.endsWith('|u_dana'))!;
    storage.mem.set(copyKey, '{"v":1,"cards":[{"id":');
    expect(cache.load()).toBeNull();
    cache.save(board());
    storage.mem.set(copyKey, JSON.stringify({ v: 1, tag: credentialTag('s'), userId: 'u_dana', cards: 'not cards' }));
    expect(cache.load()).toBeNull();
    storage.mem.set(`${CACHE_KEY_PREFIX}.who|${HUB}`, 'nonsense');
    expect(cache.load()).toBeNull();
  });

  it('swallows a quota error (and a disabled storage): nothing half-written stays, the queue keeps its room', () => {
    const storage = memoryStorage();
    const cache = localBoardCache(storage, () => ({ origin: HUB, credential: 's' }));
    cache.save(board());
    const full = {
      ...storage,
      setItem: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    const refused = localBoardCache(full, () => ({ origin: HUB, credential: 's' }));
    expect(refused.save(board({ takenAt: 9_000 }))).toBeNull();
    expect([...storage.mem.keys()].filter((k) => k.startsWith(CACHE_KEY_PREFIX))).toEqual([]);
    const disabled = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const none = localBoardCache(disabled, () => ({ origin: HUB, credential: 's' }));
    expect(none.save(board())).toBeNull();
    expect(none.load()).toBeNull();
    expect(() => none.clear()).not.toThrow();
    expect(localBoardCache(null, () => ({ origin: HUB, credential: 's' })).save(board())).toBeNull();
  });

  it('a board over the budget keeps its open cards first, most recently changed first, and says how many of how many', () => {
    const cards: BoardCard[] = [
      makeCard(1, { status: 'resolved', updatedAt: 900 }),
      makeCard(2, { updatedAt: 100 }),
      makeCard(3, { updatedAt: 300 }),
      makeCard(4, { updatedAt: 200 }),
    ];
    const one = JSON.stringify(cards[1]).length;
    const head = serializeCopy(board({ cards: [] }), 't', 1e9).text.length;
    const { text, kept } = serializeCopy(board({ cards, total: 4 }), 't', head + 2 * (one + 1) + 5);
    expect(kept).toBe(2);
    const parsed = JSON.parse(text) as { total: number; cards: BoardCard[] };
    expect(parsed.total).toBe(4);
    expect(parsed.cards.map((c) => c.id)).toEqual([3, 4]);
  });

  it('10k realistic cards (~15 M chars) fit the budget once cut, open ones first, and the copy reads back', () => {
    const storage = memoryStorage();
    const cache = localBoardCache(storage, () => ({ origin: HUB, credential: 's' }));
    const cards = realisticCards(10_000);
    expect(JSON.stringify(cards).length).toBeGreaterThan(4_000_000);
    const saved = cache.save(board({ cards, total: cards.length }));
    expect(saved!.kept).toBeGreaterThan(1_000);
    expect(saved!.kept).toBeLessThan(10_000);
    const copyKey = [...storage.mem.keys()].find((k) => k.endsWith('|u_dana'))!;
    expect(storage.mem.get(copyKey)!.length).toBeLessThanOrEqual(4_000_000);
    const back = cache.load()!;
    expect(back.total).toBe(10_000);
    expect(back.cards).toHaveLength(saved!.kept);
    expect(back.cards.every((c) => c.status !== 'resolved')).toBe(true);
  });
});

/** A hub at seq 5 with cards 1 and 2; `board.since` and `auth.me` as the test says. */
function desk(storage: ReturnType<typeof memoryStorage>, credential: string, handlers: Record<string, (p: never) => unknown> = {}) {
  const hubCards = [makeCard(1, { title: 'Login down', version: 3 }), makeCard(2, { title: 'Refund stuck' })];
  const { client, transport } = createFakeClient({
    'auth.me': () => signedInAs('u_dana', 'dana'),
    'board.snapshot': () => ({ seq: 5, cards: hubCards, presence: [], serverNow: 1_000 }),
    'board.since': () => ({ kind: 'changes', seq: 5, changes: [] }),
    'board.people': () => [{ ...person('u_dana', 'Dana Lead'), roles: ['lead'] }],
    ...handlers,
  });
  let now = 1_000;
  const store = createDeskStore({
    client,
    now: () => now,
    boardQueue: localQueueStore(storage),
    boardCache: localBoardCache(storage, () => ({ origin: HUB, credential })),
  });
  store.getState().bindEvents();
  return { store, transport, tick: (ms: number) => (now += ms) };
}

async function goLive(store: ReturnType<typeof desk>['store']) {
  store.setState({ connectionPhase: 'live' });
  await store.getState().loadMe();
  await store.getState().syncBoard();
}

describe('the board slice with a kept copy', () => {
  it('a page loaded offline shows the kept cards with when they were taken and whose roles; the queue overlays them and a move queues too', async () => {
    const storage = memoryStorage();
    const first = desk(storage, 'session-of-dana');
    await goLive(first.store);
    first.tick(60_000);
    first.store.getState().saveBoardCache();
    first.store.setState({ connectionPhase: 'disconnected', connectionDownSince: 61_500 });
    await first.store.getState().updateCard(1, { status: 'triaged' });
    expect(storage.mem.get(QUEUE_STORAGE_KEY)).toContain('triaged');

    // Reload with the hub unreachable.
    const again = desk(storage, 'session-of-dana');
    again.store.setState({ connectionPhase: 'disconnected' });
    again.store.getState().restoreBoardQueue();
    again.store.getState().restoreBoardCache();
    const state = again.store.getState();
    expect(state.boardStatus).toBe('ready');
    expect(state.boardCached).toEqual({ takenAt: 61_000, userId: 'u_dana', roles: ['lead'], displayName: 'dana', kept: 2, total: 2 });
    expect(boardSelectors.card(1)(state)?.status).toBe('triaged');
    expect(state.boardPeople.map((p) => p.username)).toEqual(['u_dana']);
    // A move queues on the kept version (the hub answers a stale one with a conflict if someone beat it).
    await again.store.getState().updateCard(2, { status: 'resolved' });
    expect(again.store.getState().boardPending).toMatchObject([
      { cardId: 1 },
      { cardId: 2, patch: { status: 'resolved' }, state: 'queued' },
    ]);
    expect(again.store.getState().boardNotice).toBeNull();
  });

  it('another person on the same browser gets nothing of it', async () => {
    const storage = memoryStorage();
    const dana = desk(storage, 'session-of-dana');
    await goLive(dana.store);
    dana.store.getState().saveBoardCache();
    const olli = desk(storage, 'session-of-olli');
    olli.store.getState().restoreBoardCache();
    expect(olli.store.getState()).toMatchObject({ boardStatus: 'idle', boardCards: {}, boardCached: null });
  });

  it('when the hub is back its catch-up replaces the copy, and the live board is kept from then on', async () => {
    const storage = memoryStorage();
    const first = desk(storage, 's');
    await goLive(first.store);
    first.store.getState().saveBoardCache();

    const changed = makeCard(2, { title: 'Refund stuck', status: 'in_progress', version: 2 });
    const again = desk(storage, 's', { 'board.since': () => ({ kind: 'changes', seq: 6, changes: [{ seq: 6, card: changed }] }) });
    again.store.getState().restoreBoardCache();
    expect(again.store.getState().boardCached).not.toBeNull();
    again.tick(5_000);
    await goLive(again.store);
    const state = again.store.getState();
    expect(state.boardCached).toBeNull();
    expect(state.boardSeq).toBe(6);
    expect(state.boardCards[2]?.status).toBe('in_progress');
    // A whole copy of the same person catches up with board.since, not a snapshot.
    expect(again.transport.calls.filter((c) => c.method === 'board.snapshot')).toHaveLength(0);
    again.store.getState().saveBoardCache();
    expect(localBoardCache(storage, () => ({ origin: HUB, credential: 's' })).load()).toMatchObject({ seq: 6, takenAt: 6_000 });
  });

  it('a cut copy, or one of someone else, is replaced by a snapshot rather than caught up', async () => {
    const storage = memoryStorage();
    const cache = localBoardCache(storage, () => ({ origin: HUB, credential: 's' }));
    cache.save(board({ userId: 'u_dana', seq: 3, cards: [makeCard(9)], total: 50 }));
    const { store, transport } = desk(storage, 's');
    store.getState().restoreBoardCache();
    expect(store.getState().boardCached).toMatchObject({ kept: 1, total: 50 });
    await goLive(store);
    expect(transport.calls.map((c) => c.method)).toContain('board.snapshot');
    expect(transport.calls.map((c) => c.method)).not.toContain('board.since');
    expect(Object.keys(store.getState().boardCards)).toEqual(['1', '2']);
  });

  it('a storage that refuses stops the caching, never the board', async () => {
    const storage = memoryStorage();
    let refusals = 0;
    const full = {
      ...storage,
      setItem: (k: string, v: string) => {
        if (k.startsWith(CACHE_KEY_PREFIX)) {
          refusals++;
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        storage.setItem(k, v);
      },
    };
    const { client } = createFakeClient({
      'auth.me': () => signedInAs('u_dana'),
      'board.snapshot': () => ({ seq: 5, cards: [makeCard(1)], presence: [], serverNow: 1_000 }),
      'board.people': () => [],
    });
    const store = createDeskStore({
      client,
      now: () => 1_000,
      boardCache: localBoardCache(full, () => ({ origin: HUB, credential: 's' })),
    });
    await goLive(store);
    store.getState().saveBoardCache();
    store.getState().saveBoardCache();
    expect(refusals).toBe(1);
    expect(store.getState().boardStatus).toBe('ready');
  });

  it('a hub that says the session is over removes the copy, and nothing is kept while signed out', async () => {
    const storage = memoryStorage();
    let signedIn = true;
    const { store } = desk(storage, 's', {
      'auth.me': () => (signedIn ? signedInAs('u_dana') : { signedIn: false, via: 'none', user: null, roles: [] }),
    });
    await goLive(store);
    store.getState().saveBoardCache();
    signedIn = false;
    expect(await store.getState().loadMe()).toBe(false);
    expect([...storage.mem.keys()].some((k) => k.startsWith(CACHE_KEY_PREFIX))).toBe(false);
    // A write still due from before is not filed under "no sign-in" either.
    store.getState().saveBoardCache();
    expect([...storage.mem.keys()].some((k) => k.startsWith(CACHE_KEY_PREFIX))).toBe(false);
  });

  it('signing out removes the copy', async () => {
    const storage = memoryStorage();
    const { store } = desk(storage, 's', { 'auth.logout': () => ({ signedOut: true }) });
    await goLive(store);
    store.getState().saveBoardCache();
    expect([...storage.mem.keys()].some((k) => k.startsWith(CACHE_KEY_PREFIX))).toBe(true);
    await store.getState().signOut();
    expect([...storage.mem.keys()].some((k) => k.startsWith(CACHE_KEY_PREFIX))).toBe(false);
  });
});

describe('when the copy is written', () => {
  it('a busy board is written once per interval, not on every change, and at once when the link drops', async () => {
    vi.useFakeTimers();
    try {
      const storage = memoryStorage();
      const { store, transport } = desk(storage, 's');
      const saves = vi.spyOn(store.getState(), 'saveBoardCache');
      const statuses = new Set<(status: LinkStatus) => void>();
      const stop = startDesk(
        store,
        { onStatus: (listener) => (statuses.add(listener), () => statuses.delete(listener)) },
        {
          boardCacheDelayMs: 1_000,
          boardCacheEveryMs: 10_000,
        },
      );
      // The store's action object is replaced by spies only through setState.
      store.setState({ saveBoardCache: saves as never });
      await goLive(store);
      for (let i = 0; i < 50; i++) {
        transport.emit('board.changed', { seq: 10 + i, card: makeCard(1, { version: 10 + i }) });
        await vi.advanceTimersByTimeAsync(200);
      }
      // 10 s of a change every 200 ms: the first write a second in, then one per 10 s.
      expect(saves).toHaveBeenCalledTimes(1);
      const before = saves.mock.calls.length;
      transport.emit('board.changed', { seq: 99, card: makeCard(1, { version: 99 }) });
      store.setState({ connectionPhase: 'disconnected' });
      expect(saves.mock.calls.length).toBe(before + 1);
      stop();
    } finally {
      vi.useRealTimers();
    }
    await flush();
  });

  it('throttled runs once after the delay and waits out the interval', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const task = vi.fn();
      const t = throttled(task, 100, 1_000, () => Date.now());
      t.schedule();
      t.schedule();
      vi.advanceTimersByTime(100);
      expect(task).toHaveBeenCalledTimes(1);
      t.schedule();
      vi.advanceTimersByTime(500);
      expect(task).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(500);
      expect(task).toHaveBeenCalledTimes(2);
      t.schedule();
      t.cancel();
      vi.advanceTimersByTime(5_000);
      expect(task).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
