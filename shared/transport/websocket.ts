/**
 * WebSocket transport for the hub: numbered requests matched to results, a timeout per call,
 * automatic reconnect with backoff, and every incoming frame parsed with the contract's
 * `serverFrameSchema` (the hub is a network peer: a malformed frame is ignored, not trusted).
 */
import { serverFrameSchema, type CallFrame } from '../contract/wire.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { createLinkStatusFeed } from './linkStatus.js';
import type { ConnectRefusal, RefusalProbe } from './refusal.js';
import type { ManagedTransport } from './types.js';

/** The subset of the WHATWG WebSocket this transport uses (the `ws` package matches it). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface WebSocketTransportOptions {
  /** How long a call waits for its result (including time queued while offline). */
  callTimeoutMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  now?: () => number;
  /** Defaults to the browser's WebSocket; tests pass the `ws` package's. */
  createSocket?: SocketFactory;
  /**
   * Asked after a connect that never opened (refusal.ts): a hub refusing a flooder's address says
   * how long to stay away, and the next try waits at least that; its reason is shown.
   */
  probe?: RefusalProbe;
}

interface PendingCall {
  frame: string;
  sent: boolean;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

function defaultFactory(url: string): SocketLike {
  const Impl = (globalThis as { WebSocket?: new (url: string) => SocketLike }).WebSocket;
  if (!Impl) throw new Error('This environment has no WebSocket.');
  return new Impl(url);
}

/** `url` may be a function, read on every connect (the kept session token changes after sign-in). */
export function createWebSocketTransport(url: string | (() => string), options: WebSocketTransportOptions = {}): ManagedTransport {
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const createSocket = options.createSocket ?? defaultFactory;

  const pending = new Map<number, PendingCall>();
  const eventListeners = new Set<(event: string, data: unknown) => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  const feed = createLinkStatusFeed({ state: 'connecting', attempt: 0, retryAt: null });
  const setStatus = feed.set;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closedForGood = false;

  const flushQueue = () => {
    if (!socket || socket.readyState !== OPEN) return;
    for (const call of pending.values()) {
      if (call.sent) continue;
      call.sent = true;
      socket.send(call.frame);
    }
  };

  const handleMessage = (raw: unknown) => {
    if (typeof raw !== 'string') return; // binary frames are not part of the protocol
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return;
    }
    const frame = serverFrameSchema.safeParse(json);
    if (!frame.success) return;
    if (frame.data.type === 'event') {
      for (const listener of [...eventListeners]) listener(frame.data.event, frame.data.data);
      return;
    }
    const id = frame.data.id;
    if (typeof id !== 'number') return; // we only ever send numeric ids
    const call = pending.get(id);
    if (!call) return; // late answer to a call that already timed out
    pending.delete(id);
    clearTimeout(call.timer);
    call.resolve(frame.data.result);
  };

  const failSentCalls = (message: string) => {
    // A call already on the wire when the socket dropped will never be answered.
    for (const [id, call] of pending) {
      if (!call.sent) continue;
      pending.delete(id);
      clearTimeout(call.timer);
      call.reject(new Error(message));
    }
  };

  const scheduleReconnect = (refusal: ConnectRefusal | null = null) => {
    if (closedForGood) return;
    const attempt = feed.get().attempt + 1;
    const delay = Math.max(backoffDelay(attempt, backoff, random), refusal?.retryAfterMs ?? 0);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
    setStatus({ state: 'closed', attempt, retryAt: now() + delay, ...(refusal ? { notice: refusal.message } : {}) });
  };

  function connect() {
    if (closedForGood) return;
    setStatus({ state: 'connecting', attempt: feed.get().attempt, retryAt: null });
    let current: SocketLike;
    const target = typeof url === 'function' ? url() : url;
    try {
      current = createSocket(target);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    let settled = false;
    let opened = false;
    current.onopen = () => {
      if (socket !== current) return;
      opened = true;
      setStatus({ state: 'open', attempt: 0, retryAt: null });
      flushQueue();
    };
    current.onmessage = (event) => {
      if (socket === current) handleMessage(event.data);
    };
    const onDown = () => {
      if (settled || socket !== current) return;
      settled = true;
      socket = null;
      failSentCalls('The connection to the hub was lost before it answered.');
      const probe = options.probe;
      if (opened || !probe) return scheduleReconnect();
      // Still 'connecting' while it asks, so "Retry now" cannot start a second try meanwhile.
      probe(target).then(scheduleReconnect, () => scheduleReconnect());
    };
    current.onclose = onDown;
    current.onerror = () => {
      // Browsers fire close right after error; `ws` does too. Closing here covers peers that don't.
      try {
        current.close();
      } catch {
        /* already closing */
      }
      onDown();
    };
  }

  connect();

  return {
    kind: 'websocket',
    call(method, params) {
      if (closedForGood) return Promise.reject(new Error('The connection was closed.'));
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const frame: CallFrame = { type: 'call', id, method, params };
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`The hub did not answer ${method} within ${Math.round(callTimeoutMs / 1000)} s.`));
        }, callTimeoutMs);
        pending.set(id, { frame: JSON.stringify(frame), sent: false, resolve, reject, timer });
        flushQueue();
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onState: feed.onState,
    status: feed.get,
    onStatus: feed.onStatus,
    reconnectNow() {
      if (closedForGood || feed.get().state !== 'closed') return;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      connect();
    },
    close() {
      if (closedForGood) return;
      closedForGood = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const current = socket;
      socket = null;
      try {
        current?.close(1000, 'client closed');
      } catch {
        /* ignore */
      }
      for (const [id, call] of pending) {
        pending.delete(id);
        clearTimeout(call.timer);
        call.reject(new Error('The connection was closed.'));
      }
      setStatus({ state: 'closed', attempt: feed.get().attempt, retryAt: null });
      feed.clear();
      eventListeners.clear();
    },
  };
}
