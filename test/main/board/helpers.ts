/** A real engine (SQLite, dispatcher, board service) on a fake clock, with a small team and its events recorded. */
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import type { CallContext } from '../../../shared/contract/handlers.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/methods.js';
import type { Role } from '../../../shared/domain.js';
import { FakeClock } from '../../fixtures/fakes/clock.js';

/** Monday 2026-03-02 08:00 UTC: a fixed start, never today's date. */
export const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
export const MIN = 60_000;
/** Every rig user's password (see cheapPasswords). */
export const PASSWORD = 'correct horse battery';

export interface Team {
  lead: CallContext;
  operator: CallContext;
  operator2: CallContext;
  social: CallContext;
  admin: CallContext;
}

export interface BoardRig {
  engine: EngineInternals;
  clock: FakeClock;
  team: Team;
  events: Array<{ event: string; data: unknown }>;
  /** Calls through the dispatcher (roles, validation, audit) and answers the value, or throws with the error code and message. */
  call<M extends MethodName>(ctx: CallContext, method: M, params: MethodInput<M>): Promise<MethodOutput<M>>;
  /** The error code a call answers with (throws if it succeeds). */
  refused<M extends MethodName>(ctx: CallContext, method: M, params: MethodInput<M>): Promise<{ code: string; message: string }>;
  /** Lets events queued for after the commit go out. */
  settle(): Promise<void>;
  eventsNamed(name: string): unknown[];
}

/** Plain-text "hashes": these tests sign in many times and are not about Argon2id. */
export const cheapPasswords = {
  hash: (password: string) => Promise.resolve(`plain:${password}`),
  verify: (hash: string, password: string) => Promise.resolve(hash === `plain:${password}`),
};

export function boardRig(options: { dbFile?: string; clock?: FakeClock; start?: boolean } = {}): BoardRig {
  const clock = options.clock ?? new FakeClock(T0);
  const engine = createEngine({
    dataDir: '/tmp/surge-board-test',
    dbFile: options.dbFile ?? ':memory:',
    version: 'test',
    http: { request: () => Promise.reject(new Error('no network')) },
    tickMs: 3_600_000,
    clock,
    sourceWorker: false,
    passwordHasher: cheapPasswords,
  });
  const person = (username: string, roles: Role[]): CallContext => {
    const existing = engine.store.users.byUsername(username);
    const user =
      existing ??
      engine.store.users.create(
        {
          id: `u-${username}`,
          username,
          displayName: username[0]!.toUpperCase() + username.slice(1),
          roles,
          passwordHash: `plain:${PASSWORD}`,
        },
        clock.now(),
      );
    return { role: roles[0]!, roles, userId: user.id, username, transport: 'websocket', via: 'session', connectionId: `conn-${username}` };
  };
  const team: Team = {
    lead: person('lena', ['lead']),
    operator: person('omar', ['operator']),
    operator2: person('olga', ['operator']),
    social: person('sam', ['social']),
    admin: person('ada', ['admin']),
  };
  const events: BoardRig['events'] = [];
  engine.onEvent((event, data) => {
    if (event.startsWith('board.')) events.push({ event, data });
  });
  if (options.start !== false) engine.board.start();
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    engine,
    clock,
    team,
    events,
    async call(ctx, method, params) {
      const answer = await engine.dispatch(method, params, ctx);
      if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
      return answer.value as never;
    },
    async refused(ctx, method, params) {
      const answer = await engine.dispatch(method, params, ctx);
      if (answer.ok) throw new Error(`${method} was expected to fail but answered ${JSON.stringify(answer.value).slice(0, 200)}`);
      return answer.error;
    },
    settle,
    eventsNamed: (name) => events.filter((e) => e.event === name).map((e) => e.data),
  };
}
