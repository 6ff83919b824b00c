/**
 * The contract over WebSocket. Every frame is untrusted: a malformed frame, an unknown
 * method, wrong types or an oversized frame get a typed error and the connection stays up.
 *
 * Who is calling is resolved again for every call (a disabled user, a revoked token or a
 * changed role count from the next call on), and again for every connection of a user the
 * moment their access changes: a connection whose session ended is told so and is signed
 * out. Engine events reach only connections that are signed in.
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket, RawData } from 'ws';
import { primaryRole } from '../../shared/contract/access.js';
import { fail, type Envelope } from '../../shared/contract/envelope.js';
import type { CallContext } from '../../shared/contract/handlers.js';
import { SESSION_BINDING } from '../../shared/contract/team.js';
import { callFrameSchema, MAX_FRAME_BYTES, type ServerFrame } from '../../shared/contract/wire.js';
import type { Role } from '../../shared/domain.js';
import type { Engine } from '../core/engineTypes.js';
import { createTokenBucket } from '../lib/tokenBucket.js';
import type { HubAuth, Principal, TokenVerifier } from './auth.js';
import { callerKey, createReadBudgets, type ReadBudget, type ReadBudgets, type ReadLimits } from './readBudgets.js';

/**
 * Calls per connection: a burst of this many, refilled at this rate per second. Past it a call
 * is answered `rate_limited` without running, so one flooding client cannot starve the rest.
 */
export const CALL_BURST = 1000;
export const CALLS_PER_SECOND = 300;

/**
 * Frames read per caller (all its connections; see readBudgets.ts), of any kind: a burst of
 * this many, refilled at this rate. Calls past the call allowance but within it are answered
 * `rate_limited`, so a client that merely bursts is told why; a connection past it is flooding
 * (10,000 bad frames a second take a fifth of a core to answer) and is closed (1008).
 */
export const READ_BURST_FRAMES = 2 * CALL_BURST;
export const READ_FRAMES_PER_SECOND = 2 * CALLS_PER_SECOND;
/**
 * A caller closed for flooding owes this many seconds of its frame rate on top: reconnecting
 * sooner (a fresh connection used to mean a fresh budget) is refused at the upgrade with 429 and
 * Retry-After (gate.ts), or, known only once it signs in, closed at once with `rate_limited`.
 * A client that never went past its budget owes nothing.
 */
export const FLOOD_COOLDOWN_SECONDS = 10;
/**
 * Bytes read per caller, likewise. Past it the hub stops reading that connection until
 * the budget is back: its frames wait in its own TCP buffers instead of taking the hub's time
 * (decoding and parsing a 1 MiB frame is about 8 ms) from every other client.
 */
export const READ_BURST_BYTES = 4 * MAX_FRAME_BYTES;
export const READ_BYTES_PER_SECOND = MAX_FRAME_BYTES;
export const READ_LIMITS: ReadLimits = {
  burstFrames: READ_BURST_FRAMES,
  framesPerSecond: READ_FRAMES_PER_SECOND,
  burstBytes: READ_BURST_BYTES,
  bytesPerSecond: READ_BYTES_PER_SECOND,
};

/** Above this many unsent bytes a client is too slow to keep; it is closed, not buffered forever. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/**
 * An answer the client asked for (a 10k-card board snapshot can be larger than the limit) is
 * allowed on top of it while it drains, for this long: the client is not "too slow" for
 * reading what it requested.
 */
const ANSWER_SLACK_MS = 60_000;

const sendText = (socket: WebSocket, text: string, slack = 0): void => {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES + slack) {
    socket.close(1013, 'Client too slow');
    return;
  }
  socket.send(text);
};
const send = (socket: WebSocket, frame: ServerFrame, slack = 0): void => sendText(socket, JSON.stringify(frame), slack);

/**
 * The bus hands every socket the same event object in one synchronous pass, so the frame is
 * serialized once per event, not once per client (50 clients: 50× less JSON work per change).
 */
let lastEvent: { event: string; data: unknown; text: string } | null = null;
const eventFrameText = (event: string, data: unknown): string => {
  if (lastEvent?.event !== event || lastEvent.data !== data) {
    lastEvent = { event, data, text: JSON.stringify({ type: 'event', event, data } satisfies ServerFrame) };
  }
  return lastEvent.text;
};

