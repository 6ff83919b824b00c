/**
 * The desktop window on a team hub keeps the board copy too: keyed by the hub's address, the
 * signed-in person and the digest of the session the main process holds (a fake bridge here; the
 * main side is test/main/electron/hubLink.test.ts), shown when the hub is down at start, removed
 * when the session ends (signed out, ended by the hub, disconnected), and never kept on the solo desk.
 */
import { describe, expect, it } from 'vitest';
import type { HubLinkState } from '../../shared/contract/hubLink.js';
import type { Me } from '../../shared/contract/methods.js';
import { CACHE_KEY_PREFIX, desktopCacheIdentity, localBoardCache } from '../../renderer/src/store/board/cache.js';
import { createDeskStore, type DeskStoreApi } from '../../renderer/src/store/store.js';
import { makeCard, person } from './boardCards.js';
import { createFakeClient } from './fakeTransport.js';
import { memoryStorage } from './memoryStorage.js';

const HUB = 'https://hub.example.com';
const signedInAs = (id: string): Me => ({
  signedIn: true,
  via: 'session',
  user: { id, username: id, displayName: id, roles: ['operator'], status: 'active', createdAt: 1, lastSeenAt: null },
  roles: ['operator'],
});
const signedOut: Me = { signedIn: false, via: 'none', user: null, roles: [] };

/** What the main process says of the link: the hub, whether it is up, and the session's digest. */
function onHub(session: string | null, up = true): HubLinkState {
  return {
    mode: 'hub',
    url: HUB,
    link: up ? { state: 'open', attempt: 0, retryAt: null } : { state: 'closed', attempt: 2, retryAt: 9_000 },
    user: session ? 'dana' : null,
    kept: true,
    notice: null,
    session,
  };
}

/** A desktop window as main.tsx wires it: the copy's identity read from the hub link the main process reports. */
function window(storage: ReturnType<typeof memoryStorage>, main: { state: HubLinkState; me: Me }) {
  const { client, transport } = createFakeClient({
    'auth.me': () => main.me,
    'auth.logout': () => {
      main.me = signedOut;
      main.state = { ...main.state, session: null } as HubLinkState;
      return { signedOut: true };
    },
    'board.snapshot': () => ({ seq: 5, cards: [makeCard(1, { title: 'Login down' }), makeCard(2)], presence: [], serverNow: 1_000 }),
    'board.since': () => ({ kind: 'changes', seq: 5, changes: [] }),
    'board.people': () => [{ ...person('u_dana', 'Dana'), roles: ['operator'] }],
  });
  const requests: string[] = [];
  const desktop = {
    hubLink: async (request: unknown) => {
      const action = (request as { action: string }).action;
      requests.push(action);
      if (action === 'disconnect') main.state = { mode: 'local' };
      return { ok: true, value: main.state };
    },
  };
  // The identity reads the store it is part of, as in main.tsx (called only once the store exists).
  const store: DeskStoreApi = createDeskStore({
    client,
    now: () => 1_000,
    desktop,
    boardCache: localBoardCache(storage, () => desktopCacheIdentity(store.getState().hubLink)),
  });
  store.getState().bindEvents();
  return { store, transport, requests };
}

async function goLive(store: DeskStoreApi) {
  store.setState({ connectionPhase: 'live' });
  await store.getState().loadMe();
  await store.getState().syncBoard();
}

const keptKeys = (storage: ReturnType<typeof memoryStorage>) => [...storage.mem.keys()].filter((k) => k.startsWith(CACHE_KEY_PREFIX));

