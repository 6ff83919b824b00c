import { describe, expect, it } from 'vitest';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { rolesOf, teamSelectors } from '../../renderer/src/store/team/selectors.js';
import { hubSocketUrl, sessionKeeper } from '../../renderer/src/transport/pick.js';
import { createFakeClient, failWith, flush } from './fakeTransport.js';

const user = { id: 'u_1', username: 'lena', displayName: 'Lena', roles: ['lead'], status: 'active', createdAt: 1, lastSeenAt: null };
const lenaMe = { signedIn: true, via: 'session', user, roles: ['lead'] };
const signedOut = { signedIn: false, via: 'none', user: null, roles: [] };
const info = { name: 'Surge Desk', version: '1', startedAt: 1, demo: false, role: 'lead', roles: ['lead'], transport: 'websocket' };
const views = {
  'system.info': () => info,
  'volume.seriesList': () => [],
  'volume.series': (p: { series: string }) => ({ series: p.series, buckets: [] }),
  'sources.list': () => [],
  'sources.gaps': () => [],
  'alerts.list': () => [],
  'posts.recent': () => [],
};

function setup(handlers: Record<string, (p: never) => unknown>) {
  const { client, transport } = createFakeClient({ ...views, ...handlers });
  let kept: string | null = 'old-token';
  const store = createDeskStore({ client, now: () => 0, session: { get: () => kept, set: (t) => (kept = t) } });
  store.getState().bindEvents();
  return { store, transport, kept: () => kept };
}

describe('team slice', () => {
  it('signed out: the views load nothing and the kept token is dropped', async () => {
    const { store, transport, kept } = setup({ 'auth.me': () => signedOut });
    await store.getState().refreshAll();
    expect(teamSelectors.needsSignIn(store.getState())).toBe(true);
    expect(transport.calls.map((c) => c.method)).toEqual(['auth.me']);
    expect(kept()).toBeNull();
  });

  it('a hub from before users (no auth.me) loads the views as it always did', async () => {
    const { store, transport } = setup({});
    await store.getState().refreshAll();
    expect(store.getState().authStatus).toBe('unknown');
    expect(transport.calls.map((c) => c.method)).toContain('system.info');
  });

  it('signing in keeps the token, shows who, and loads the views; a wrong password shows the hub’s sentence', async () => {
    let me: unknown = signedOut;
    const { store, kept, transport } = setup({
      'auth.me': () => me,
      'auth.login': failWith('unauthorized', 'That username and password do not match.'),
    });
    await store.getState().refreshAll();
    expect(await store.getState().signIn('lena', 'nope')).toBe(false);
    expect(store.getState().signInError).toBe('That username and password do not match.');
    transport.handlers['auth.login'] = () => ({ token: 'new-token-xxxxxxxxxxxx', expiresAt: 9, me: lenaMe });
    me = lenaMe;
    expect(await store.getState().signIn('lena', 'right')).toBe(true);
    expect(kept()).toBe('new-token-xxxxxxxxxxxx');
    expect(teamSelectors.whoLabel(store.getState())).toBe('Lena');
    expect(rolesOf(store.getState())).toEqual(['lead']);
    expect(teamSelectors.isAdmin(store.getState())).toBe(false);
  });

  it('the hub ending the session signs the window out with its message', async () => {
    const { store, transport, kept } = setup({ 'auth.me': () => lenaMe });
    await store.getState().refreshAll();
    transport.emit('auth.sessionEnded', { message: 'Your session has ended; sign in again.' });
    await flush();
    expect(store.getState()).toMatchObject({ authStatus: 'signedOut', signedOutNotice: 'Your session has ended; sign in again.' });
    expect(kept()).toBeNull();
  });

  it('roles are a stable array (subscribing does not re-render forever)', () => {
    const { store } = setup({});
    store.setState({ systemInfo: { ...info, roles: undefined } as never });
    expect(rolesOf(store.getState())).toBe(rolesOf(store.getState()));
  });

  it('the socket URL carries a kept session ahead of a remembered token', () => {
    const loc = { protocol: 'http:', host: 'hub:4477', hash: '' };
    expect(hubSocketUrl(loc, 'tok', 'sess')).toBe('ws://hub:4477/api/ws?session=sess');
    expect(hubSocketUrl(loc, 'tok', null)).toBe('ws://hub:4477/api/ws?token=tok');
    const mem = new Map<string, string>();
    const keeper = sessionKeeper({
      getItem: (k) => mem.get(k) ?? null,
      setItem: (k, v) => void mem.set(k, v),
      removeItem: (k) => void mem.delete(k),
    });
    keeper.set('abc');
    expect(keeper.get()).toBe('abc');
    keeper.set(null);
    expect(keeper.get()).toBeNull();
  });
});
