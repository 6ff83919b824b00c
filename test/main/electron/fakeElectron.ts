/**
 * A small fake of the Electron API the shell uses. It records what the shell does (options,
 * handlers, calls) and lets a test play the part of Chromium (emit navigation, IPC, quit).
 * It implements the narrow interfaces of main/electron/electronApi.ts, nothing more.
 */
import type {
  FrameLike,
  IpcMainInvokeEventLike,
  NavigationEvent,
  Rectangle,
  WindowOpenDetails,
  WindowOptions,
} from '../../../main/electron/electronApi.js';
import type { ShellElectron } from '../../../main/electron/shell.js';
import type { StorageBackend } from '../../../main/electron/safeStorageKeyring.js';

type Listener = (...args: never[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== wrapped),
      );
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextId = 1;

export class FakeFrame implements FrameLike {
  constructor(
    public url: string,
    readonly processId: number,
    readonly routingId: number,
    readonly parent: FakeFrame | null = null,
  ) {}
}

export class FakeWebContents extends FakeEmitter {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  destroyed = false;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: WindowOpenDetails) => { action: 'deny' } | { action: 'allow' }) | null = null;

  constructor() {
    super();
    this.mainFrame = new FakeFrame('about:blank', 100 + this.id, 1);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' } | { action: 'allow' }): void {
    this.windowOpenHandler = handler;
  }
  /** Plays Chromium: returns true when the navigation was allowed. */
  navigate(kind: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): boolean {
    const event = new FakeEvent(url) as FakeEvent & NavigationEvent;
    this.emit(kind, event);
    return !event.defaultPrevented;
  }
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
  /** An IPC invoke event as if sent by `frame` (default: our main frame). */
  invokeEvent(frame: FakeFrame | null = this.mainFrame): IpcMainInvokeEventLike {
    return { sender: this, senderFrame: frame };
  }
}

export interface FakeElectronOptions {
  singleInstanceLock?: boolean;
  appPath?: string;
  userData?: string;
  isPackaged?: boolean;
  storageBackend?: StorageBackend;
  encryptionAvailable?: boolean;
  notificationsSupported?: boolean;
  trayThrows?: boolean;
  displays?: Rectangle[];
}