describe('the desktop on a team hub keeps the board copy', () => {
  it('kept per hub and person; a window opened while the hub is down shows it read-only, and the hub’s catch-up replaces it', async () => {
    const storage = memoryStorage();
    const main = { state: onHub('digest-A'), me: signedInAs('u_dana') };
    const first = window(storage, main);
    await goLive(first.store);
    first.store.getState().saveBoardCache();
    expect(keptKeys(storage).sort()).toEqual([`${CACHE_KEY_PREFIX}.who|${HUB}`, `${CACHE_KEY_PREFIX}|${HUB}|u_dana`]);

    // Restart with the hub unreachable: the main process still knows the kept session.
    main.state = onHub('digest-A', false);
    const again = window(storage, main);
    again.store.setState({ connectionPhase: 'disconnected' });
    again.store.getState().restoreBoardCache(); // the link said "closed" before the app said which hub: nothing yet
    expect(again.store.getState().boardStatus).toBe('idle');
    await again.store.getState().loadHubLink();
    expect(again.store.getState()).toMatchObject({
      boardStatus: 'ready',
      boardSeq: 5,
      boardCached: { userId: 'u_dana', kept: 2, total: 2 },
    });
    expect(again.store.getState().boardCards[1]?.title).toBe('Login down');

    main.state = onHub('digest-A');
    await goLive(again.store);
    expect(again.store.getState().boardCached).toBeNull();
    // A whole copy of the same person catches up rather than reloading everything.
    expect(again.transport.calls.map((c) => c.method)).not.toContain('board.snapshot');
  });

  it('another session on this computer (signed in again, or someone else) gets nothing, and the copy is removed', async () => {
    const storage = memoryStorage();
    const main = { state: onHub('digest-A'), me: signedInAs('u_dana') };
    const first = window(storage, main);
    await goLive(first.store);
    first.store.getState().saveBoardCache();

    main.state = onHub('digest-B', false);
    const other = window(storage, main);
    await other.store.getState().loadHubLink();
    expect(other.store.getState()).toMatchObject({ boardStatus: 'idle', boardCached: null });
    expect(keptKeys(storage)).toEqual([]);
  });

  it('a session the hub ended while the app was closed: the copy is removed, not shown', async () => {
    const storage = memoryStorage();
    const main = { state: onHub('digest-A'), me: signedInAs('u_dana') };
    const first = window(storage, main);
    await goLive(first.store);
    first.store.getState().saveBoardCache();

    main.state = onHub(null, false);
    const again = window(storage, main);
    await again.store.getState().loadHubLink();
    expect(again.store.getState().boardCached).toBeNull();
    expect(keptKeys(storage)).toEqual([]);
  });

  it('signing out in the window, the hub ending the session, and disconnecting each remove it', async () => {
    const storage = memoryStorage();
    const main = { state: onHub('digest-A'), me: signedInAs('u_dana') };
    const w = window(storage, main);
    await goLive(w.store);
    w.store.getState().saveBoardCache();
    await w.store.getState().signOut();
    expect(keptKeys(storage)).toEqual([]);
    // Signed out, nothing is written (and that is no refusal of the storage: the next sign-in keeps one again).
    w.store.getState().saveBoardCache();
    expect(keptKeys(storage)).toEqual([]);

    main.me = signedInAs('u_dana');
    main.state = onHub('digest-C');
    await goLive(w.store);
    w.store.getState().saveBoardCache();
    expect(keptKeys(storage)).toHaveLength(2);
    w.transport.emit('auth.sessionEnded', { message: 'Your session has ended.' });
    expect(keptKeys(storage)).toEqual([]);

    main.state = onHub('digest-D');
    await goLive(w.store);
    w.store.getState().saveBoardCache();
    expect(keptKeys(storage)).toHaveLength(2);
    expect(await w.store.getState().disconnectHub()).toBe(true);
    expect(keptKeys(storage)).toEqual([]);
    expect(w.requests.at(-1)).toBe('disconnect');
  });

  it('the solo desk (this computer’s engine, its local admin) keeps no copy', async () => {
    const storage = memoryStorage();
    const main = { state: { mode: 'local' } as HubLinkState, me: { signedIn: true, via: 'local', user: null, roles: ['admin'] } as Me };
    const w = window(storage, main);
    await goLive(w.store);
    expect(w.store.getState().boardStatus).toBe('ready');
    w.store.getState().saveBoardCache();
    expect(storage.mem.size).toBe(0);
    expect(desktopCacheIdentity(null)).toBeNull();
  });
});
