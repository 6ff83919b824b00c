/**
 * The desktop's "Connect to a team hub" against a real hub (engine + WebSocket server on a
 * free port, real Argon2id), with the window played by the fake electron IPC: the window's
 * calls run as the signed-in user on the hub, never as admin; the session token is kept only
 * encrypted; restart, expiry, disable and every bad input answer in plain words.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { HUB_LINK_KEY, HubLink, sessionDigest } from '../../../main/electron/hubLink.js';
import { bindIpc, localTarget, routeTarget } from '../../../main/electron/ipc.js';
import { SafeStorageKeyring, type SafeStorageLike, type StorageBackend } from '../../../main/electron/safeStorageKeyring.js';
import { HUB_LINK_CHANNEL, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../shared/contract/wire.js';
import { createFakeElectron, FakeWebContents } from './fakeElectron.js';
import { FakeEngine } from './fakeEngine.js';
import { account, hubAdmin, invite, PASSWORD, teamHub } from './teamHub.js';

let clockNow = 1_700_000_000_000;
const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

const admin = hubAdmin;
const clockRef = { now: () => clockNow };

function safeStorage(backend: StorageBackend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    // Reversible but not the plain text, like the real thing.
    encryptString: (plain) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a)),
    decryptString: (blob) => Buffer.from([...blob].map((b) => b ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
}

function mapStore() {
  const map = new Map<string, unknown>();
  return { map, get: (key: string) => map.get(key), set: (key: string, value: unknown) => void map.set(key, value) };
}

/** The desktop's main process: a local engine, the link, and IPC as the shell binds them; `window` plays the renderer. */
function desktop(options: { store?: ReturnType<typeof mapStore>; backend?: StorageBackend } = {}) {
  const store = options.store ?? mapStore();
  const keyring = new SafeStorageKeyring(safeStorage(options.backend), { platform: 'linux', warn: () => undefined });
  const link = new HubLink({ keyring, store, timeoutMs: 3000 });
  const local = new FakeEngine();
  const { ipcMain } = createFakeElectron();
  const window = new FakeWebContents();
  window.mainFrame.url = 'app://surge/index.html';
  const binding = bindIpc({ ipcMain, target: routeTarget(localTarget(local), link), hubLink: link, trustedContents: () => [window] });
  cleanup.push(() => {
    binding.dispose();
    link.close();
  });
  const call = (method: string, params: unknown = {}) =>
    ipcMain.invoke(IPC_CALL_CHANNEL, window.invokeEvent(), method, params) as Promise<{
      ok: boolean;
      value?: Record<string, unknown>;
      error?: { code: string; message: string };
    }>;
  const hubLink = (request: unknown) =>
    ipcMain.invoke(HUB_LINK_CHANNEL, window.invokeEvent(), request) as Promise<{
      ok: boolean;
      value?: Record<string, unknown>;
      error?: { code: string; message: string };
    }>;
  const events = () => window.sent.filter((s) => s.channel === IPC_EVENT_CHANNEL).map((s) => s.args[0] as { event: string; data: unknown });
  return { store, keyring, link, local, call, hubLink, events };
}

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('desktop: connect to a team hub', () => {
  it('joins with an invite link; the window then works on the hub as that user, never as admin; disconnect returns to the local admin', async () => {
    const { engine, hub } = await teamHub(clockRef, cleanup);
    const token = await invite(engine, 'olga', ['operator']);
    const app = desktop();

    const joined = await app.hubLink({ action: 'join', url: '', invite: `${hub.url}/#/invite/${token}`, password: PASSWORD });
    expect(joined).toEqual({
      ok: true,
      value: {
        mode: 'hub',
        url: hub.url,
        link: { state: 'open', attempt: 0, retryAt: null },
        user: 'olga',
        kept: true,
        notice: null,
        session: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    });

    // The token is kept only encrypted, and it is the hub session of olga.
    const saved = app.store.map.get(HUB_LINK_KEY) as { url: string; token: string };
    expect(saved.url).toBe(hub.url);
    expect(saved.token.startsWith('sds1:')).toBe(true);
    const session = app.keyring.decrypt(saved.token);
    expect(saved.token).not.toContain(session);
    expect(engine.auth.identify(session)).toMatchObject({ via: 'session', username: 'olga', roles: ['operator'] });

    // The window's IPC now reaches the hub with olga's roles.
    expect(await app.call('auth.me')).toMatchObject({ ok: true, value: { signedIn: true, via: 'session', roles: ['operator'] } });
    expect(await app.call('users.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.call('sources.configs')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.call('system.info')).toMatchObject({ ok: true, value: { roles: ['operator'], transport: 'websocket' } });
    const settings = await engine.dispatch('detection.getSettings', { series: 'total' }, admin);
    const policy = (settings as { value: { policy: unknown } }).value.policy;
    expect(await app.call('detection.saveSettings', { series: 'total', policy })).toMatchObject({ ok: true });
    expect(app.local.calls).toHaveLength(0);
    // The hub's audit log names the person and where the call came from.
    const audit = await engine.dispatch('audit.list', { limit: 10 }, admin);
    expect((audit as { value: unknown[] }).value[0]).toMatchObject({
      action: 'detection.saveSettings',
      actor: 'olga',
      userId: expect.any(String),
      address: expect.stringMatching(/127\.0\.0\.1/),
    });

    const left = await app.hubLink({ action: 'disconnect' });
    expect(left).toEqual({ ok: true, value: { mode: 'local' } });
    expect(app.store.map.get(HUB_LINK_KEY)).toBeNull();
    // The hub ended the session, and the window is back on this computer's engine as its admin.
    expect(engine.auth.identify(session)).toBeNull();
    expect(await app.call('users.list')).toEqual({ ok: true, value: { echoed: 'users.list' } });
    expect(app.local.calls.at(-1)?.ctx).toMatchObject({
      role: 'admin',
      userId: null,
      transport: 'ipc',
      via: 'local',
      address: 'this computer',
    });
  });

  it('signs in with username and password; a sign-in from the window itself never hands it the token', async () => {
    const { engine, hub } = await teamHub(clockRef, cleanup);
    await account(engine, 'lena', ['lead']);
    const app = desktop();
    expect(
      await app.hubLink({ action: 'signIn', url: hub.url.replace('http://', ''), username: 'wrong', password: PASSWORD }),
    ).toMatchObject({
      ok: false,
    });
    const signedIn = await app.hubLink({ action: 'signIn', url: `${hub.url}/`, username: 'Lena', password: PASSWORD });
    expect(signedIn).toMatchObject({ ok: true, value: { mode: 'hub', user: 'lena' } });

    // The window's own sign-out and sign-in (its sign-in screen) go through the link.
    expect(await app.call('auth.logout')).toMatchObject({ ok: true });
    expect(app.store.map.get(HUB_LINK_KEY)).toEqual({ url: hub.url });
    expect(await app.call('auth.me')).toMatchObject({ ok: true, value: { signedIn: false } });
    const again = await app.call('auth.login', { username: 'lena', password: PASSWORD });
    expect(again).toMatchObject({ ok: true, value: { token: '', me: { via: 'session' } } });
    expect((app.store.map.get(HUB_LINK_KEY) as { token?: string }).token).toMatch(/^sds1:/);
    expect(await app.call('auth.resume', { token: 'x'.repeat(43) })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await app.call('users.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a restart resumes the kept session; an expired one leaves the hub’s sign-in with a plain notice', async () => {
    const { engine, hub } = await teamHub(clockRef, cleanup);
    await account(engine, 'sam', ['social']);
    const first = desktop();
    await first.hubLink({ action: 'signIn', url: hub.url, username: 'sam', password: PASSWORD });
    first.link.close();

    const second = desktop({ store: first.store });
    expect(await second.link.restore()).toMatchObject({ mode: 'hub', url: hub.url, kept: true });
    expect(await second.call('auth.me')).toMatchObject({ ok: true, value: { via: 'session', roles: ['social'] } });
    await until(() => second.link.state().mode === 'hub' && (second.link.state() as { user: string | null }).user === 'sam');
    second.link.close();

    clockNow += 8 * 24 * 60 * 60_000; // sessions last 7 days
    const third = desktop({ store: first.store });
    await third.link.restore();
    await until(() => (third.link.state() as { notice?: string | null }).notice != null);
    expect(third.link.state()).toMatchObject({
      mode: 'hub',
      user: null,
      notice: `Your session on ${hub.url} has ended; sign in again.`,
    });
    expect(first.store.map.get(HUB_LINK_KEY)).toEqual({ url: hub.url });
    expect(await third.call('auth.me')).toMatchObject({ ok: true, value: { signedIn: false } });
    expect(await third.call('system.info')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // Signing in again from the window's sign-in screen keeps the new session.
    expect(await third.call('auth.login', { username: 'sam', password: PASSWORD })).toMatchObject({ ok: true, value: { token: '' } });
    expect((first.store.map.get(HUB_LINK_KEY) as { token?: string }).token).toMatch(/^sds1:/);
  });

  it('a disabled user’s desktop is told at once, its kept token is forgotten, and it cannot sign in again', async () => {
    const { engine, hub } = await teamHub(clockRef, cleanup);
    const id = await account(engine, 'dina', ['operator']);
    const app = desktop();
    await app.hubLink({ action: 'signIn', url: hub.url, username: 'dina', password: PASSWORD });
    expect(await engine.dispatch('users.update', { id, disabled: true }, admin)).toMatchObject({ ok: true });
    await until(() => app.events().some((e) => e.event === 'auth.sessionEnded'), 1000);
    expect(app.store.map.get(HUB_LINK_KEY)).toEqual({ url: hub.url });
    expect(await app.call('auth.login', { username: 'dina', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'This account is disabled; ask an admin of this hub.' },
    });
    // A fresh connect is refused the same way, in the same words.
    await app.hubLink({ action: 'disconnect' });
    expect(await app.hubLink({ action: 'signIn', url: hub.url, username: 'dina', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { message: 'This account is disabled; ask an admin of this hub.' },
    });
  });

  it('a role change mid-session applies to the desktop’s next call, and the window is told to read who it is again', async () => {
    const { engine, hub } = await teamHub(clockRef, cleanup);
    const id = await account(engine, 'omar', ['operator']);
    const app = desktop();
    await app.hubLink({ action: 'signIn', url: hub.url, username: 'omar', password: PASSWORD });
    const settings = await engine.dispatch('detection.getSettings', { series: 'total' }, admin);
    const policy = (settings as { value: { policy: unknown } }).value.policy;
    expect(await app.call('detection.saveSettings', { series: 'total', policy })).toMatchObject({ ok: true });
    expect(await engine.dispatch('users.update', { id, roles: ['lead'] }, admin)).toMatchObject({ ok: true });
    expect(await app.call('detection.saveSettings', { series: 'total', policy })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await until(() => app.events().some((e) => e.event === 'auth.changed'));
    expect(await app.call('auth.me')).toMatchObject({ ok: true, value: { via: 'session', roles: ['lead'] } });
  });

  it('the kept token of a user removed while the app was closed: the restart asks to sign in, in plain words', async () => {
    const { engine, hub } = await teamHub(clockRef, cleanup);
    const id = await account(engine, 'vera', ['social']);
    const first = desktop();
    await first.hubLink({ action: 'signIn', url: hub.url, username: 'vera', password: PASSWORD });
    first.link.close();
    expect(await engine.dispatch('users.remove', { id }, admin)).toMatchObject({ ok: true });
    const again = desktop({ store: first.store });
    await again.link.restore();
    await until(() => (again.link.state() as { notice?: string | null }).notice != null);
    expect(again.link.state()).toMatchObject({ mode: 'hub', user: null, notice: `Your session on ${hub.url} has ended; sign in again.` });
    expect(await again.call('auth.login', { username: 'vera', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: 'That username and password do not match.' },
    });
  });

  it('the window is told a digest of the session (never the token): the same after a restart with the hub down, gone when the session is', async () => {
    const { engine, hub } = await teamHub(clockRef, cleanup);
    await account(engine, 'rosa', ['operator']);
    const digestOf = (state: unknown) => (state as { session?: string | null }).session;
    const first = desktop();
    const signedIn = await first.hubLink({ action: 'signIn', url: hub.url, username: 'rosa', password: PASSWORD });
    const digest = digestOf(signedIn.value);
    const token = first.keyring.decrypt((first.store.map.get(HUB_LINK_KEY) as { token: string }).token);
    expect(digest).toMatch(/^[0-9a-f]{32}$/);
    expect(digest).toBe(sessionDigest(token));
    expect(token).not.toContain(digest);
    // It is no way in: the hub does not take it as a session.
    expect(engine.auth.identify(digest!)).toBeNull();
    first.link.close();

    // Restarted while the hub is down: the kept session is known before (and without) any answer.
    await hub.close();
    const second = desktop({ store: first.store });
    const restored = await second.link.restore();
    expect(restored).toMatchObject({ mode: 'hub', url: hub.url, user: null });
    expect(digestOf(restored)).toBe(digest);
    expect(digestOf((await second.hubLink({ action: 'status' })).value)).toBe(digest);
    second.link.close();

    // Signed out, then in again: no digest in between, and a new one after.
    const { engine: engine2, hub: hub2 } = await teamHub(clockRef, cleanup);
    await account(engine2, 'rosa', ['operator']);
    const third = desktop();
    await third.hubLink({ action: 'signIn', url: hub2.url, username: 'rosa', password: PASSWORD });
    const before = digestOf(third.link.state());
    await third.call('auth.logout');
    expect(digestOf(third.link.state())).toBeNull();
    await third.call('auth.login', { username: 'rosa', password: PASSWORD });
    expect(digestOf(third.link.state())).toMatch(/^[0-9a-f]{32}$/);
    expect(digestOf(third.link.state())).not.toBe(before);
    await third.hubLink({ action: 'disconnect' });
    expect(third.link.state()).toEqual({ mode: 'local' });
  });

  it('without an OS keyring it connects for this run only and says so; nothing secret is written', async () => {
    const { engine, hub } = await teamHub(clockRef, cleanup);
    await account(engine, 'kai', ['lead']);
    const app = desktop({ backend: 'basic_text' });
    const answer = await app.hubLink({ action: 'signIn', url: hub.url, username: 'kai', password: PASSWORD });
    expect(answer).toMatchObject({
      ok: true,
      value: { mode: 'hub', kept: false, notice: expect.stringMatching(/^Signed in for this session only: .*keyring/) },
    });
    expect(app.store.map.get(HUB_LINK_KEY)).toEqual({ url: hub.url });
    expect(await app.call('auth.me')).toMatchObject({ ok: true, value: { via: 'session' } });
  });
});

describe('desktop: bad input when connecting answers in plain words and stays on the local desk', () => {
  const closedPort = async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    return port;
  };
  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => server.close(resolve)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  /** A server that answers every call as a hub of protocol version 2 would answer a hello. */
  const otherVersionHub = async () => {
    const server = createServer();
    const sockets = new WebSocketServer({ server });
    sockets.on('connection', (socket) =>
      socket.on('message', (raw) => {
        const frame = JSON.parse(String(raw)) as { id: number };
        const value = { contractVersion: 2, compatible: false, message: 'This hub speaks version 2 of the Surge Desk protocol.' };
        socket.send(JSON.stringify({ type: 'result', id: frame.id, result: { ok: true, value } }));
      }),
    );
    cleanup.push(() => sockets.close());
    return listen(server);
  };

  it('a hub updated to another protocol version while the app was closed: the restored link says so, and can be left', async () => {
    const newer = await otherVersionHub();
    const store = mapStore();
    store.set(HUB_LINK_KEY, { url: newer });
    const app = desktop({ store });
    await app.link.restore();
    await until(() => (app.link.state() as { notice?: string | null }).notice === 'This hub speaks version 2 of the Surge Desk protocol.');
    expect(await app.hubLink({ action: 'reconnect' })).toMatchObject({ ok: true, value: { mode: 'hub', url: newer } });
    expect(await app.hubLink({ action: 'disconnect' })).toEqual({ ok: true, value: { mode: 'local' } });
    expect(await app.call('users.list')).toMatchObject({ ok: true });
  });

  it('addresses, unreachable hubs, non-hubs and another protocol version', async () => {
    const app = desktop();
    const notHub = await listen(createServer((_req, res) => res.writeHead(404).end('no')));
    const newer = await otherVersionHub();
    const refused = `http://127.0.0.1:${await closedPort()}`;
    const cases: [string, RegExp][] = [
      ['', /^Enter the hub's address, for example https:\/\/hub\.example\.com\.$/],
      ['ftp://hub.example.com', /must start with https:\/\//],
      ['https://me:pw@hub.example.com', /Leave the user name and password out of the address/],
      ['https://hub.example.com/some/page', /without a path/],
      ['http://exa mple', /is not a web address/],
      [refused, /connection refused.*check the address and that the hub is running/],
      [notHub, /No Surge Desk hub answers at .*\/api\/ws/],
      [newer, /^This hub speaks version 2 of the Surge Desk protocol\.$/],
    ];
    for (const [url, message] of cases) {
      const answer = await app.hubLink({ action: 'signIn', url, username: 'x', password: PASSWORD });
      expect(answer.ok, url).toBe(false);
      expect(answer.error?.message, url).toMatch(message);
      expect(app.link.state(), url).toEqual({ mode: 'local' });
    }
    expect(app.store.map.size).toBe(0);
    expect(await app.call('users.list')).toMatchObject({ ok: true });
  });

  it('a wrong password, a used or expired invite, a garbled or foreign invite link', async () => {
    const { engine, hub } = await teamHub(clockRef, cleanup);
    await account(engine, 'rui', ['lead']);
    const used = await invite(engine, 'ada', ['operator']);
    const late = await invite(engine, 'bo', ['operator'], 1);
    const app = desktop();
    const join = (invite: string, url = hub.url) => app.hubLink({ action: 'join', url, invite, password: PASSWORD });
    expect(await join(used)).toMatchObject({ ok: true });
    await app.hubLink({ action: 'disconnect' });
    clockNow += 2 * 60 * 60_000;
    const cases: [() => Promise<{ ok: boolean; error?: { message: string } }>, RegExp][] = [
      [
        () => app.hubLink({ action: 'signIn', url: hub.url, username: 'rui', password: 'not the password' }),
        /^That username and password do not match\.$/,
      ],
      [() => join(used), /already used/],
      [() => join(`${hub.url}/#/invite/${late}`, ''), /^This invite link expired on .* UTC\. Ask an admin for a new one\.$/],
      [() => join('not a link'), /^That is not an invite link: paste the whole link/],
      [
        () => join(`https://other.example.com/#/invite/${late}`),
        /^That invite link is for https:\/\/other\.example\.com, not http:\/\/127/,
      ],
      [() => join(late, ''), /^Enter the hub's address too/],
      [() => app.hubLink({ action: 'join', url: hub.url, invite: late, password: 'short' }), /at least 8 characters/],
      [() => app.hubLink({ action: 'connect', url: hub.url }), /could not be read/],
    ];
    for (const [attempt, message] of cases) {
      const answer = await attempt();
      expect(answer.ok).toBe(false);
      expect(answer.error?.message).toMatch(message);
    }
    expect(app.link.state()).toEqual({ mode: 'local' });
  });
});
