/**
 * The WebSocket transport against a real `ws` server on 127.0.0.1, port 0.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { backoffDelay } from '../../shared/transport/backoff.js';
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
