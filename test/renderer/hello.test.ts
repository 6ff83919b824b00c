/**
 * The renderer's side of `system.hello`: said first after every connect (over a fake link, the
 * IPC bridge and a real WebSocket), and when the hub speaks another protocol version the
 * window shows one sentence and makes no other call.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createClient } from '../../shared/contract/client.js';
import { createHelloGate } from '../../shared/contract/handshake.js';
import { answerHello, CONTRACT_VERSION } from '../../shared/contract/system.js';
import { ContractMismatch } from '../../renderer/src/components/ContractMismatch.js';
import { startDesk } from '../../renderer/src/store/start.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { systemSelectors } from '../../renderer/src/store/system/selectors.js';
import { createIpcTransport } from '../../renderer/src/transport/ipc.js';
import type { LinkState, LinkStatus } from '../../shared/transport/types.js';
import { createWebSocketTransport, type SocketLike } from '../../shared/transport/websocket.js';
import { createFakeTransport, failWith, flush, helloFrom, type Handler } from './fakeTransport.js';

const info = { name: 'Surge Desk', version: '0.1.0', startedAt: 1, demo: true, role: 'admin', transport: 'websocket' };
const handlers = (): Record<string, Handler> => ({
  'system.info': () => info,
  'volume.seriesList': () => [],
  'volume.series': (p: { series: string }) => ({ series: p.series, buckets: [] }),
  'sources.list': () => [],
  'sources.gaps': () => [],
  'alerts.list': () => [],
  'posts.recent': () => [],
});
const NEWER_HUB = answerHello(CONTRACT_VERSION + 1, CONTRACT_VERSION).message!;

/** A fake transport with a link the test drives, reporting its state as the real ones do. */
function linkedDesk(extra: Record<string, Handler> = {}, resyncMs?: number) {
  const transport = createFakeTransport({ ...handlers(), ...extra });
  const stateListeners = new Set<(state: LinkState) => void>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  let status: LinkStatus = { state: 'connecting', attempt: 0, retryAt: null };
  const client = createClient(
    Object.assign(transport, {
      onState(listener: (state: LinkState) => void) {
        stateListeners.add(listener);
        listener(status.state);
        return () => stateListeners.delete(listener);
      },
    }),
  );
  const link = {
    onStatus(listener: (s: LinkStatus) => void) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    set(state: LinkState) {
      status = { state, attempt: state === 'open' ? 0 : 1, retryAt: null };
      stateListeners.forEach((listener) => listener(state));
      statusListeners.forEach((listener) => listener(status));
    },
  };
  const store = createDeskStore({ client, now: () => 5000 });
  const stop = startDesk(store, link, resyncMs === undefined ? {} : { resyncMs });
  const methods = () => transport.calls.map((call) => call.method);
  return { transport, client, link, store, stop, methods };
}

