import { describe, expect, it } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../shared/contract/wire.js';
import { startShell, type DesktopEngineOptions, type ShellDeps } from '../../../main/electron/shell.js';
import { silentLogger } from '../../../main/lib/log.js';
import { WINDOW_STATE_KEY } from '../../../main/electron/windowState.js';
import { createFakeElectron, FakeFrame, MemoryStore, type FakeElectronOptions } from './fakeElectron.js';
import { FakeEngine } from './fakeEngine.js';

const silent = silentLogger;

async function boot(options: FakeElectronOptions & { files?: string[]; deps?: Partial<ShellDeps> } = {}) {
  const electron = createFakeElectron(options);
  const engine = new FakeEngine();
  const store = new MemoryStore();
  const engineOptions: DesktopEngineOptions[] = [];
  const files = new Set(
    options.files ?? ['/app/resources/icons/tray.png', '/app/resources/icons/icon.png', '/app/out/electron-native/better_sqlite3.node'],
  );
  const handle = await startShell({
    electron,
    createEngine: (opts) => {
      engineOptions.push(opts);
      return engine;
    },
    createStore: () => store,
    fileExists: (file) => files.has(file),
    platform: 'linux',
    log: silent,
    stopTimeoutMs: 200,
    ...options.deps,
  });
  const win = electron.BrowserWindow.instances[0];
  return { electron, engine, store, handle, win, engineOptions };
}

describe('startShell: process-wide guards', () => {
  it('enables the sandbox first and registers app:// as standard+secure before ready', async () => {
    const { electron } = await boot();
    expect(electron.calls[0]).toBe('enableSandbox(ready=false)');
    expect(electron.calls).toContain('registerSchemesAsPrivileged(ready=false)');
    expect(electron.calls.indexOf('registerSchemesAsPrivileged(ready=false)')).toBeLessThan(electron.calls.indexOf('ready'));
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(electron.protocol.handlers.has('app')).toBe(true);
  });

  it('quits without a window or engine when another instance holds the lock', async () => {
    const { electron, handle, engineOptions } = await boot({ singleInstanceLock: false });
    expect(handle).toBeNull();
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.BrowserWindow.instances).toHaveLength(0);
    expect(engineOptions).toHaveLength(0);
  });

  it('a second instance restores, shows and focuses the first window', async () => {
    const { electron, win } = await boot();
    win!.minimized = true;
    win!.visible = false;
    electron.app.emit('second-instance');
    expect(win!.minimized).toBe(false);
    expect(win!.visible).toBe(true);
    expect(win!.focused).toBe(true);
    expect(electron.BrowserWindow.instances).toHaveLength(1);
  });

  it('denies every permission request and check', async () => {
    const { electron } = await boot();
    const session = electron.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      let granted: boolean | null = null;
      session.permissionRequestHandler!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(session.permissionCheckHandler!(null, permission)).toBe(false);
    }
    expect(session.devicePermissionHandler!({})).toBe(false);
  });
});

describe('startShell: the window (RELIABILITY test 1)', () => {
  it('creates the window with the secure webPreferences and loads app://surge, not file://', async () => {
    const { win } = await boot();
    const prefs = win!.options.webPreferences;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.preload).toBe('/app/out/electron/preload.cjs');
    expect(win!.options.title).toContain('Surge Desk');
    expect(win!.loadedUrl).toBe('app://surge/index.html');
  });

  it('shows the window once ready, maximized when it was', async () => {
    const electron = createFakeElectron();
    const store = new MemoryStore();
    store.set(WINDOW_STATE_KEY, { x: 100, y: 80, width: 1400, height: 900, isMaximized: true });
    await startShell({
      electron,
      createEngine: () => new FakeEngine(),
      createStore: () => store,
      fileExists: () => true,
      log: silent,
    });
    const win = electron.BrowserWindow.instances[0]!;
    expect(win.options).toMatchObject({ x: 100, y: 80, width: 1400, height: 900, show: false });
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    expect(win.maximized).toBe(true);
  });
});

