/**
 * The desktop shell, start to quit. Every Electron object comes in through `deps`
 * (STYLE habit 12), so the whole lifecycle runs in plain Node against a fake in tests.
 * main.ts is only the line that hands in the real electron module.
 */
import path from 'node:path';
import type { Engine } from '../core/engineTypes.js';
import type {
  AppLike,
  BrowserWindowConstructor,
  BrowserWindowLike,
  IpcMainLike,
  ProtocolLike,
  Rectangle,
  SessionLike,
  ShellLike,
  WebContentsLike,
} from './electronApi.js';
import { hardenSession, hardenWebContents } from './harden.js';
import { HubLink } from './hubLink.js';
import { bindIpc, localTarget, routeTarget, withShellCalls, type IpcBinding } from './ipc.js';
import { notifyPrefsKeeper } from './notifyPrefs.js';
import { explainNativeLoadError, resolveSqliteNativeBinding } from './nativeBinding.js';
import { createNotifier, type NotificationDeps, type Notifier } from './notifications.js';
import { registerAppScheme, serveAppProtocol } from './protocol.js';
import { SafeStorageKeyring, type SafeStorageLike, type TokenKeyring } from './safeStorageKeyring.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { createLogger, type Logger } from '../lib/log.js';
import { alertNotices } from './alertNotices.js';
import { incidentNotices } from './incidentNotices.js';
import { pageNotices } from './pageNotices.js';
import { createTray, trayTooltip, withPaged, type TrayDeps, type TrayLike } from './tray.js';
import { createMainWindow } from './window.js';
import { APP_ENTRY_URL, isAppUrl } from './security.js';
import { SHELL_NOTIFY_PREFS_METHOD } from '../../shared/contract/shellPrefs.js';
import { IPC_EVENT_CHANNEL, SHELL_OPEN_CARD_EVENT } from '../../shared/contract/wire.js';
import { hashForCard, type PagedWho } from '../../shared/pageNotice.js';
import type { KeyValueStore } from './windowState.js';

/** What the shell gives the engine factory (main.ts maps it onto main/core's createEngine). */
export interface DesktopEngineOptions {
  /** Electron's per-user data folder; the engine keeps its SQLite file here. */
  dataDir: string;
  /** better-sqlite3 `nativeBinding` for the Electron build of the addon (dev runs only). */
  sqliteNativeBinding?: string;
  /** Tokens at rest: safeStorage, refusing when the OS offers no real protection. */
  keyring: TokenKeyring;
}

export type EngineFactory = (options: DesktopEngineOptions) => Engine | Promise<Engine>;

export interface ShellElectron {
  app: AppLike;
  BrowserWindow: BrowserWindowConstructor;
  ipcMain: IpcMainLike;
  protocol: ProtocolLike;
  session: { readonly defaultSession: SessionLike };
  shell: ShellLike;
  screen: { getAllDisplays(): { workArea: Rectangle }[] };
  Tray: TrayDeps['Tray'];
  Menu: TrayDeps['Menu'];
  Notification: NotificationDeps['Notification'];
  safeStorage: SafeStorageLike;
  dialog: { showErrorBox(title: string, content: string): void };
}

export interface ShellDeps {
  electron: ShellElectron;
  createEngine: EngineFactory;
  /** electron-store in the app; a Map-backed fake in tests. Called after `ready`. */
  createStore: () => KeyValueStore | Promise<KeyValueStore>;
  /** Where the team-hub link is kept (its own electron-store file in the app); defaults to `createStore`'s store. */
  createLinkStore?: () => KeyValueStore | Promise<KeyValueStore>;
  /** How long connecting to a team hub may take before it is given up (ms). */
  hubTimeoutMs?: number;
  fileExists: (file: string) => boolean;
  platform?: NodeJS.Platform;
  log?: Logger;
  /** How long `before-quit` waits for the engine to flush and close. */
  stopTimeoutMs?: number;
  allowedExternalHosts?: readonly string[];
  /** Tells a page that is news from a stale one. */
  clock?: Pick<Clock, 'now'>;
}

export interface ShellHandle {
  readonly engine: Engine;
  readonly keyring: SafeStorageKeyring;
  /** The team-hub link: while connected, the window's calls go to the hub as the signed-in user. */
  readonly hubLink: HubLink;
  readonly notifier: Notifier;
  readonly tray: TrayLike | null;
  mainWindow(): BrowserWindowLike | null;
  showWindow(): void;
}

export interface ShellPaths {
  preload: string;
  renderer: string;
  trayIcon: string;
  windowIcon: string;
}

