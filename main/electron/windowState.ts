/**
 * Window bounds and maximized state, persisted across runs (electron-store in the app;
 * any `{get,set}` store in tests). What is read back is treated as untrusted: a file
 * edited by hand or written by another version must not produce a window off every screen.
 */
import type { BrowserWindowLike, Rectangle } from './electronApi.js';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  isMaximized: boolean;
}

/** The store interface (electron-store fits it). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export const WINDOW_STATE_KEY = 'windowState';
export const DEFAULT_WINDOW_STATE: WindowState = Object.freeze({ width: 1280, height: 800, isMaximized: false });
export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 600;
const MAX_SIDE = 16_384;

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

function intersects(a: Rectangle, b: Rectangle): boolean {
  const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  // At least 100×50 px must be visible, so the title bar can be grabbed.
  return overlapX >= Math.min(100, a.width) && overlapY >= Math.min(50, a.height);
}

/**
 * Reads the saved state; falls back to the default for anything malformed, and drops the
 * position when it is not visible on any of the current displays' work areas.
 */
export function loadWindowState(store: KeyValueStore, workAreas: readonly Rectangle[] = []): WindowState {
  let raw: unknown;
  try {
    raw = store.get(WINDOW_STATE_KEY);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_WINDOW_STATE };
  const saved = raw as Record<string, unknown>;
  const width = isInt(saved.width) ? Math.min(Math.max(saved.width, MIN_WIDTH), MAX_SIDE) : DEFAULT_WINDOW_STATE.width;
  const height = isInt(saved.height) ? Math.min(Math.max(saved.height, MIN_HEIGHT), MAX_SIDE) : DEFAULT_WINDOW_STATE.height;
  const state: WindowState = { width, height, isMaximized: saved.isMaximized === true };
  if (isInt(saved.x) && isInt(saved.y)) {
    const bounds = { x: saved.x, y: saved.y, width, height };
    if (workAreas.some((area) => intersects(bounds, area))) {
      state.x = saved.x;
      state.y = saved.y;
    }
  }
  return state;
}

export function captureWindowState(win: Pick<BrowserWindowLike, 'getNormalBounds' | 'isMaximized'>): WindowState {
  const bounds = win.getNormalBounds();
  return { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, isMaximized: win.isMaximized() };
}

export interface TrackOptions {
  /** Debounce for move/resize writes, in ms. */
  debounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Saves on move/resize (debounced), on (un)maximize and on close. Returns a flush function. */
export function trackWindowState(win: BrowserWindowLike, store: KeyValueStore, options: TrackOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? 500;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let pending: unknown = null;

  const save = (): void => {
    if (pending !== null) clearTimer(pending);
    pending = null;
    if (win.isDestroyed()) return;
    try {
      store.set(WINDOW_STATE_KEY, captureWindowState(win));
    } catch {
      // A read-only or full disk must not stop the window from closing.
    }
  };
  const later = (): void => {
    if (pending !== null) clearTimer(pending);
    pending = setTimer(save, debounceMs);
  };

  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', save);
  win.on('unmaximize', save);
  win.on('close', save);
  return save;
}
