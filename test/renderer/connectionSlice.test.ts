import { describe, expect, it } from 'vitest';
import { nextConnectionState } from '../../renderer/src/store/connection/action.js';
import { initialConnectionState } from '../../renderer/src/store/connection/initialState.js';
import { connectionSelectors } from '../../renderer/src/store/connection/selectors.js';
import { createDeskStore, initialDeskState } from '../../renderer/src/store/store.js';
import { startDesk } from '../../renderer/src/store/start.js';
import type { LinkStatus } from '../../shared/transport/types.js';
import { createFakeClient, flush } from './fakeTransport.js';

const handlers = {
  'system.info': () => ({ name: 'Surge Desk', version: '0.1.0', startedAt: 1, demo: true, role: 'admin', transport: 'websocket' }),
  'volume.seriesList': () => [],
  'volume.series': (p: { series: string }) => ({ series: p.series, buckets: [] }),
  'sources.list': () => [],
  'alerts.list': () => [],
  'posts.recent': () => [],
};

function fakeLink() {
  const listeners = new Set<(status: LinkStatus) => void>();
  let status: LinkStatus = { state: 'connecting', attempt: 0, retryAt: null };
  return {
    onStatus(listener: (s: LinkStatus) => void) {
      listeners.add(listener);
      listener(status);
      return () => listeners.delete(listener);
    },
    set(next: LinkStatus) {
      status = next;
      listeners.forEach((listener) => listener(next));
    },
  };
}

describe('connection state machine', () => {
  it('connecting → live → disconnected → connecting → live', () => {
    let state = initialConnectionState;
    let step = nextConnectionState(state, { state: 'open', attempt: 0, retryAt: null }, 1000);
    expect(step.becameLive).toBe(true);
    state = step.state;
    expect(state).toMatchObject({ connectionPhase: 'live', connectionLiveSince: 1000, connectionReconnects: 0 });

    step = nextConnectionState(state, { state: 'closed', attempt: 1, retryAt: 3000 }, 2000);
    state = step.state;
    expect(step.becameLive).toBe(false);
    expect(state).toMatchObject({ connectionPhase: 'disconnected', connectionAttempt: 1, connectionRetryAt: 3000 });
    expect(connectionSelectors.label({ ...initialDeskState, ...state }, 2000)).toBe('Disconnected — retrying in 1 s');

    state = nextConnectionState(state, { state: 'connecting', attempt: 1, retryAt: null }, 3000).state;
    expect(state.connectionRetryAt).toBeNull();
    expect(connectionSelectors.label({ ...initialDeskState, ...state }, 3000)).toBe('Reconnecting…');

    step = nextConnectionState(state, { state: 'open', attempt: 0, retryAt: null }, 3500);
    expect(step.becameLive).toBe(true);
    expect(step.state).toMatchObject({ connectionPhase: 'live', connectionAttempt: 0, connectionLiveSince: 3500, connectionReconnects: 1 });
  });

  it('counts as offline (forms that save to the hub held) only once a live hub went away, not while first connecting', () => {
    const offline = (state: typeof initialConnectionState) => connectionSelectors.isOffline({ ...initialDeskState, ...state });
    let state = initialConnectionState;
    expect(offline(state)).toBe(false);
    state = nextConnectionState(state, { state: 'open', attempt: 0, retryAt: null }, 1000).state;
    expect(offline(state)).toBe(false);
    state = nextConnectionState(state, { state: 'closed', attempt: 1, retryAt: 3000 }, 2000).state;
    expect(offline(state)).toBe(true);
    state = nextConnectionState(state, { state: 'connecting', attempt: 1, retryAt: null }, 3000).state;
    expect(offline(state)).toBe(true);
    state = nextConnectionState(state, { state: 'open', attempt: 0, retryAt: null }, 3500).state;
    expect(offline(state)).toBe(false);
  });

  it('a refused connect says why while disconnected, counting down to the hub-told retry; the reason goes once it connects', () => {
    const notice = 'The hub is turning connections from here away for a while (too many requests).';
    let state = nextConnectionState(initialConnectionState, { state: 'open', attempt: 0, retryAt: null }, 1000).state;
    state = nextConnectionState(state, { state: 'closed', attempt: 1, retryAt: 12_000, notice }, 2000).state;
    const desk = { ...initialDeskState, ...state };
    expect(connectionSelectors.notice(desk)).toBe(notice);
    expect(connectionSelectors.label(desk, 2000)).toBe(`Disconnected: ${notice} — retrying in 10 s`);
    state = nextConnectionState(state, { state: 'connecting', attempt: 1, retryAt: null }, 12_000).state;
    expect(connectionSelectors.notice({ ...initialDeskState, ...state })).toBeNull();
    state = nextConnectionState(state, { state: 'open', attempt: 0, retryAt: null }, 12_100).state;
    expect(state.connectionNotice).toBeNull();
  });

  it('the first label says Connecting…', () => {
    expect(connectionSelectors.label(initialDeskState, 0)).toBe('Connecting…');
  });

  it('reloads everything on connect and again after each reconnect', async () => {
    const { client, transport } = createFakeClient(handlers);
    const store = createDeskStore({ client, now: () => 5000 });
    const link = fakeLink();
    const stop = startDesk(store, link);
    expect(transport.calls).toHaveLength(0);

    link.set({ state: 'open', attempt: 0, retryAt: null });
    await flush();
    const methods = () => transport.calls.map((call) => call.method);
    expect(methods()).toEqual(expect.arrayContaining(['system.info', 'volume.seriesList', 'sources.list', 'alerts.list', 'posts.recent']));
    expect(store.getState().systemInfo?.demo).toBe(true);
    const firstRound = transport.calls.length;

    link.set({ state: 'closed', attempt: 1, retryAt: 6000 });
    link.set({ state: 'connecting', attempt: 1, retryAt: null });
    expect(transport.calls).toHaveLength(firstRound);
    link.set({ state: 'open', attempt: 0, retryAt: null });
    await flush();
    expect(transport.calls.filter((call) => call.method === 'system.info')).toHaveLength(2);
    expect(store.getState().connectionReconnects).toBe(1);
    stop();
  });

  it('retry now is passed to the transport', () => {
    let retried = 0;
    const { client } = createFakeClient(handlers);
    const store = createDeskStore({ client, now: () => 0, reconnectNow: () => retried++ });
    store.getState().retryConnectionNow();
    expect(retried).toBe(1);
  });
});