describe('system.hello from the desk', () => {
  it('is the first call after every connect, and calls made while down wait for it', async () => {
    const desk = linkedDesk();
    desk.link.set('open');
    await flush();
    expect(desk.transport.calls[0]).toEqual({
      method: 'system.hello',
      params: { contractVersion: CONTRACT_VERSION, client: 'Surge Desk app (websocket)' },
    });
    expect(desk.methods()).toEqual(expect.arrayContaining(['system.info', 'alerts.list', 'volume.seriesList']));
    expect(systemSelectors.contractMismatch(desk.store.getState())).toBeNull();

    const firstRound = desk.transport.calls.length;
    desk.link.set('closed');
    const whileDown = desk.store.getState().loadAlerts();
    desk.link.set('connecting');
    await flush();
    expect(desk.transport.calls).toHaveLength(firstRound);
    desk.link.set('open');
    await whileDown;
    await flush();
    expect(desk.methods()[firstRound]).toBe('system.hello');
    expect(desk.methods().filter((m) => m === 'system.hello')).toHaveLength(2);
    expect(desk.store.getState().alertsStatus).toBe('ready');
    desk.stop();
  });

  it('shows the sentence when the hub speaks another version, and makes no other call until it matches', async () => {
    const desk = linkedDesk({ 'system.hello': helloFrom(CONTRACT_VERSION + 1) }, 5);
    const ticks: unknown[] = [];
    desk.client.on('volume.tick', (tick) => ticks.push(tick));
    desk.link.set('open');
    await flush();
    expect(systemSelectors.contractMismatch(desk.store.getState())).toBe(NEWER_HUB);
    expect(
      NEWER_HUB.startsWith(
        `This hub speaks version ${CONTRACT_VERSION + 1} of the Surge Desk protocol and this app speaks version ${CONTRACT_VERSION}: update the app`,
      ),
    ).toBe(true);

    // A click in a view, the resync timer and an event from the hub: none reaches it or the slices.
    await desk.store.getState().loadAlerts();
    expect(desk.store.getState().alertsError).toBe(NEWER_HUB);
    desk.transport.emit('volume.tick', { minute: 1, increments: { total: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(desk.methods()).toEqual(['system.hello']);
    expect(ticks).toEqual([]);

    // The hub was updated: the next connect says hello again and loads as usual.
    desk.transport.handlers['system.hello'] = helloFrom(CONTRACT_VERSION);
    desk.link.set('closed');
    desk.link.set('open');
    await flush();
    expect(systemSelectors.contractMismatch(desk.store.getState())).toBeNull();
    expect(desk.methods().slice(1, 2)).toEqual(['system.hello']);
    expect(desk.methods()).toContain('system.info');
    desk.stop();
  });

  it('treats a hub that has no system.hello as one to update', async () => {
    const desk = linkedDesk({ 'system.hello': failWith('unknown_method', 'There is no method called "system.hello".') });
    desk.link.set('open');
    await flush();
    expect(systemSelectors.contractMismatch(desk.store.getState())).toBe(
      `This hub does not speak version ${CONTRACT_VERSION} of the Surge Desk protocol, which this app speaks: update the hub (or the app) so both match.`,
    );
    expect(desk.methods()).toEqual(['system.hello']);
    desk.stop();
  });

  it('loads as before when the hello cannot be asked (no verdict is not a mismatch)', async () => {
    const desk = linkedDesk({ 'system.hello': failWith('internal', 'The engine failed.') });
    desk.link.set('open');
    await flush();
    expect(systemSelectors.contractMismatch(desk.store.getState())).toBeNull();
    expect(desk.methods()).toContain('system.info');
    desk.stop();
  });

  it('gives up on a call when no connection says hello in time', async () => {
    const gate = createHelloGate(true, 10);
    expect(await gate.admit()).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'The hub is not connected; try again once it is.' },
    });
  });

  it('renders the sentence as an alert in place of the view', () => {
    const html = renderToStaticMarkup(createElement(ContractMismatch, { message: NEWER_HUB }));
    expect(html).toContain('role="alert"');
    expect(html).toContain(NEWER_HUB);
    expect(html).toContain('id="view-title"');
  });
});

describe('system.hello on the real transports', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('goes first over the IPC bridge', async () => {
    const sent: string[] = [];
    const bridge = {
      call: async (method: string, params: unknown) => {
        sent.push(method);
        return {
          ok: true,
          value:
            method === 'system.hello'
              ? answerHello(CONTRACT_VERSION, (params as { contractVersion: number }).contractVersion)
              : { ...info, transport: 'ipc' },
        };
      },
      onEvent: () => () => {},
    };
    const client = createClient(createIpcTransport(bridge));
    expect(await client.call('system.info', {})).toMatchObject({ ok: true, value: { transport: 'ipc' } });
    expect(await client.handshake()).toEqual({ status: 'compatible' });
    expect(sent).toEqual(['system.hello', 'system.info']);
  });

  it('goes first on the wire after every (re)connect of the WebSocket, even ahead of calls queued while down', async () => {
    const received: string[] = [];
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    const sockets: WebSocket[] = [];
    wss.on('connection', (socket) => {
      sockets.push(socket);
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { id: number; method: string; params: { contractVersion: number } };
        received.push(frame.method);
        const value = frame.method === 'system.hello' ? answerHello(CONTRACT_VERSION, frame.params.contractVersion) : info;
        socket.send(JSON.stringify({ type: 'result', id: frame.id, result: { ok: true, value } }));
      });
    });
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    const transport = createWebSocketTransport(`ws://127.0.0.1:${(wss.address() as { port: number }).port}/`, {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      backoff: { baseMs: 30, maxMs: 60, jitter: 0 },
    });
    cleanups.push(() => transport.close());
    const client = createClient(transport);

    expect(await client.call('system.info', {})).toMatchObject({ ok: true });
    expect(received).toEqual(['system.hello', 'system.info']);

    sockets.forEach((socket) => socket.terminate());
    await new Promise<void>((resolve) => transport.onState!((state) => state === 'closed' && resolve()));
    expect(await client.call('system.info', {})).toMatchObject({ ok: true });
    expect(received).toEqual(['system.hello', 'system.info', 'system.hello', 'system.info']);
  });
});
