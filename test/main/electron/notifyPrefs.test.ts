/**
 * "Notify me when I am paged" on the desktop: the window tells the main process over its IPC call
 * channel (checked with zod there, answered there, never passed to the engine or hub), the main
 * process's page notifications follow it (the tray still counts), and it is kept for the next
 * start. Against a fake Electron: the Electron binary cannot be downloaded on this machine.
 */
import { describe, expect, it } from 'vitest';
import { NOTIFY_PREFS_KEY, notifyPrefsKeeper } from '../../../main/electron/notifyPrefs.js';
import { startShell } from '../../../main/electron/shell.js';
import { silentLogger } from '../../../main/lib/log.js';
import type { BoardPage } from '../../../shared/contract/board.js';
import { SHELL_NOTIFY_PREFS_METHOD } from '../../../shared/contract/shellPrefs.js';
import { IPC_CALL_CHANNEL } from '../../../shared/contract/wire.js';
import { makeCard, makePage } from '../../renderer/boardCards.js';
import { createFakeElectron, FakeWebContents, MemoryStore } from './fakeElectron.js';
import { FakeEngine } from './fakeEngine.js';

const T0 = Date.UTC(2026, 2, 3, 9, 0);
let now = T0;
const page = (cardId: number, at = now): BoardPage => makePage(at, { cardId, title: `Card ${cardId}` });

async function boot(store = new MemoryStore()) {
  const electron = createFakeElectron();
  const engine = new FakeEngine();
  const handle = await startShell({
    electron,
    createEngine: () => engine,
    createStore: () => store,
    fileExists: (file) => file.endsWith('tray.png'),
    platform: 'linux',
    log: silentLogger,
    stopTimeoutMs: 200,
    clock: { now: () => now },
  });
  const win = electron.BrowserWindow.instances[0]!;
  const tell = (params: unknown, event = win.webContents.invokeEvent()) =>
    electron.ipcMain.invoke(IPC_CALL_CHANNEL, event, SHELL_NOTIFY_PREFS_METHOD, params);
  const titles = () => electron.Notification.shown.map((n) => n.options.title);
  return { electron, engine, handle: handle!, win, tell, titles, tray: () => electron.Tray.instances[0]!.tooltip, store };
}

describe('"Notify me when I am paged" reaches the desktop’s main process', () => {
  it('on by default; turned off, a page raises nothing but still counts in the tray; turned on again, the next page notifies', async () => {
    now = T0;
    const app = await boot();
    app.engine.emit('board.page', page(1));
    expect(app.titles()).toEqual(['You are paged (tier 1): P1 #1']);

    expect(await app.tell({ pages: false })).toEqual({ ok: true, value: { pages: false, muted: [] } });
    app.engine.emit('board.page', page(2));
    expect(app.titles()).toHaveLength(1);
    expect(app.tray()).toBe('Surge Desk · paged: 2');

    now += 1_000;
    expect(await app.tell({ pages: true })).toEqual({ ok: true, value: { pages: true, muted: [] } });
    // The page passed over while it was off is not news later on; a new one is.
    app.engine.emit('board.page', page(2, T0));
    app.engine.emit('board.page', page(3));
    expect(app.titles()).toEqual(['You are paged (tier 1): P1 #1', 'You are paged (tier 1): P1 #3']);
    // Answered by the main process: neither the engine nor a hub ever hears of it.
    expect(app.engine.calls).toEqual([]);
  });

  it('what is not the setting is refused in plain words and changes nothing; a foreign frame is refused', async () => {
    now = T0;
    const app = await boot();
    await app.tell({ pages: false });
    for (const bad of [
      { pages: 'yes' },
      { pages: true, sound: true },
      { pages: true, muted: ['loud'] },
      { pages: true, muted: ['info', 'info', 'info', 'info'] },
      null,
      'pages=true',
      [true],
      {},
    ]) {
      expect(await app.tell(bad)).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: 'The notification settings sent by the window could not be read; they stay as they were.' },
      });
    }
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'https://evil.example/';
    expect(await app.tell({ pages: true }, stranger.invokeEvent())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(app.store.get(NOTIFY_PREFS_KEY)).toEqual({ pages: false, muted: [] });
    app.engine.emit('board.page', page(4));
    expect(app.titles()).toEqual([]);
  });

  it('is kept for the next start: a page before the window has said anything follows the last choice', async () => {
    now = T0;
    const store = new MemoryStore();
    const first = await boot(store);
    await first.tell({ pages: false });
    first.electron.app.quit();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const second = await boot(store);
    second.engine.emit('board.page', page(5));
    expect(second.titles()).toEqual([]);
    expect(second.tray()).toBe('Surge Desk · paged: 1');
  });

  it('a kept value that cannot be read (edited by hand, another version) is the default: on', () => {
    for (const kept of [undefined, null, { pages: 'off' }, { pages: false, extra: 1 }, 'false']) {
      const store = new MemoryStore();
      store.set(NOTIFY_PREFS_KEY, kept);
      expect(notifyPrefsKeeper(store).current()).toEqual({ pages: true, muted: [] });
    }
    const store = new MemoryStore();
    store.set = () => {
      throw new Error('read-only file');
    };
    const keeper = notifyPrefsKeeper(store);
    expect(keeper.set({ pages: false })).toEqual({ ok: true, value: { pages: false, muted: [] } });
    expect(keeper.current()).toEqual({ pages: false, muted: [] });
  });

  it('muted severities raise no alert notification on the desktop, but the tray still counts the alert', async () => {
    now = T0;
    const app = await boot();
    const alert = (id: number, severity: 'warning' | 'critical') => ({
      id,
      series: 'total',
      state: 'open',
      severity,
      openedAt: T0,
      updatedAt: T0,
      resolvedAt: null,
      title: `Surge ${id}`,
      math: {
        windowMinutes: 15,
        expected: 30,
        bandLow: 20,
        bandHigh: 45,
        observed: 240,
        ratio: 8,
        score: 0.9,
        persistedMinutes: 3,
        sources: [],
      },
      drivers: { topTerms: [], samplePosts: [], outageIntent: 0, statusIncident: null },
    });
    expect(await app.tell({ pages: true, muted: ['warning'] })).toEqual({ ok: true, value: { pages: true, muted: ['warning'] } });
    app.engine.emit('alerts.changed', alert(1, 'warning'));
    app.engine.emit('alerts.changed', alert(2, 'critical'));
    expect(app.titles()).toEqual(['Surge 2']);
    expect(app.tray()).toBe('Surge Desk — 2 open alerts');
    await app.tell({ pages: true, muted: [] });
    app.engine.emit('alerts.changed', alert(3, 'warning'));
    expect(app.titles()).toEqual(['Surge 2', 'Surge 3']);
  });

  it('acknowledged cards still leave the tray count while notifications are off', async () => {
    now = T0;
    const app = await boot();
    await app.tell({ pages: false });
    app.engine.emit('board.page', page(6));
    expect(app.tray()).toBe('Surge Desk · paged: 1');
    app.engine.emit('board.changed', { seq: 3, card: makeCard(6, { acknowledgedAt: T0 + 1 }) });
    expect(app.tray()).toBe('Surge Desk');
  });
});