export function createFakeElectron(options: FakeElectronOptions = {}) {
  const calls: string[] = [];
  let ready = false;

  class FakeApp extends FakeEmitter {
    readonly isPackaged = options.isPackaged ?? false;
    sandboxEnabled = false;
    quitCalls = 0;
    exitCode: number | null = null;
    quitted = false;
    enableSandbox(): void {
      calls.push(`enableSandbox(ready=${ready})`);
      this.sandboxEnabled = true;
    }
    requestSingleInstanceLock(): boolean {
      calls.push('requestSingleInstanceLock');
      return options.singleInstanceLock ?? true;
    }
    whenReady(): Promise<void> {
      ready = true;
      calls.push('ready');
      return Promise.resolve();
    }
    getAppPath(): string {
      return options.appPath ?? '/app';
    }
    getPath(name: 'userData'): string {
      return name === 'userData' ? (options.userData ?? '/home/u/.config/Surge Desk') : '/tmp';
    }
    getVersion(): string {
      return '0.1.0';
    }
    /** Like Electron: emits before-quit; quits unless a listener prevented it. */
    quit(): void {
      this.quitCalls += 1;
      const event = new FakeEvent();
      this.emit('before-quit', event);
      if (!event.defaultPrevented) this.quitted = true;
    }
    exit(code = 0): void {
      this.exitCode = code;
    }
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends FakeEmitter {
    static readonly instances: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    destroyed = false;
    visible = false;
    minimized = false;
    maximized = false;
    focused = false;
    loadedUrl: string | null = null;
    bounds: Rectangle;
    constructor(readonly options: WindowOptions) {
      super();
      calls.push('new BrowserWindow');
      this.bounds = { x: options.x ?? 10, y: options.y ?? 10, width: options.width, height: options.height };
      FakeBrowserWindow.instances.push(this);
      app.emit('web-contents-created', new FakeEvent(), this.webContents);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    isVisible(): boolean {
      return this.visible;
    }
    restore(): void {
      this.minimized = false;
    }
    show(): void {
      this.visible = true;
    }
    hide(): void {
      this.visible = false;
    }
    focus(): void {
      this.focused = true;
    }
    maximize(): void {
      this.maximized = true;
      this.emit('maximize');
    }
    getNormalBounds(): Rectangle {
      return { ...this.bounds };
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    /** Plays the user closing the window; returns true when it really closed. */
    close(): boolean {
      const event = new FakeEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return false;
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
      return true;
    }
  }

  class FakeIpcMain {
    readonly handlers = new Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown>();
    handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    }
    removeHandler(channel: string): void {
      this.handlers.delete(channel);
    }
    async invoke(channel: string, event: IpcMainInvokeEventLike, ...args: unknown[]): Promise<unknown> {
      const handler = this.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler(event, ...args);
    }
  }

  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: unknown[]): void {
      calls.push(`registerSchemesAsPrivileged(ready=${ready})`);
      protocol.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
      protocol.handlers.set(scheme, handler);
    },
  };

  type RequestHandler = ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null;
  type CheckHandler = ((wc: unknown, permission: string) => boolean) | null;
  type DeviceHandler = ((details: unknown) => boolean) | null;
  const defaultSession: {
    permissionRequestHandler: RequestHandler;
    permissionCheckHandler: CheckHandler;
    devicePermissionHandler: DeviceHandler;
    setPermissionRequestHandler(handler: RequestHandler): void;
    setPermissionCheckHandler(handler: CheckHandler): void;
    setDevicePermissionHandler(handler: DeviceHandler): void;
  } = {
    permissionRequestHandler: null as ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
    permissionCheckHandler: null as ((wc: unknown, permission: string) => boolean) | null,
    devicePermissionHandler: null as ((details: unknown) => boolean) | null,
    setPermissionRequestHandler(handler: RequestHandler): void {
      defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: CheckHandler): void {
      defaultSession.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: DeviceHandler): void {
      defaultSession.devicePermissionHandler = handler;
    },
  };

  const shell = {
    opened: [] as string[],
    openExternal(url: string): Promise<void> {
      shell.opened.push(url);
      return Promise.resolve();
    },
  };

  class FakeTray extends FakeEmitter {
    static readonly instances: FakeTray[] = [];
    tooltip = '';
    menu: unknown = null;
    destroyed = false;
    constructor(readonly icon: string) {
      super();
      if (options.trayThrows) throw new Error('no tray on this desktop');
      FakeTray.instances.push(this);
    }
    setToolTip(text: string): void {
      this.tooltip = text;
    }
    setContextMenu(menu: unknown): void {
      this.menu = menu;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }

  const Menu = {
    buildFromTemplate(template: { label: string; click: () => void }[]) {
      return { items: template };
    },
  };

  class FakeNotification extends FakeEmitter {
    static readonly shown: FakeNotification[] = [];
    constructor(readonly options: { title: string; body: string; silent?: boolean; urgency?: string; icon?: string }) {
      super();
    }
    static isSupported(): boolean {
      return options.notificationsSupported ?? true;
    }
    show(): void {
      FakeNotification.shown.push(this);
    }
  }

  const safeStorage = {
    isEncryptionAvailable: () => options.encryptionAvailable ?? true,
    encryptString: (plain: string) => Buffer.from(`enc(${plain})`, 'utf8'),
    decryptString: (blob: Buffer) => blob.toString('utf8').replace(/^enc\((.*)\)$/s, '$1'),
    getSelectedStorageBackend: (): StorageBackend => options.storageBackend ?? 'gnome_libsecret',
  };

  const dialog = {
    errors: [] as { title: string; content: string }[],
    showErrorBox(title: string, content: string): void {
      dialog.errors.push({ title, content });
    },
  };

  const screen = {
    getAllDisplays: () => (options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1080 }]).map((workArea) => ({ workArea })),
  };

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    protocol,
    session: { defaultSession },
    shell,
    screen,
    Tray: FakeTray,
    Menu,
    Notification: FakeNotification,
    safeStorage,
    dialog,
  };
  // Compile-time proof that the fake fits what the shell asks for.
  const asShell: ShellElectron = electron;
  void asShell;
  return { ...electron, calls };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** A Map-backed stand-in for electron-store. */
export class MemoryStore {
  readonly data = new Map<string, unknown>();
  writes = 0;
  get(key: string): unknown {
    return this.data.get(key);
  }
  set(key: string, value: unknown): void {
    this.writes += 1;
    this.data.set(key, structuredClone(value));
  }
}