/** Everything is resolved from the app folder (package.json's folder, or the asar). */
export function shellPaths(appPath: string): ShellPaths {
  return {
    preload: path.join(appPath, 'out', 'electron', 'preload.cjs'),
    renderer: path.join(appPath, 'out', 'renderer'),
    trayIcon: path.join(appPath, 'resources', 'icons', 'tray.png'),
    windowIcon: path.join(appPath, 'resources', 'icons', 'icon.png'),
  };
}

/**
 * Starts the shell. Resolves to null when another instance already runs (this one quits
 * and the first one shows its window) or when the engine could not start.
 */
export async function startShell(deps: ShellDeps): Promise<ShellHandle | null> {
  const { electron } = deps;
  const { app } = electron;
  const log = deps.log ?? createLogger();
  const platform = deps.platform ?? process.platform;

  // checklist 4: every renderer sandboxed, including any we did not create ourselves.
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    log.log('info', 'Surge Desk is already running; showing its window instead.');
    app.quit();
    return null;
  }

  // Before ready: app:// must be standard + secure to get a real origin (checklist 18).
  registerAppScheme(electron.protocol);

  app.on('web-contents-created', (_event, contents: WebContentsLike) => {
    hardenWebContents(contents, {
      shell: electron.shell,
      ...(deps.allowedExternalHosts ? { allowedExternalHosts: deps.allowedExternalHosts } : {}),
      onBlocked: (what, url) => log.log('warn', `blocked ${what}${url ? ` to ${url.slice(0, 200)}` : ''}`),
    });
  });

  let window: BrowserWindowLike | null = null;
  let tray: TrayLike | null = null;
  let quitting = false;
  let pendingShow = false;
  let showWindow = (): void => {
    pendingShow = true;
  };
  let openCard = (_cardId: number): void => showWindow();
  app.on('second-instance', () => showWindow());

  await app.whenReady();

  hardenSession(electron.session.defaultSession);
  const paths = shellPaths(app.getAppPath());
  serveAppProtocol(electron.protocol, { root: paths.renderer });

  const store = await deps.createStore();
  const keyring = new SafeStorageKeyring(electron.safeStorage, { platform, warn: (m) => log.log('warn', m) });
  const keyringStatus = keyring.status();
  if (!keyringStatus.protected)
    log.log('warn', `${keyringStatus.reason ?? 'tokens are not protected'} (backend: ${keyringStatus.backend})`);
  const notifier = createNotifier(electron, { iconPath: paths.windowIcon });

  const sqliteNativeBinding = resolveSqliteNativeBinding({
    appPath: app.getAppPath(),
    isPackaged: app.isPackaged,
    exists: deps.fileExists,
  });
  let engine: Engine;
  try {
    engine = await deps.createEngine({
      dataDir: app.getPath('userData'),
      ...(sqliteNativeBinding ? { sqliteNativeBinding } : {}),
      keyring,
    });
  } catch (error) {
    const detail = explainNativeLoadError(error) ?? (error instanceof Error ? error.message : String(error));
    log.log('error', `the engine did not start: ${detail}`);
    electron.dialog.showErrorBox('Surge Desk could not start', detail);
    app.exit(1);
    return null;
  }

  const trusted = (): WebContentsLike[] =>
    window && !window.isDestroyed() && !window.webContents.isDestroyed() ? [window.webContents] : [];
  const hubLink = new HubLink({
    keyring,
    store: deps.createLinkStore ? await deps.createLinkStore() : store,
    log,
    version: app.getVersion(),
    ...(deps.hubTimeoutMs ? { timeoutMs: deps.hubTimeoutMs } : {}),
  });
  // The engine keeps running while the window is on a hub, so nothing of the solo desk is lost.
  const target = routeTarget(localTarget(engine), hubLink);
  const notifyPrefs = notifyPrefsKeeper(store);
  const ipc: IpcBinding = bindIpc({
    ipcMain: electron.ipcMain,
    target: withShellCalls(target, { [SHELL_NOTIFY_PREFS_METHOD]: (params) => notifyPrefs.set(params) }),
    hubLink,
    trustedContents: trusted,
    onRejected: (reason) => log.log('warn', `refused an IPC call: ${reason}`),
  });
  engine.start();
  await hubLink.restore();
  // The tray's tooltip: incident mode while it is on (it matters most), else the count of open
  // alerts. Both are kept here because the engine announces its state on start, before the tray exists.
  let incidentTip: string | null = null;
  let openAlerts = 0;
  let paged = 0;
  const trayTip = (): string => withPaged(incidentTip ?? trayTooltip(openAlerts), paged);
  // A new or escalating alert (of the engine or hub in use) raises a native notification; clicking it shows the window.
  target.onEvent(
    alertNotices(
      notifier,
      () => showWindow(),
      (count) => {
        openAlerts = count;
        tray?.setToolTip(trayTip());
      },
      (severity) => notifyPrefs.current().muted.includes(severity),
    ),
  );
  // A page for whoever uses the app reaches the OS, and the tray counts what still waits for them.
  const pages = pageNotices({
    notifier,
    who: () => (hubLink.active ? hubLink.who : LOCAL_WHO),
    enabled: () => notifyPrefs.current().pages,
    now: () => (deps.clock ?? systemClock).now(),
    onOpen: (cardId) => openCard(cardId),
    onPagedCount: (count) => {
      paged = count;
      tray?.setToolTip(trayTip());
    },
  });
  target.onEvent(pages);
  // Connected or disconnected: the window starts afresh, so nothing of the other side's data or sign-in stays in it.
  hubLink.onChange(() => {
    pages.reset();
    if (window && !window.isDestroyed()) void window.loadURL(APP_ENTRY_URL).catch(() => undefined);
  });
  // Suggestions and reminders of incident mode reach the OS.
  target.onEvent(
    incidentNotices(
      notifier,
      (text) => {
        incidentTip = text === 'Surge Desk' ? null : text;
        tray?.setToolTip(trayTip());
      },
      () => showWindow(),
    ),
  );

  const openWindow = (url?: string): BrowserWindowLike => {
    const win = createMainWindow({
      BrowserWindow: electron.BrowserWindow,
      preloadPath: paths.preload,
      ...(url ? { url } : {}),
      store,
      workAreas: safeWorkAreas(electron.screen),
      ...(deps.fileExists(paths.windowIcon) ? { iconPath: paths.windowIcon } : {}),
    });
    win.on('close', (event) => {
      // With a tray, closing hides: the engine keeps watching and alerting. Quit is in the tray.
      if (tray && !quitting) {
        event.preventDefault();
        win.hide();
      }
    });
    win.on('closed', () => {
      if (window === win) window = null;
    });
    return win;
  };

  showWindow = (): void => {
    if (!window || window.isDestroyed()) window = openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  // A page's notification clicked: the window it has is told to open the card; a new one starts at it.
  openCard = (cardId: number): void => {
    if (!window || window.isDestroyed()) window = openWindow(`${APP_ENTRY_URL}${hashForCard(cardId)}`);
    else {
      const contents = window.webContents;
      try {
        if (!contents.isDestroyed() && isAppUrl(contents.mainFrame.url))
          contents.send(IPC_EVENT_CHANNEL, { event: SHELL_OPEN_CARD_EVENT, data: { cardId } });
      } catch {
        // The window is going away: showing it below makes a new one.
      }
    }
    showWindow();
  };

  window = openWindow();
  if (pendingShow) showWindow();

  tray = deps.fileExists(paths.trayIcon)
    ? createTray(electron, { iconPath: paths.trayIcon, onShow: () => showWindow(), onQuit: () => app.quit() })
    : null;
  if (!tray) log.log('info', 'no tray icon on this desktop: closing the window quits.');
  tray?.setToolTip(trayTip());

  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    if (platform !== 'darwin' || quitting) app.quit();
  });

  let stopped = false;
  let stopping = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    ipc.dispose();
    hubLink.close();
    const timeoutMs = deps.stopTimeoutMs ?? 5000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.log('warn', `the engine did not stop within ${timeoutMs} ms; quitting anyway.`);
        resolve();
      }, timeoutMs);
    });
    void Promise.race([engine.stop().catch((error: unknown) => log.log('error', `engine stop failed: ${String(error)}`)), timeout]).then(
      () => {
        clearTimeout(timer);
        stopped = true;
        tray?.destroy();
        app.quit();
      },
    );
  });

  return {
    engine,
    keyring,
    hubLink,
    notifier,
    tray,
    mainWindow: () => (window && !window.isDestroyed() ? window : null),
    showWindow: () => showWindow(),
  };
}

/** The solo desk's one user, the local admin of main/electron/ipc.ts: paged through the admin role. */
const LOCAL_WHO: PagedWho = Object.freeze({ userId: null, roles: ['admin'] as const });

function safeWorkAreas(screen: ShellElectron['screen']): Rectangle[] {
  try {
    return screen.getAllDisplays().map((display) => display.workArea);
  } catch {
    return [];
  }
}