const sizeOf = (data: RawData): number =>
  Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;

const textOf = (data: RawData): string =>
  Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');

export interface SocketAccess {
  principal: Principal;
  tokens: TokenVerifier;
  auth?: HubAuth;
  /** The peer's address, for the audit log, sign-in rate limits and read budgets. */
  address: string | null;
  /** The hub's read budgets per caller; without it, this connection has its own (as before). */
  budgets?: ReadBudgets;
}

type Caller = Omit<CallContext, 'transport' | 'address'> & { userKey: string | null; expiresAt: number | null };

const SIGNED_OUT: Caller = {
  role: null,
  roles: [],
  userId: null,
  username: null,
  via: 'none',
  sessionToken: null,
  userKey: null,
  expiresAt: null,
};
const ENDED_MESSAGE = 'Your session has ended (signed out, disabled or removed by an admin); sign in again.';

export function attachSocket(socket: WebSocket, engine: Engine, access: Role | SocketAccess): void {
  const connectionId = randomUUID();
  let answerSlack = { bytes: 0, until: 0 };
  const slack = () => (Date.now() < answerSlack.until ? answerSlack.bytes : 0);
  const reply = (id: number | string | null, result: Envelope<unknown>) => {
    const text = JSON.stringify({ type: 'result', id, result } satisfies ServerFrame);
    if (text.length > 1024 * 1024) answerSlack = { bytes: Buffer.byteLength(text), until: Date.now() + ANSWER_SLACK_MS };
    sendText(socket, text, slack());
  };
  const state: SocketAccess =
    typeof access === 'string'
      ? { principal: access === 'admin' ? { kind: 'local' } : { kind: 'signedOut' }, tokens: { verify: () => null }, address: null }
      : access;
  // A bare role (older callers, tests): that role without a token behind it.
  const fixedRole: Role | null = typeof access === 'string' ? access : null;

  /** Who the connection is right now; a session that ended falls back to the base (and says so once). */
  const resolve = (): Caller => {
    if (fixedRole) return { ...SIGNED_OUT, role: fixedRole, roles: [fixedRole], via: 'token' };
    const p = state.principal;
    if (p.kind === 'local') return { ...SIGNED_OUT, role: 'admin', roles: ['admin'], via: 'local' };
    if (p.kind === 'signedOut') return SIGNED_OUT;
    if (p.kind === 'token') {
      const role = state.tokens.verify(p.token);
      return role ? { ...SIGNED_OUT, role, roles: [role], via: 'token' } : SIGNED_OUT;
    }
    const who = state.auth?.identify(p.token) ?? null;
    if (!who || who.via !== 'session') {
      state.principal = p.base;
      send(socket, { type: 'event', event: 'auth.sessionEnded', data: { message: ENDED_MESSAGE } });
      return resolve();
    }
    return {
      role: primaryRole(who.roles),
      roles: who.roles,
      userId: who.userId,
      username: who.username,
      via: 'session',
      sessionToken: p.token,
      userKey: who.userId,
      expiresAt: who.expiresAt,
    };
  };

  let current: Caller = resolve();
  const refresh = (): Caller => {
    const before = current;
    current = resolve();
    rebudget();
    const changed =
      before.userId === current.userId &&
      current.userId !== null &&
      (before.roles?.join() !== current.roles?.join() || before.username !== current.username);
    if (changed) send(socket, { type: 'event', event: 'auth.changed', data: {} });
    return current;
  };

  const bind = (method: string, params: unknown, result: Envelope<unknown>) => {
    if (!result.ok || !Object.prototype.hasOwnProperty.call(SESSION_BINDING, method)) return;
    const how = SESSION_BINDING[method as keyof typeof SESSION_BINDING];
    const base = state.principal.kind === 'session' ? state.principal.base : state.principal;
    if (how === 'clear') state.principal = base;
    else {
      const token = how === 'answer' ? (result.value as { token: string }).token : (params as { token: string }).token;
      state.principal = { kind: 'session', token, base };
    }
    current = resolve();
    rebudget();
  };

  const calls = createTokenBucket(CALL_BURST, CALLS_PER_SECOND);
  const budgets = state.budgets ?? createReadBudgets(READ_LIMITS);
  // Worked out per call (`refresh`), so the key (a token's is a digest) is kept for the
  // principal and user it was made from.
  let keyedFor: { principal: Principal; userId: string | null } | null = null;
  let keyed = '';
  const ownKey = `connection:${connectionId}`;
  const budgetKey = (caller: Caller): string => {
    if (fixedRole) return ownKey;
    const userId = caller.via === 'session' ? caller.userId : null;
    if (keyedFor?.principal !== state.principal || keyedFor.userId !== userId) {
      keyedFor = { principal: state.principal, userId };
      keyed = callerKey(state.principal, userId, state.address) ?? ownKey;
    }
    return keyed;
  };
  let budgetOf = '';
  let budget: ReadBudget | null = null;
  /**
   * Follows who is calling; a caller still paying for a flood is closed at once. The hub refuses
   * most such callers at the upgrade already (server.ts); this catches the rest: one that signs
   * in over the connection as a user who owes, or that raced another connection's flood.
   */
  const rebudget = (): void => {
    const key = budgetKey(current);
    if (key === budgetOf) return;
    budgetOf = key;
    budget = budgets.of(key);
    if (budget.frames.msUntil() > 0) socket.close(1008, 'rate_limited');
  };
  rebudget();
  let resumeTimer: ReturnType<typeof setTimeout> | null = null;
  /** False when the frame is not to be handled (the connection is closing for flooding). */
  const chargeRead = (bytes: number): boolean => {
    if (socket.readyState !== socket.OPEN || !budget) return false;
    if (!budget.frames.tryTake()) {
      budget.frames.spend(FLOOD_COOLDOWN_SECONDS * READ_FRAMES_PER_SECOND);
      socket.close(1008, 'Too many frames');
      return false;
    }
    const waitMs = budget.bytes.spend(bytes);
    if (waitMs === 0 || resumeTimer) return true;
    socket.pause();
    resumeTimer = setTimeout(() => {
      resumeTimer = null;
      if (socket.readyState === socket.OPEN) socket.resume();
    }, waitMs);
    return true;
  };

  socket.on('message', (data, isBinary) => {
    const size = sizeOf(data);
    if (!chargeRead(size)) return;
    if (isBinary) return reply(null, fail('bad_request', 'Frames must be JSON text.'));
    if (size > MAX_FRAME_BYTES) {
      return reply(null, fail('too_large', `Frames are limited to ${MAX_FRAME_BYTES} bytes.`));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(textOf(data));
    } catch {
      return reply(null, fail('bad_request', 'That frame is not valid JSON.'));
    }
    const frame = callFrameSchema.safeParse(parsed);
    if (!frame.success) {
      const id = typeof parsed === 'object' && parsed !== null && 'id' in parsed ? (parsed as { id: unknown }).id : null;
      const safeId = typeof id === 'number' || (typeof id === 'string' && id.length <= 64) ? id : null;
      return reply(safeId, fail('bad_request', 'Expected {type:"call", id, method, params}.'));
    }
    const { id, method, params } = frame.data;
    if (!calls.tryTake()) return reply(id, fail('rate_limited', 'Too many calls on this connection; slow down and try again in a moment.'));
    let ctx: CallContext;
    try {
      const { userKey: _userKey, expiresAt: _expiresAt, ...caller } = refresh();
      ctx = { ...caller, transport: 'websocket', address: state.address, connectionId };
    } catch {
      // Resolving who is calling failed (the store, not the frame): answer, keep the connection.
      return reply(id, fail('unavailable', 'The hub could not check who you are just now; try again.'));
    }
    void engine.dispatch(method, params, ctx).then((result) => {
      bind(method, params, result);
      reply(id, result);
    });
  });

  const unsubscribe = engine.onEvent((event, data) => {
    if (current.expiresAt !== null && current.expiresAt <= Date.now()) refresh();
    if (current.via === 'none') return;
    sendText(socket, eventFrameText(event, data), slack());
  });
  const offAccess = state.auth?.onAccessChange((userIds) => {
    if (current.userKey !== null && userIds.includes(current.userKey)) refresh();
  });
  socket.on('close', () => {
    if (resumeTimer) clearTimeout(resumeTimer);
    unsubscribe();
    offAccess?.();
    engine.connectionClosed?.(connectionId);
  });
  socket.on('error', () => socket.terminate());
}
