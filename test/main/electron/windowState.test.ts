import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, loadWindowState, trackWindowState, WINDOW_STATE_KEY } from '../../../main/electron/windowState.js';
import { createFakeElectron, MemoryStore } from './fakeElectron.js';
import { buildWindowOptions } from '../../../main/electron/window.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  it('falls back to the default for missing or malformed saved state', () => {
    for (const saved of [undefined, null, 'x', 42, [], { width: 'big' }]) {
      const store = new MemoryStore();
      store.set(WINDOW_STATE_KEY, saved);
      expect(loadWindowState(store, screen)).toMatchObject({
        width: DEFAULT_WINDOW_STATE.width,
        height: DEFAULT_WINDOW_STATE.height,
        isMaximized: false,
      });
    }
    const throwing = {
      get: () => {
        throw new Error('corrupt json');
      },
      set: () => undefined,
    };
    expect(loadWindowState(throwing, screen)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('clamps sizes and drops a position that is off every display', () => {
    const store = new MemoryStore();
    store.set(WINDOW_STATE_KEY, { x: 5000, y: 5000, width: 10, height: 99999, isMaximized: 'yes' });
    const state = loadWindowState(store, screen);
    expect(state).toEqual({ width: 900, height: 16384, isMaximized: false });
    store.set(WINDOW_STATE_KEY, { x: 100, y: 100, width: 1000, height: 700, isMaximized: true });
    expect(loadWindowState(store, screen)).toEqual({ x: 100, y: 100, width: 1000, height: 700, isMaximized: true });
    expect(loadWindowState(store, [])).toEqual({ width: 1000, height: 700, isMaximized: true });
  });

  it('saves on close, (un)maximize and, debounced, on move/resize', () => {
    const electron = createFakeElectron();
    const store = new MemoryStore();
    const { windowOptions } = buildWindowOptions({ preloadPath: '/p.cjs', store, workAreas: screen });
    const win = new electron.BrowserWindow(windowOptions);
    const timers: (() => void)[] = [];
    trackWindowState(win, store, { setTimer: (fn) => timers.push(fn), clearTimer: () => undefined });
    win.bounds = { x: 1, y: 2, width: 1100, height: 750 };
    win.emit('move');
    win.emit('resize');
    expect(store.writes).toBe(0);
    timers.at(-1)!();
    expect(store.get(WINDOW_STATE_KEY)).toEqual({ x: 1, y: 2, width: 1100, height: 750, isMaximized: false });
    win.maximize();
    expect(store.get(WINDOW_STATE_KEY)).toMatchObject({ isMaximized: true });
    win.close();
    expect(store.writes).toBe(3);
  });

  it('a store that cannot write does not stop the window from closing', () => {
    const electron = createFakeElectron();
    const store = {
      get: () => undefined,
      set: () => {
        throw new Error('EROFS');
      },
    };
    const { windowOptions } = buildWindowOptions({ preloadPath: '/p.cjs', store, workAreas: screen });
    const win = new electron.BrowserWindow(windowOptions);
    trackWindowState(win, store);
    expect(win.close()).toBe(true);
  });
});
