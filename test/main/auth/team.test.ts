/**
 * Users, invites, sessions and sign-in on a real engine (in-memory SQLite, real Argon2id),
 * and over a real hub socket: every bad input answers a plain envelope, never a crash.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import { startHub, type Hub } from '../../../main/hub/server.js';
import type { CallContext } from '../../../shared/contract/handlers.js';
import { ARGON2_OPTIONS } from '../../../main/auth/passwords.js';

let clockNow = 1_700_000_000_000;
const engines: EngineInternals[] = [];
const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
  await Promise.all(engines.splice(0).map((e) => e.stop()));
});

const clock = { now: () => clockNow, setTimeout, clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
const make = () => {
  const engine = createEngine({
    dataDir: '/tmp/surge-team-test',
    dbFile: ':memory:',
    version: 'test',
    http: { request: () => Promise.reject(new Error('no network')) },
    tickMs: 60_000,
    clock,
    sourceWorker: false,
  });
  engines.push(engine);
  return engine;
};
const admin: CallContext = { role: 'admin', userId: null, transport: 'websocket', address: '10.0.0.1', via: 'token' };
const from = (address: string): CallContext => ({ role: null, roles: [], userId: null, transport: 'websocket', address, via: 'none' });

async function invited(
  engine: EngineInternals,
  username: string,
  roles: ('operator' | 'social' | 'lead' | 'admin')[],
  password = 'correct horse battery',
) {
  const invite = await engine.dispatch('users.invite', { username, roles }, admin);
  if (!invite.ok) throw new Error(invite.error.message);
  const { token } = invite.value as { token: string };
  const accepted = await engine.dispatch('auth.acceptInvite', { token, password }, from('10.0.0.2'));
  if (!accepted.ok) throw new Error(accepted.error.message);
  return { inviteToken: token, ...(accepted.value as { token: string; me: { user: { id: string } } }) };
}

describe('users, invites and sign-in', () => {
  it('hashes with Argon2id at the OWASP minimum', async () => {
    expect(ARGON2_OPTIONS).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const engine = make();
    const { me } = await invited(engine, 'lena', ['lead']);
    const row = engine.store.users.get(me.user.id)!;
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    // Tokens are stored hashed: the database holds no token in clear.
    const raw =
      JSON.stringify(engine.store.db.prepare('SELECT * FROM sessions').all()) +
      JSON.stringify(engine.store.db.prepare('SELECT * FROM invites').all());
    expect(raw).not.toContain(
      (
        (await engine.dispatch('auth.login', { username: 'lena', password: 'correct horse battery' }, from('1.1.1.1'))) as {
          value: { token: string };
        }
      ).value.token,
    );
  });

  it('an invite is single use and expires; the link says so in plain words', async () => {
    const engine = make();
    const { inviteToken } = await invited(engine, 'omar', ['operator']);
    expect(await engine.dispatch('auth.acceptInvite', { token: inviteToken, password: 'another password' }, from('x'))).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already used') },
    });
    const late = await engine.dispatch('users.invite', { username: 'sam', roles: ['social'], expiresInHours: 1 }, admin);
    clockNow += 2 * 60 * 60_000;
    const token = (late as { value: { token: string } }).value.token;
    expect(await engine.dispatch('auth.inviteInfo', { token }, from('x'))).toMatchObject({
      error: { code: 'conflict', message: expect.stringContaining('expired') },
    });
    expect(await engine.dispatch('auth.acceptInvite', { token, password: 'long enough pw' }, from('x'))).toMatchObject({
      error: { code: 'conflict' },
    });
    expect(await engine.dispatch('auth.acceptInvite', { token: 'x'.repeat(43), password: 'long enough pw' }, from('x'))).toMatchObject({
      error: { code: 'not_found' },
    });
    expect(await engine.dispatch('auth.acceptInvite', { token, password: 'short' }, from('x'))).toMatchObject({
      error: { code: 'bad_request' },
    });
    // A renewed invite works and replaces the old one.
    const renewed = await engine.dispatch('users.invite', { username: 'sam', roles: ['social'] }, admin);
    expect(renewed).toMatchObject({ ok: true, value: { user: { status: 'invited', roles: ['social'] } } });
  });

  it('wrong password, unknown user and a disabled user each get a plain refusal', async () => {
    const engine = make();
    const { me } = await invited(engine, 'dana', ['social']);
    expect(await engine.dispatch('auth.login', { username: 'dana', password: 'wrong wrong' }, from('a'))).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'That username and password do not match.' },
    });
    expect(await engine.dispatch('auth.login', { username: 'nobody', password: 'wrong wrong' }, from('a'))).toMatchObject({
      error: { code: 'unauthorized', message: 'That username and password do not match.' },
    });
    expect(await engine.dispatch('users.update', { id: me.user.id, disabled: true }, admin)).toMatchObject({
      ok: true,
      value: { status: 'disabled' },
    });
    expect(await engine.dispatch('auth.login', { username: 'dana', password: 'correct horse battery' }, from('a'))).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('disabled') },
    });
    const audit = engine.store.audit.page(20).map((e) => [e.action, e.actor, e.address]);
    expect(audit).toContainEqual(['auth.loginFailed', 'signed out', 'a']);
    expect(audit).toContainEqual(['users.disable', 'admin token', '10.0.0.1']);
    expect(audit).toContainEqual(['auth.acceptInvite', 'dana', '10.0.0.2']);
  });

  it('disabling ends sessions at once; a deleted user’s token and a role change count from the next call', async () => {
    const engine = make();
    const lead = await invited(engine, 'lee', ['lead']);
    expect(engine.auth.identify(lead.token)).toMatchObject({ via: 'session', roles: ['lead'], username: 'lee' });
    await engine.dispatch('users.update', { id: lead.me.user.id, roles: ['lead', 'operator'] }, admin);
    expect(engine.auth.identify(lead.token)).toMatchObject({ roles: ['operator', 'lead'] });
    await engine.dispatch('users.update', { id: lead.me.user.id, disabled: true }, admin);
    expect(engine.auth.identify(lead.token)).toBeNull();
    await engine.dispatch('users.update', { id: lead.me.user.id, disabled: false }, admin);
    expect(engine.auth.identify(lead.token), 'enabling again does not revive old sessions').toBeNull();

    const gone = await invited(engine, 'gus', ['operator']);
    expect(await engine.dispatch('users.remove', { id: gone.me.user.id }, admin)).toEqual({ ok: true, value: { removed: 'gus' } });
    expect(engine.auth.identify(gone.token)).toBeNull();
    expect(await engine.dispatch('auth.resume', { token: gone.token }, from('x'))).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await engine.dispatch('users.update', { id: gone.me.user.id, disabled: true }, admin)).toMatchObject({
      error: { code: 'not_found' },
    });
  });

  it('a session expires', async () => {
    const engine = make();
    const { token } = await invited(engine, 'eve', ['operator']);
    clockNow += 8 * 24 * 60 * 60_000;
    expect(engine.auth.identify(token)).toBeNull();
  });

  it('a brute force of 1,000 tries gets rate_limited refusals, never a crash, and few hashes', async () => {
    const engine = make();
    await invited(engine, 'target', ['admin']);
    const started = performance.now();
    let maxLag = 0;
    let last = performance.now();
    const lag = setInterval(() => {
      const t = performance.now();
      maxLag = Math.max(maxLag, t - last - 5);
      last = t;
    }, 5);
    // As frames off a socket: 50 per turn of the event loop, all 1,000 in flight together.
    const pending: Promise<Awaited<ReturnType<typeof engine.dispatch>>>[] = [];
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 50; i++)
        pending.push(engine.dispatch('auth.login', { username: 'target', password: `guess-${batch}-${i}` }, from('203.0.113.9')));
      await new Promise((r) => setImmediate(r));
    }
    const answers = await Promise.all(pending);
    clearInterval(lag);
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code));
    expect(codes).not.toContain('ok');
    expect(codes).not.toContain('internal');
    expect(codes.filter((c) => c === 'rate_limited').length).toBeGreaterThan(980);
    expect(new Set(codes)).toEqual(new Set(['unauthorized', 'rate_limited']));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(maxLag, 'the engine thread stays responsive').toBeLessThan(200);
    // The right password is refused too while the user is locked out, from anywhere.
    expect(
      await engine.dispatch('auth.login', { username: 'target', password: 'correct horse battery' }, from('198.51.100.1')),
    ).toMatchObject({
      error: { code: 'rate_limited', message: expect.stringContaining('try again in') },
    });
    clockNow += 16 * 60_000;
    expect(
      await engine.dispatch('auth.login', { username: 'target', password: 'correct horse battery' }, from('198.51.100.1')),
    ).toMatchObject({ ok: true });
  });

  it('a new link for an active user resets the password and ends the sessions of the old one', async () => {
    const engine = make();
    const first = await invited(engine, 'rita', ['social']);
    const again = await engine.dispatch('users.invite', { username: 'rita', roles: ['social', 'operator'] }, admin);
    expect(again).toMatchObject({ ok: true, value: { user: { status: 'active' } } });
    expect(engine.auth.identify(first.token), 'the link alone changes nothing yet').not.toBeNull();
    const token = (again as { value: { token: string } }).value.token;
    expect(await engine.dispatch('auth.acceptInvite', { token, password: 'a brand new password' }, from('x'))).toMatchObject({ ok: true });
    expect(engine.auth.identify(first.token)).toBeNull();
    expect(await engine.dispatch('auth.login', { username: 'rita', password: 'correct horse battery' }, from('y'))).toMatchObject({
      error: { code: 'unauthorized' },
    });
    expect(await engine.dispatch('auth.login', { username: 'rita', password: 'a brand new password' }, from('y'))).toMatchObject({
      ok: true,
      value: { me: { roles: ['operator', 'social'] } },
    });
  });

  it('an admin cannot lock themselves out', async () => {
    const engine = make();
    const boss = await invited(engine, 'boss', ['admin']);
    const ctx: CallContext = {
      role: 'admin',
      roles: ['admin'],
      userId: boss.me.user.id,
      username: 'boss',
      transport: 'websocket',
      via: 'session',
    };
    expect(await engine.dispatch('users.update', { id: boss.me.user.id, disabled: true }, ctx)).toMatchObject({
      error: { code: 'conflict' },
    });
    expect(await engine.dispatch('users.update', { id: boss.me.user.id, roles: ['lead'] }, ctx)).toMatchObject({
      error: { code: 'conflict' },
    });
    expect(await engine.dispatch('users.invite', { username: 'boss', roles: ['lead'] }, ctx)).toMatchObject({
      error: { code: 'conflict' },
    });
  });
});

describe('team over the hub socket', () => {
  const open = async (hub: Hub, query = '', headers: Record<string, string> = {}) => {
    const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/api/ws${query}`, { headers });
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    let id = 0;
    const call = async (method: string, params: unknown = {}) => {
      const mine = ++id;
      ws.send(JSON.stringify({ type: 'call', id: mine, method, params }));
      for (let i = 0; i < 500; i++) {
        const at = frames.findIndex((f) => f.type === 'result' && f.id === mine);
        if (at >= 0) return (frames.splice(at, 1)[0] as { result: { ok: boolean; value?: unknown; error?: { code: string } } }).result;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no answer to ${method}`);
    };
    const waitEvent = async (event: string, ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (frames.some((f) => f.type === 'event' && f.event === event)) return true;
        await new Promise((r) => setTimeout(r, 10));
      }
      return false;
    };
    return { ws, call, waitEvent };
  };
  const hubFor = async (engine: EngineInternals, loopbackAdmin = false) => {
    const hub = await startHub({
      engine,
      host: '127.0.0.1',
      port: 0,
      staticDir: '/nonexistent',
      tokens: engine.accessTokens,
      auth: engine.auth,
      loopbackAdmin,
      health: () => ({}),
      metrics: () => '',
    });
    hubs.push(hub);
    return hub;
  };

  it('signed out: only hello and sign-in; a lead is forbidden admin methods; the bootstrap token still works', async () => {
    const engine = make();
    const bootstrap = engine.accessTokens.issueFirstAdminToken()!;
    await invited(engine, 'lina', ['lead']);
    const hub = await hubFor(engine);
    const anon = await open(hub);
    expect(await anon.call('system.hello', { contractVersion: 1, client: 't' })).toMatchObject({ ok: true });
    expect(await anon.call('system.info')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await anon.call('auth.me')).toMatchObject({ ok: true, value: { signedIn: false, via: 'none' } });
    expect(await anon.call('auth.login', { username: 'lina', password: 'correct horse battery' })).toMatchObject({ ok: true });
    expect(await anon.call('auth.me')).toMatchObject({
      ok: true,
      value: { signedIn: true, via: 'session', user: { username: 'lina' }, roles: ['lead'] },
    });
    expect(await anon.call('system.info')).toMatchObject({ ok: true, value: { role: 'lead', roles: ['lead'] } });
    for (const method of ['users.list', 'audit.list', 'sources.configs']) {
      expect(await anon.call(method), method).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await anon.call('users.invite', { username: 'x1', roles: ['admin'] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await anon.call('auth.logout')).toMatchObject({ ok: true });
    expect(await anon.call('system.info')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const script = await open(hub, `?token=${bootstrap}`);
    expect(await script.call('users.list')).toMatchObject({ ok: true });
    expect(await script.call('auth.me')).toMatchObject({ ok: true, value: { signedIn: true, via: 'token', roles: ['admin'] } });
    anon.ws.close();
    script.ws.close();
  });

  it('behind a reverse proxy on this machine, a person is not the local admin: signed out, and known by the address the proxy forwarded', async () => {
    const engine = make();
    await invited(engine, 'rita', ['operator']);
    const hub = await hubFor(engine, true);
    const local = await open(hub);
    expect(await local.call('system.info')).toMatchObject({ ok: true, value: { role: 'admin' } });
    const proxyHeaders: Record<string, string>[] = [
      { 'x-forwarded-for': '198.51.100.7' },
      { forwarded: 'for=198.51.100.7' },
      { 'x-real-ip': '198.51.100.7' },
    ];
    for (const headers of proxyHeaders) {
      const proxied = await open(hub, '', headers);
      expect(await proxied.call('system.info'), JSON.stringify(headers)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      proxied.ws.close();
    }
    // The address a client claims comes first; the one the proxy appended is the caller's.
    const person = await open(hub, '', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' });
    expect(await person.call('auth.login', { username: 'rita', password: 'wrong password, sorry' })).toMatchObject({ ok: false });
    const failed = engine.store.audit.page(5).find((e) => e.action === 'auth.loginFailed');
    expect(failed?.address).toBe('203.0.113.9');
    local.ws.close();
    person.ws.close();
  });

  it('disabling a user makes their open socket lose access within a second; a role change applies to the next call', async () => {
    const engine = make();
    const { token, me } = await invited(engine, 'lars', ['lead']);
    const hub = await hubFor(engine);
    const theirs = await open(hub, `?session=${token}`);
    expect(await theirs.call('auth.me')).toMatchObject({ value: { signedIn: true, roles: ['lead'] } });
    await engine.dispatch('users.update', { id: me.user.id, roles: ['lead', 'admin'] }, admin);
    expect(await theirs.waitEvent('auth.changed', 1000)).toBe(true);
    expect(await theirs.call('users.list')).toMatchObject({ ok: true });
    await engine.dispatch('users.update', { id: me.user.id, roles: ['lead'] }, admin);
    expect(await theirs.call('users.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const started = Date.now();
    await engine.dispatch('users.update', { id: me.user.id, disabled: true }, admin);
    expect(await theirs.waitEvent('auth.sessionEnded', 1000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await theirs.call('system.info')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    theirs.ws.close();
  });

  it('a kept session of a deleted user signs the socket out with a message, not a refused connection', async () => {
    const engine = make();
    const { token, me } = await invited(engine, 'del', ['operator']);
    await engine.dispatch('users.remove', { id: me.user.id }, admin);
    const hub = await hubFor(engine);
    const stale = await open(hub, `?session=${token}`);
    expect(await stale.waitEvent('auth.sessionEnded', 1000)).toBe(true);
    expect(await stale.call('auth.me')).toMatchObject({ value: { signedIn: false } });
    await expect(open(hub, `?token=${token}`)).rejects.toThrow(/401/);
    stale.ws.close();
  });
});
