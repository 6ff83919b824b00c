/**
 * Refusing a WebSocket before its handshake. A caller still paying for a flood used to be let
 * through the upgrade and closed at once (1008), so each reconnect cost the hub a full upgrade;
 * now it is told 429 with Retry-After while it owes, in plain HTTP, and the socket is dropped.
 *
 * The read budgets decide (readBudgets.ts): the gate only works out, from what the upgrade
 * request carries, the key the connection would spend from and asks how long that caller owes.
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HubAuth, Principal } from './auth.js';
import { callerKey, type ReadBudgets } from './readBudgets.js';
import { SECURITY_HEADERS } from './static.js';

export interface Refusal {
  status: 401 | 403 | 404 | 426 | 429;
  /** Plain words for a person; the body of the answer. */
  message: string;
  /** Whole seconds, rounded up (429 only). */
  retryAfterSeconds?: number;
  /** What is still owed, to the millisecond (429 only; not sent). */
  owedMs?: number;
}

const REASONS: Record<Refusal['status'], string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
};

const WHO: Record<string, string> = { user: 'your account', token: 'this access token', address: 'this address' };

/**
 * 429 while the caller the upgrade names still owes for a flood, else null. A session in the
 * URL (`?session=`, `?token=`) is looked up, as the connection would right after the
 * handshake; one that has ended counts as the address, as the connection would fall back to.
 */
export function cooldownRefusal(budgets: ReadBudgets, principal: Principal, address: string | null, auth?: HubAuth): Refusal | null {
  let userId: string | null = null;
  if (principal.kind === 'session' && auth) {
    try {
      const who = auth.identify(principal.token);
      userId = who?.via === 'session' ? who.userId : null;
    } catch {
      // The store could not say who it is: judge it by what else it carries; the connection checks again.
    }
  }
  const key = callerKey(principal, userId, address);
  if (key === null) return null;
  const owedMs = budgets.owedMs(key);
  if (owedMs <= 0) return null;
  const seconds = Math.max(1, Math.ceil(owedMs / 1000));
  const who = WHO[key.slice(0, key.indexOf(':'))] ?? 'this caller';
  return {
    status: 429,
    message: `Too many requests: the hub cut off ${who} for sending far more than it reads. Connect again in ${seconds} s.`,
    retryAfterSeconds: seconds,
    owedMs,
  };
}

const headersOf = (refusal: Refusal): Record<string, string> => ({
  'Content-Type': 'text/plain; charset=utf-8',
  ...(refusal.retryAfterSeconds !== undefined ? { 'Retry-After': String(refusal.retryAfterSeconds) } : {}),
  ...(refusal.status === 426 ? { Upgrade: 'websocket' } : {}),
});

/** Answers a refused upgrade on the raw socket and drops it once the answer is written. */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const body = `${refusal.message}\n`;
  const head = Object.entries({ ...headersOf(refusal), 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\n${head}\r\n\r\n${body}`, () => socket.destroy());
}

/** A hold ends this long before the debt is paid, so the caller is still refused when answered. */
const PAID_MARGIN_MS = 100;

/**
 * A script that reconnects the moment it is refused, ignoring Retry-After, knocked thousands of
 * times a second, and each knock cost the hub a TCP handshake and an HTTP parse: 40 % of a core
 * (`npm run bench -- hubAbuse`, "reconnects at once"). Held for a while before its 429, it knocks
 * once per hold per connection it keeps trying. The web UI waits out Retry-After, so it meets
 * this only for the one upgrade it tries before it learns why; the plain GET that tells it is
 * never held. At most `maxHeld` are held at once (each is a socket kept open). A hold ends
 * just before the debt is paid, so the answer's Retry-After (at least 1 s) is still true.
 */
export function createRefusalHold(holdMs: number, maxHeld = 256) {
  const held = new Map<Duplex, ReturnType<typeof setTimeout>>();
  const release = (socket: Duplex): void => {
    clearTimeout(held.get(socket));
    held.delete(socket);
  };
  return {
    /** Refuses `socket` with what `answer` says then; after a hold if `owing` still has seconds to run. */
    refuse(socket: Duplex, owing: Refusal, answer: () => Refusal): void {
      const wait = Math.min(holdMs, (owing.owedMs ?? 0) - PAID_MARGIN_MS);
      if (wait <= 0 || held.size >= maxHeld) return refuseUpgrade(socket, owing);
      // A reset while held must not surface as an unhandled socket error.
      socket.on('error', () => socket.destroy());
      socket.once('close', () => release(socket));
      held.set(
        socket,
        setTimeout(() => {
          release(socket);
          refuseUpgrade(socket, answer());
        }, wait),
      );
    },
    held: (): number => held.size,
    /** Drops every held socket at once (the hub is shutting down). */
    dropAll(): void {
      for (const socket of [...held.keys()]) {
        release(socket);
        socket.destroy();
      }
    },
  };
}

/** The same answer to a plain GET: a browser cannot read why its WebSocket was refused, so it asks this way. */
export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  res.writeHead(refusal.status, { ...headersOf(refusal), ...SECURITY_HEADERS, 'Cache-Control': 'no-store' });
  res.end(`${refusal.message}\n`);
}
