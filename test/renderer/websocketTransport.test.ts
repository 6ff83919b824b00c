/**
 * The WebSocket transport against a real `ws` server on 127.0.0.1, port 0.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backoffDelay } from '../../shared/transport/backoff.js';
import { COOLING_DOWN_MESSAGE, httpRefusalProbe, retryAfterMs } from '../../shared/transport/refusal.js';
import type { LinkStatus, ManagedTransport } from '../../shared/transport/types.js';
import { createWebSocketTransport, type SocketLike } from '../../shared/transport/websocket.js';

interface CallFrame {
  type: string;
  id: number;
  method: string;
  params?: unknown;
}
type Server = { wss: WebSocketServer; port: number; sockets: WebSocket[]; received: CallFrame[] };

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startServer(onCall: (frame: CallFrame, socket: WebSocket) => void = () => {}, port = 0): Promise<Server> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const server: Server = { wss, port: (wss.address() as { port: number }).port, sockets: [], received: [] };
  wss.on('connection', (socket) => {
    server.sockets.push(socket);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as CallFrame;
      server.received.push(frame);
      onCall(frame, socket);
    });
  });
  cleanups.push(() => stopServer(server));
  return server;
}

function stopServer(server: Server): Promise<void> {
  for (const socket of server.sockets) socket.terminate();
  return new Promise((resolve) => server.wss.close(() => resolve()));
}

const factory = (url: string) => new WebSocket(url) as unknown as SocketLike;

function open(url: string, options: Parameters<typeof createWebSocketTransport>[1] = {}): ManagedTransport {
  const transport = createWebSocketTransport(url, { createSocket: factory, ...options });
  cleanups.push(() => transport.close());
  return transport;
}

function waitForState(transport: ManagedTransport, state: LinkStatus['state'], timeoutMs = 3000): Promise<LinkStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never reached ${state}; now ${transport.status().state}`)), timeoutMs);
    const off = transport.onStatus((status) => {
      if (status.state !== state) return;
      clearTimeout(timer);
      queueMicrotask(() => off());
      resolve(status);
    });
  });
}

const echo = (frame: CallFrame, socket: WebSocket) =>
  socket.send(
    JSON.stringify({ type: 'result', id: frame.id, result: { ok: true, value: { method: frame.method, params: frame.params } } }),
  );

describe('backoff', () => {
  it('doubles up to the cap, with jitter only ever shortening the wait', () => {
    const options = { baseMs: 100, maxMs: 1000, jitter: 0.5 };
    expect([1, 2, 3, 4, 5, 9].map((a) => backoffDelay(a, options, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, options, () => 1)).toBe(200);
    expect(backoffDelay(1000, options, () => 0)).toBe(1000);
  });
});

describe('WebSocket transport', () => {
  it('matches results to requests by id, even out of order', async () => {
    const held: CallFrame[] = [];
    const server = await startServer((frame, socket) => {
      held.push(frame);
      if (held.length === 2) for (const f of held.reverse()) echo(f, socket);
    });
    const transport = open(`ws://127.0.0.1:${server.port}/api/ws`);
    const [a, b] = await Promise.all([transport.call('alpha', { n: 1 }), transport.call('beta', { n: 2 })]);
    expect(a).toEqual({ ok: true, value: { method: 'alpha', params: { n: 1 } } });
    expect(b).toEqual({ ok: true, value: { method: 'beta', params: { n: 2 } } });
    expect(server.received.map((f) => f.type)).toEqual(['call', 'call']);
    expect(new Set(server.received.map((f) => f.id)).size).toBe(2);
  });

  it('queues calls made before the socket is open', async () => {
    const server = await startServer(echo);
    const transport = open(`ws://127.0.0.1:${server.port}/`);
    expect(transport.status().state).toBe('connecting');
    await expect(transport.call('early', {})).resolves.toMatchObject({ ok: true });
  });

  it('times out a call the hub never answers, and ignores the late answer', async () => {
    let lateSocket: WebSocket | null = null;
    let lateFrame: CallFrame | null = null;
    const server = await startServer((frame, socket) => {
      if (frame.method === 'slow') {
        lateSocket = socket;
        lateFrame = frame;
      } else echo(frame, socket);
    });
    const transport = open(`ws://127.0.0.1:${server.port}/`, { callTimeoutMs: 150 });
    await expect(transport.call('slow', {})).rejects.toThrow(/did not answer slow/);
    echo(lateFrame!, lateSocket!);
    await expect(transport.call('fast', {})).resolves.toMatchObject({ ok: true, value: { method: 'fast' } });
  });

  it('ignores malformed frames and keeps working', async () => {
    const server = await startServer((frame, socket) => {
      socket.send('not json {');
      socket.send(JSON.stringify({ type: 'result', id: frame.id, result: { ok: 'maybe' } }));
      socket.send(JSON.stringify({ type: 'surprise', id: frame.id }));
      socket.send(JSON.stringify({ type: 'event', event: 42 }));
      socket.send(Buffer.from([1, 2, 3]));
      echo(frame, socket);
    });
    const transport = open(`ws://127.0.0.1:${server.port}/`);
    const events: string[] = [];
    transport.onEvent((event) => events.push(event));
    await expect(transport.call('ok', {})).resolves.toEqual({ ok: true, value: { method: 'ok', params: {} } });
    expect(events).toEqual([]);
  });

  it('delivers events to every listener until it unsubscribes', async () => {
    const server = await startServer((frame, socket) => {
      socket.send(JSON.stringify({ type: 'event', event: 'volume.tick', data: { minute: 1, increments: { total: 1 } } }));
      echo(frame, socket);
    });
    const transport = open(`ws://127.0.0.1:${server.port}/`);
    const a: unknown[] = [];
    const b: unknown[] = [];
    transport.onEvent((event, data) => a.push([event, data]));
    const offB = transport.onEvent((event) => b.push(event));
    await transport.call('x', {});
    offB();
    await transport.call('y', {});
    expect(a).toHaveLength(2);
    expect(a[0]).toEqual(['volume.tick', { minute: 1, increments: { total: 1 } }]);
    expect(b).toHaveLength(1);
  });

  it('fails calls in flight when the connection drops, then reconnects with backoff', async () => {
    const server = await startServer((frame, socket) => {
      if (frame.method === 'drop') socket.terminate();
      else echo(frame, socket);
    });
    const transport = open(`ws://127.0.0.1:${server.port}/`, { backoff: { baseMs: 50, maxMs: 200, jitter: 0 } });
    const states: string[] = [];
    transport.onState!((state) => states.push(state));
    await waitForState(transport, 'open');
    await expect(transport.call('drop', {})).rejects.toThrow(/lost/);
    const closed = transport.status();
    expect(closed.state === 'closed' || closed.state === 'connecting').toBe(true);
    await waitForState(transport, 'open');
    await expect(transport.call('again', {})).resolves.toMatchObject({ ok: true });
    expect(states).toEqual(['connecting', 'open', 'closed', 'connecting', 'open']);
    expect(transport.status().attempt).toBe(0);
  });

  it('keeps retrying while the hub is down, backing off, and connects when it returns', async () => {
    const first = await startServer(echo);
    const port = first.port;
    const transport = open(`ws://127.0.0.1:${port}/`, { backoff: { baseMs: 40, maxMs: 160, jitter: 0 } });
    await waitForState(transport, 'open');
    await stopServer(first);
    const attempts: number[] = [];
    const delays: number[] = [];
    transport.onStatus((status) => {
      if (status.state === 'closed' && status.retryAt) {
        attempts.push(status.attempt);
        delays.push(status.retryAt - Date.now());
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(transport.status().state).not.toBe('open');
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(160);
    expect(delays[2]!).toBeGreaterThan(delays[0]!);

    // A call made while down waits in the queue and goes out on reconnect.
    const queued = transport.call('while-down', {});
    await startServer(echo, port);
    await expect(queued).resolves.toMatchObject({ ok: true, value: { method: 'while-down' } });
    expect(transport.status()).toEqual({ state: 'open', attempt: 0, retryAt: null });
  });

  it('close() is final: pending calls fail and no reconnect happens', async () => {
    const server = await startServer(() => {});
    const transport = open(`ws://127.0.0.1:${server.port}/`);
    await waitForState(transport, 'open');
    const pending = transport.call('never', {});
    transport.close();
    await expect(pending).rejects.toThrow(/closed/);
    await expect(transport.call('after', {})).rejects.toThrow(/closed/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.sockets.length).toBe(1);
  });

  it('reconnectNow skips the wait', async () => {
    const server = await startServer(echo);
    const port = server.port;
    const transport = open(`ws://127.0.0.1:${port}/`, { backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 0 } });
    await waitForState(transport, 'open');
    await stopServer(server);
    await waitForState(transport, 'closed');
    await startServer(echo, port);
    transport.reconnectNow();
    await waitForState(transport, 'open');
  });
});

/** A hub that refuses upgrades (and the plain GET asking why) with `status` while `refusing` holds, else lets the WebSocket in. */
async function refusingHub(status: number, headers: Record<string, string>, body: string) {
  const wss = new WebSocketServer({ noServer: true });
  const state = { refusing: true, upgrades: 0 };
  const head = (s: number) =>
    `HTTP/1.1 ${s} Refused\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}`;
  const server = createServer((_req, res) => {
    res.writeHead(state.refusing ? status : 426, state.refusing ? headers : {});
    res.end(state.refusing ? body : '');
  });
  server.on('upgrade', (req, socket, rest) => {
    state.upgrades++;
    if (state.refusing) return socket.end(`${head(status)}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    wss.handleUpgrade(req, socket, rest, (ws) => ws.on('message', (data) => echo(JSON.parse(String(data)) as CallFrame, ws)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/ws`, state };
}

describe('a connect the hub refuses', () => {
  it('429 with Retry-After: waits at least that long (not the short backoff), says why in plain words, then connects', async () => {
    const hub = await refusingHub(429, { 'Retry-After': '1' }, 'Too many requests.');
    const transport = open(hub.url, { backoff: { baseMs: 10, maxMs: 20, jitter: 0 }, probe: httpRefusalProbe(fetch) });
    const closed = await waitForState(transport, 'closed');
    expect(closed.notice).toBe(COOLING_DOWN_MESSAGE);
    expect(closed.retryAt! - Date.now()).toBeGreaterThan(900);
    // No tight loop: with a 10 ms backoff it would have tried dozens of times by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hub.state.upgrades).toBe(1);
    expect(transport.status()).toMatchObject({ state: 'closed', attempt: 1, notice: COOLING_DOWN_MESSAGE });

    hub.state.refusing = false;
    await waitForState(transport, 'open', 3000);
    expect(hub.state.upgrades).toBe(2);
    expect(transport.status()).toEqual({ state: 'open', attempt: 0, retryAt: null });
    await expect(transport.call('after', {})).resolves.toMatchObject({ ok: true });
  });

  it("401: the hub's reason is shown and the usual backoff applies; a hub that is simply down gives no reason", async () => {
    const hub = await refusingHub(401, {}, 'That access token is not valid.\n');
    const transport = open(hub.url, { backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 0 }, probe: httpRefusalProbe(fetch) });
    expect((await waitForState(transport, 'closed')).notice).toBe('That access token is not valid.');

    const down = open('ws://127.0.0.1:9/api/ws', { backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 0 }, probe: httpRefusalProbe(fetch) });
    const status = await waitForState(down, 'closed');
    expect(status.notice).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date; nonsense, the past or absent is no extra wait; far off is capped', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('11', now)).toBe(11_000);
    expect(retryAfterMs(' 3 ', now)).toBe(3_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBe(0);
    expect(retryAfterMs('-5', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBe(0);
    expect(retryAfterMs('86400', now)).toBe(10 * 60_000);
  });
});