describe('startShell: navigation and new windows (RELIABILITY test 2)', () => {
  it('blocks navigation and redirects away from app://surge', async () => {
    const { win } = await boot();
    const contents = win!.webContents;
    for (const url of [
      'https://evil.example/',
      'http://localhost:3000/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://other/index.html',
      'data:text/html,hi',
      'about:blank',
    ]) {
      expect(contents.navigate('will-navigate', url), url).toBe(false);
      expect(contents.navigate('will-redirect', url), url).toBe(false);
      expect(contents.navigate('will-frame-navigate', url), url).toBe(false);
    }
    expect(contents.navigate('will-navigate', 'app://surge/alerts')).toBe(true);
  });

  it('denies window.open; opens only allow-listed https links in the browser', async () => {
    const { electron, win } = await boot();
    const open = win!.webContents.windowOpenHandler!;
    const attempts = [
      'https://bsky.app/profile/someone',
      'https://old.reddit.com/r/x',
      'http://bsky.app/insecure',
      'javascript:alert(1)',
      'https://evil.example/',
      'https://bsky.app.evil.example/',
      'https://user:pw@bsky.app/',
      'file:///etc/passwd',
      'app://surge/index.html',
      'not a url',
    ];
    for (const url of attempts) expect(open({ url }), url).toEqual({ action: 'deny' });
    expect(electron.shell.opened).toEqual(['https://bsky.app/profile/someone', 'https://old.reddit.com/r/x']);
  });

  it('prevents <webview> attachment on every webContents, including ones created later', async () => {
    const { electron, win } = await boot();
    expect(win!.webContents.attachWebview()).toBe(false);
    const other = new electron.BrowserWindow(win!.options);
    expect(other.webContents.attachWebview()).toBe(false);
    expect(other.webContents.windowOpenHandler!({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
  });
});

describe('startShell: engine wiring', () => {
  it('starts the engine with the user-data folder, the Electron sqlite addon and the keyring', async () => {
    const { engine, engineOptions, handle } = await boot();
    expect(engineOptions).toHaveLength(1);
    expect(engineOptions[0]!.dataDir).toBe('/home/u/.config/Surge Desk');
    expect(engineOptions[0]!.sqliteNativeBinding).toBe('/app/out/electron-native/better_sqlite3.node');
    expect(typeof engineOptions[0]!.keyring.encrypt).toBe('function');
    expect(engine.started).toBe(1);
    expect(handle!.engine).toBe(engine);
  });

  it('passes no sqlite override in a packaged app (node_modules were rebuilt for Electron)', async () => {
    const { engineOptions } = await boot({ isPackaged: true });
    expect(engineOptions[0]!).not.toHaveProperty('sqliteNativeBinding');
  });

  it('answers IPC from its window and forwards engine events to it', async () => {
    const { electron, engine, win } = await boot();
    const answer = await electron.ipcMain.invoke(IPC_CALL_CHANNEL, win!.webContents.invokeEvent(), 'status.get', {});
    expect(answer).toEqual({ ok: true, value: { echoed: 'status.get' } });
    expect(engine.calls[0]!.ctx).toEqual({ role: 'admin', userId: null, transport: 'ipc', via: 'local', address: 'this computer' });
    engine.emit('posts.ingested', { n: 3 });
    expect(win!.webContents.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, args: [{ event: 'posts.ingested', data: { n: 3 } }] }]);
  });

  it('refuses IPC from a frame of a window it did not create', async () => {
    const { electron, engine, win } = await boot();
    const stranger = new electron.BrowserWindow(win!.options);
    await stranger.loadURL('app://surge/index.html');
    const answer = await electron.ipcMain.invoke(IPC_CALL_CHANNEL, stranger.webContents.invokeEvent(), 'status.get', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sub = new FakeFrame('app://surge/index.html', win!.webContents.mainFrame.processId, 99, win!.webContents.mainFrame);
    expect(await electron.ipcMain.invoke(IPC_CALL_CHANNEL, win!.webContents.invokeEvent(sub), 'status.get', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(engine.calls).toHaveLength(0);
  });

  it('shows a plain error and exits when the engine cannot start', async () => {
    const electron = createFakeElectron();
    const handle = await startShell({
      electron,
      createEngine: () => {
        throw new Error("The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115");
      },
      createStore: () => new MemoryStore(),
      fileExists: () => false,
      log: silent,
    });
    expect(handle).toBeNull();
    expect(electron.app.exitCode).toBe(1);
    expect(electron.dialog.errors[0]!.content).toMatch(/prepare-electron-native/);
  });
});

describe('startShell: tray and quitting', () => {
  it('has a tray with Show and Quit; closing the window hides it while the tray exists', async () => {
    const { electron, win, engine } = await boot();
    const tray = electron.Tray.instances[0]!;
    const items = (tray.menu as { items: { label: string; click: () => void }[] }).items;
    expect(items.map((i) => i.label)).toEqual(['Show Surge Desk', 'Quit']);
    win!.show();
    expect(win!.close()).toBe(false);
    expect(win!.visible).toBe(false);
    items[0]!.click();
    expect(win!.visible).toBe(true);

    items[1]!.click(); // Quit: before-quit is prevented until the engine stopped
    expect(electron.app.quitted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(engine.stopped).toBe(1);
    expect(electron.app.quitted).toBe(true);
    expect(tray.destroyed).toBe(true);
    expect(electron.ipcMain.handlers.has(IPC_CALL_CHANNEL)).toBe(false);
  });

  it('quits anyway when the engine does not stop in time', async () => {
    const { electron, engine } = await boot();
    engine.stopDelayMs = 2000;
    electron.app.quit();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(electron.app.quitted).toBe(true);
  });

  it('without a tray, closing the window closes it and the app quits (not on macOS)', async () => {
    const { electron, win } = await boot({ trayThrows: true });
    expect(win!.close()).toBe(true);
    electron.app.emit('window-all-closed');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(electron.app.quitted).toBe(true);
  });

  it('saves the window bounds when it closes', async () => {
    const { win, store } = await boot({ trayThrows: true });
    win!.bounds = { x: 5, y: 6, width: 1000, height: 700 };
    win!.close();
    expect(store.get(WINDOW_STATE_KEY)).toEqual({ x: 5, y: 6, width: 1000, height: 700, isMaximized: false });
  });
});

describe('startShell: alert notifications', () => {
  const alert = (id: number, state: 'open' | 'escalating' | 'resolved', updatedAt: number) => ({
    id,
    series: 'total',
    state,
    severity: state === 'escalating' ? 'critical' : 'warning',
    openedAt: 1_000,
    updatedAt,
    resolvedAt: state === 'resolved' ? updatedAt : null,
    title: 'Surge in all mentions: 240 vs ~30 expected (8.0×) — reads like an outage',
    math: {
      windowMinutes: 15,
      expected: 30,
      bandLow: 20,
      bandHigh: 45,
      observed: 240,
      ratio: 8,
      score: 0.99,
      persistedMinutes: 3,
      sources: ['demo'],
    },
    drivers: { topTerms: [{ term: 'login', count: 90, lift: 12 }], samplePosts: [], outageIntent: 0.6, statusIncident: null },
  });

  it('notifies once when an alert opens and once when it escalates; updates and resolution stay quiet; a click shows the window', async () => {
    const { electron, engine, win } = await boot();
    const shown = electron.Notification.shown;
    const before = shown.length;
    const tray = electron.Tray.instances[0];
    engine.emit('alerts.changed', alert(7, 'open', 1_000));
    expect(tray!.tooltip).toBe('Surge Desk — 1 open alert');
    engine.emit('alerts.changed', alert(7, 'open', 2_000));
    engine.emit('alerts.changed', alert(7, 'escalating', 3_000));
    engine.emit('alerts.changed', alert(7, 'escalating', 4_000));
    engine.emit('alerts.changed', alert(7, 'resolved', 5_000));
    expect(tray!.tooltip).toBe('Surge Desk');
    engine.emit('alerts.changed', { id: 'not an alert' });
    const mine = shown.slice(before);
    expect(mine.map((n) => n.options.title)).toEqual([
      'Surge in all mentions: 240 vs ~30 expected (8.0×) — reads like an outage',
      'Escalated to critical: Surge in all mentions: 240 vs ~30 expected (8.0×) — reads like an outage',
    ]);
    expect(mine[0]!.options.body).toBe('240 posts vs ~30 expected · login');
    expect(mine[1]!.options.urgency).toBe('critical');
    win!.hide();
    mine[0]!.emit('click');
    expect(win!.isVisible()).toBe(true);
  });
});
