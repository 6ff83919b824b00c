/**
 * The desktop's "Connect to a team hub" in the renderer: the slice that asks the app's main
 * process (a fake bridge here; the real main-process side is test/main/electron/hubLink.test.ts),
 * and the IPC transport that follows the hub link's state.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../shared/contract/client.js';
import { HUB_LINK_STATUS_EVENT, type HubLinkState } from '../../shared/contract/hubLink.js';
import { hubLinkSelectors } from '../../renderer/src/store/hubLink/selectors.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { teamSelectors } from '../../renderer/src/store/team/selectors.js';
import { createIpcTransport } from '../../renderer/src/transport/ipc.js';
import { createFakeClient, flush } from './fakeTransport.js';

const onHub: HubLinkState = {
  mode: 'hub',
  url: 'https://hub.example.com',
  link: { state: 'open', attempt: 0, retryAt: null },
  user: 'Lena',
  kept: true,
  notice: null,
  session: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
};

function setup(answer: (request: { action: string }) => unknown, handlers: Record<string, (p: never) => unknown> = {}) {
  const { client } = createFakeClient(handlers);
  const requests: unknown[] = [];
  const store = createDeskStore({
    client,
    now: () => 0,
    desktop: {
      hubLink: async (request) => {
        requests.push(request);
        return answer(request as { action: string });
      },
    },
  });
  return { store, requests };
}

describe('hub link slice (desktop)', () => {
  it('in a browser there is no desktop bridge: nothing to show, nothing asked', async () => {
    const { client } = createFakeClient({});
    const store = createDeskStore({ client, now: () => 0 });
    await store.getState().loadHubLink();
    expect(await store.getState().connectHub({ action: 'signIn', url: 'x', username: 'a', password: 'b' })).toBe(false);
    expect(hubLinkSelectors.isDesktop(store.getState())).toBe(false);
  });

  it('shows the local desk, connects, and shows the hub and who is signed in; disconnect returns', async () => {
    let state: HubLinkState = { mode: 'local' };
    const { store, requests } = setup((request) => {
      if (request.action === 'signIn') state = onHub;
      if (request.action === 'disconnect') state = { mode: 'local' };
      return { ok: true, value: state };
    });
    await store.getState().loadHubLink();
    expect(store.getState().hubLink).toEqual({ mode: 'local' });
    expect(hubLinkSelectors.isDesktop(store.getState())).toBe(true);
    expect(hubLinkSelectors.hubUrl(store.getState())).toBeNull();
    const request = { action: 'signIn' as const, url: 'hub.example.com', username: 'lena', password: 'correct horse battery' };
    expect(await store.getState().connectHub(request)).toBe(true);
    expect(requests.at(-1)).toEqual(request);
    expect(store.getState()).toMatchObject({ hubLink: onHub, hubLinkBusy: false, hubLinkError: null });
    expect(hubLinkSelectors.hubUrl(store.getState())).toBe('https://hub.example.com');
    expect(await store.getState().disconnectHub()).toBe(true);
    expect(store.getState().hubLink).toEqual({ mode: 'local' });
  });

  it('shows the app’s plain words when connecting fails, and stays on the local desk', async () => {
    const refusal = 'Nothing answers at https://hub.example.com (connection refused): check the address and that the hub is running.';
    const { store } = setup((request) =>
      request.action === 'status'
        ? { ok: true, value: { mode: 'local' } }
        : { ok: false, error: { code: 'unavailable', message: refusal } },
    );
    await store.getState().loadHubLink();
    expect(await store.getState().connectHub({ action: 'join', url: '', invite: 'x', password: 'y' })).toBe(false);
    expect(store.getState()).toMatchObject({ hubLink: { mode: 'local' }, hubLinkBusy: false, hubLinkError: refusal });
  });

  it('a bridge that throws or answers garbage is a plain message, not a crash', async () => {
    const throwing = setup(() => {
      throw new Error('the main process went away');
    });
    expect(await throwing.store.getState().disconnectHub()).toBe(false);
    expect(throwing.store.getState().hubLinkError).toBe('The app did not answer: the main process went away');
    const garbage = setup(() => ({ ok: true, value: { mode: 'moon' } }));
    await garbage.store.getState().loadHubLink();
    expect(garbage.store.getState()).toMatchObject({ hubLink: null, hubLinkError: 'The app sent an answer this window cannot read.' });
  });

  it('on a hub, invite links name the hub (not the app’s own origin), and the header names the signed-in user', async () => {
    const user = { id: 'u1', username: 'ada', displayName: 'Ada', roles: ['admin'], status: 'active', createdAt: 1, lastSeenAt: null };
    const { store } = setup(() => ({ ok: true, value: onHub }), {
      'auth.me': () => ({ signedIn: true, via: 'session', user, roles: ['admin'] }),
      'users.invite': () => ({ user: { ...user, username: 'bo', status: 'invited' }, token: 't'.repeat(43), expiresAt: 5 }),
      'users.list': () => [],
      'audit.list': () => [],
    });
    await store.getState().loadHubLink();
    await store.getState().loadMe();
    expect(teamSelectors.whoLabel(store.getState())).toBe('Ada');
    expect(await store.getState().inviteUser({ username: 'bo', roles: ['lead'] })).toBe(true);
    expect(store.getState().lastInvite?.link).toBe(`https://hub.example.com/#/invite/${'t'.repeat(43)}`);
  });
});

describe('IPC transport on a hub link', () => {
  function bridge(status: HubLinkState | null) {
    const listeners = new Set<(event: string, data: unknown) => void>();
    const requests: unknown[] = [];
    return {
      requests,
      emit: (event: string, data: unknown) => [...listeners].forEach((l) => l(event, data)),
      call: async () => ({ ok: true, value: { contractVersion: 1, compatible: true, message: null } }),
      onEvent: (listener: (event: string, data: unknown) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      ...(status ? { hubLink: async (request: unknown) => (requests.push(request), { ok: true, value: status }) } : {}),
    };
  }

  it('follows the link’s state from the main process; those frames never reach the views', async () => {
    const fake = bridge(onHub);
    const transport = createIpcTransport(fake);
    const states: string[] = [];
    transport.onState!((state) => states.push(state));
    const seen: string[] = [];
    transport.onEvent((event) => seen.push(event));
    fake.emit(HUB_LINK_STATUS_EVENT, { state: 'closed', attempt: 1, retryAt: 123 });
    expect(transport.status()).toEqual({ state: 'closed', attempt: 1, retryAt: 123 });
    fake.emit(HUB_LINK_STATUS_EVENT, { state: 'connecting', attempt: 1, retryAt: null });
    fake.emit(HUB_LINK_STATUS_EVENT, { state: 'open', attempt: 0, retryAt: null });
    fake.emit(HUB_LINK_STATUS_EVENT, { state: 'sideways' });
    fake.emit('volume.tick', { minute: 1, increments: {} });
    expect(states).toEqual(['open', 'closed', 'connecting', 'open']);
    expect(seen).toEqual(['volume.tick']);
  });

  it('a hub that was down before the page loaded shows as down, and the client says hello again when it is back', async () => {
    const fake = bridge({ ...onHub, link: { state: 'closed', attempt: 3, retryAt: 99 } } as HubLinkState);
    const transport = createIpcTransport(fake);
    await flush();
    expect(transport.status()).toEqual({ state: 'closed', attempt: 3, retryAt: 99 });
    transport.reconnectNow();
    expect(fake.requests).toEqual([{ action: 'status' }, { action: 'reconnect' }]);
    const hellos: unknown[] = [];
    createClient({ ...transport, call: async (method) => (hellos.push(method), fake.call()) });
    fake.emit(HUB_LINK_STATUS_EVENT, { state: 'open', attempt: 0, retryAt: null });
    await flush();
    expect(hellos).toEqual(['system.hello']);
  });
});
