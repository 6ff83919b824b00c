/** A real team hub for the desktop's hub-link tests: engine (in-memory SQLite, real Argon2id) + WebSocket server on a free port. */
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import { startHub, type Hub } from '../../../main/hub/server.js';
import type { CallContext } from '../../../shared/contract/handlers.js';
import type { Role } from '../../../shared/domain.js';

export const PASSWORD = 'correct horse battery';
export const hubAdmin: CallContext = { role: 'admin', userId: null, transport: 'websocket', address: '10.0.0.1', via: 'token' };

/** `cleanup` collects what the caller's afterEach must undo. */
export async function teamHub(clock: { now(): number }, cleanup: (() => unknown)[]): Promise<{ engine: EngineInternals; hub: Hub }> {
  const engine = createEngine({
    dataDir: '/tmp/surge-hublink-test',
    dbFile: ':memory:',
    version: 'test',
    http: { request: () => Promise.reject(new Error('no network')) },
    tickMs: 60_000,
    clock: { now: () => clock.now(), setTimeout, clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) },
    sourceWorker: false,
  });
  // As a hub beyond this machine: nobody is admin for being local.
  const hub = await startHub({
    engine,
    host: '127.0.0.1',
    port: 0,
    staticDir: '/nonexistent',
    tokens: engine.accessTokens,
    auth: engine.auth,
    loopbackAdmin: false,
    health: () => ({}),
    metrics: () => '',
  });
  cleanup.push(
    () => engine.stop(),
    () => hub.close(),
  );
  return { engine, hub };
}

export async function invite(engine: EngineInternals, username: string, roles: Role[], hours = 72): Promise<string> {
  const answer = await engine.dispatch('users.invite', { username, roles, expiresInHours: hours }, hubAdmin);
  if (!answer.ok) throw new Error(answer.error.message);
  return (answer.value as { token: string }).token;
}

export async function account(engine: EngineInternals, username: string, roles: Role[]): Promise<string> {
  const answer = await engine.dispatch('users.create', { username, roles, password: PASSWORD }, hubAdmin);
  if (!answer.ok) throw new Error(answer.error.message);
  return (answer.value as { id: string }).id;
}
