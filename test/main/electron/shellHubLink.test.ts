/**
 * The shell with a team hub: a kept link is restored at start (the window's IPC then runs as
 * the signed-in user), connecting and disconnecting reload the window, and the window's CSP
 * stays `connect-src 'self'` throughout, because the renderer never opens a socket itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HUB_LINK_KEY } from '../../../main/electron/hubLink.js';
import { APP_ENTRY_URL } from '../../../main/electron/security.js';
import { startShell } from '../../../main/electron/shell.js';
import { silentLogger } from '../../../main/lib/log.js';
import { HUB_LINK_CHANNEL, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../shared/contract/wire.js';
import { createFakeElectron, MemoryStore } from './fakeElectron.js';
import { FakeEngine } from './fakeEngine.js';
import { account, PASSWORD, teamHub } from './teamHub.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});
const clock = { now: () => 1_700_000_000_000 };

async function boot(linkStore: MemoryStore) {
  const electron = createFakeElectron();
  const engine = new FakeEngine();
  const handle = await startShell({
    electron,
    createEngine: () => engine,
    createStore: () => new MemoryStore(),
    createLinkStore: () => linkStore,
    fileExists: () => false,
    platform: 'linux',
    log: silentLogger,
    stopTimeoutMs: 200,
    hubTimeoutMs: 3000,
  });
  cleanup.push(() => handle?.hubLink.close());
  const win = electron.BrowserWindow.instances[0]!;
  const call = (method: string, params: unknown = {}) =>
    electron.ipcMain.invoke(IPC_CALL_CHANNEL, win.webContents.invokeEvent(), method, params);
  const hubLink = (request: unknown) => electron.ipcMain.invoke(HUB_LINK_CHANNEL, win.webContents.invokeEvent(), request);
  const loads: string[] = [];
  const load = win.loadURL.bind(win);
  win.loadURL = (url: string) => {
    loads.push(url);
    return load(url);
  };
  const csp = async () => (await electron.protocol.handlers.get('app')!(new Request(APP_ENTRY_URL))).headers.get('content-security-policy');
  return { electron, engine, handle: handle!, win, call, hubLink, loads, csp };
}

describe('startShell with a team hub', () => {
  it('connecting and disconnecting reload the window; and the CSP never widens', async () => {
    const { engine: hubEngine, hub } = await teamHub(clock, cleanup);
    const ines = await account(hubEngine, 'ines', ['lead']);
    const store = new MemoryStore();
    const app = await boot(store);
    const before = await app.csp();
    expect(before).toMatch(/connect-src 'self';/);

    expect(await app.hubLink({ action: 'signIn', url: hub.url, username: 'ines', password: PASSWORD })).toMatchObject({
      ok: true,
      value: { mode: 'hub', user: 'ines' },
    });
    expect(app.loads).toEqual([APP_ENTRY_URL]);
    // Pages on the desktop are for this person now (main/electron/pageNotices.ts).
    expect(app.handle.hubLink.who).toEqual({ userId: ines, roles: ['lead'] });
    expect(await app.call('auth.me')).toMatchObject({ ok: true, value: { via: 'session', roles: ['lead'] } });
    expect(app.engine.calls).toHaveLength(0);
    expect(await app.csp()).toBe(before);

    await app.hubLink({ action: 'disconnect' });
    expect(app.loads).toEqual([APP_ENTRY_URL, APP_ENTRY_URL]);
    expect(app.handle.hubLink.who).toBeNull();
    expect(await app.call('users.list')).toEqual({ ok: true, value: { echoed: 'users.list' } });
    expect(app.engine.calls[0]!.ctx).toEqual({ role: 'admin', userId: null, transport: 'ipc', via: 'local', address: 'this computer' });
  });

  it('a restart restores the kept session: the window works on the hub as its user, and engine events stay out', async () => {
    const { engine: hubEngine, hub } = await teamHub(clock, cleanup);
    await account(hubEngine, 'ines', ['lead']);
    const store = new MemoryStore();
    const first = await boot(store);
    await first.hubLink({ action: 'signIn', url: hub.url, username: 'ines', password: PASSWORD });
    first.electron.app.quit();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((store.get(HUB_LINK_KEY) as { token: string }).token).toMatch(/^sds1:/);

    const second = await boot(store);
    expect(await second.hubLink({ action: 'status' })).toMatchObject({ ok: true, value: { mode: 'hub', url: hub.url } });
    expect(await second.call('auth.me')).toMatchObject({ ok: true, value: { via: 'session', roles: ['lead'] } });
    expect(second.handle.hubLink.who).toMatchObject({ roles: ['lead'] });
    expect(await second.call('sources.configs')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The local engine's events do not reach a window that works on the hub.
    second.engine.emit('alerts.changed', { id: 1 });
    const events = second.win.webContents.sent
      .filter((s) => s.channel === IPC_EVENT_CHANNEL)
      .map((s) => (s.args[0] as { event: string }).event);
    expect(events).not.toContain('alerts.changed');
  });
});
