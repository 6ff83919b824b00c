/**
 * The main window: secure webPreferences (checklist 2–6, 8–10), restored bounds, the UI
 * loaded from app://surge (never file://).
 */
import type { BrowserWindowConstructor, BrowserWindowLike, Rectangle, WindowOptions } from './electronApi.js';
import { APP_ENTRY_URL, SECURE_WEB_PREFERENCES } from './security.js';
import { loadWindowState, MIN_HEIGHT, MIN_WIDTH, trackWindowState, type KeyValueStore } from './windowState.js';

export const WINDOW_TITLE = 'Surge Desk';

export interface MainWindowOptions {
  BrowserWindow: BrowserWindowConstructor;
  preloadPath: string;
  store: KeyValueStore;
  /** Current displays' work areas, to keep a restored window on screen. */
  workAreas: readonly Rectangle[];
  iconPath?: string;
  url?: string;
}

export function buildWindowOptions(options: Pick<MainWindowOptions, 'preloadPath' | 'store' | 'workAreas' | 'iconPath'>): {
  windowOptions: WindowOptions;
  maximize: boolean;
} {
  const state = loadWindowState(options.store, options.workAreas);
  const windowOptions: WindowOptions = {
    title: WINDOW_TITLE,
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    backgroundColor: '#0f1115',
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preloadPath },
  };
  return { windowOptions, maximize: state.isMaximized };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindowLike {
  const { windowOptions, maximize } = buildWindowOptions(options);
  const win = new options.BrowserWindow(windowOptions);
  trackWindowState(win, options.store);
  win.once('ready-to-show', () => {
    if (maximize) win.maximize();
    win.show();
  });
  void win.loadURL(options.url ?? APP_ENTRY_URL).catch(() => undefined);
  return win;
}
