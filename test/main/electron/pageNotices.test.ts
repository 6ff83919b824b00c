/**
 * Pages on the desktop: a page for whoever uses the app raises one native notification (through
 * the injected notifier, against a fake Electron), its click shows the window on the card, and
 * the tray says "paged: N" until the card is acknowledged.
 */
import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../../main/electron/notifications.js';
import { pageNotices } from '../../../main/electron/pageNotices.js';
import { APP_ENTRY_URL } from '../../../main/electron/security.js';
import { startShell } from '../../../main/electron/shell.js';
import { withPaged } from '../../../main/electron/tray.js';
import { silentLogger } from '../../../main/lib/log.js';
import type { BoardPage } from '../../../shared/contract/board.js';
import { IPC_EVENT_CHANNEL, SHELL_OPEN_CARD_EVENT } from '../../../shared/contract/wire.js';
import type { PagedWho } from '../../../shared/pageNotice.js';
import { makeCard, makePage } from '../../renderer/boardCards.js';
import { createFakeElectron, MemoryStore } from './fakeElectron.js';
import { FakeEngine } from './fakeEngine.js';

const T0 = Date.UTC(2026, 2, 3, 9, 0);
const page = (over: Partial<BoardPage> = {}): BoardPage => makePage(T0, over);
const changed = (id: number, over: Parameters<typeof makeCard>[1]) => ({ seq: 9, card: makeCard(id, over) });

function rig(who: PagedWho | null = { userId: 'u_dana', roles: ['operator'] }) {
  const electron = createFakeElectron();
  let now = T0 + 1_000;
  let current = who;
  const opened: number[] = [];
  const counts: number[] = [];
  const listen = pageNotices({
    notifier: createNotifier(electron),
    who: () => current,
    now: () => now,
    onOpen: (cardId) => opened.push(cardId),
    onPagedCount: (count) => counts.push(count),
  });
  return {
    electron,
    listen,
    opened,
    counts,
    advance: (ms: number) => (now += ms),
    become: (next: PagedWho | null) => (current = next),
  };
}

describe('pageNotices', () => {
  it('notifies a page for this person once, with tier, priority and title; a click opens the card', () => {
    const r = rig();
    r.listen('board.page', page({ roles: [], userIds: ['u_dana'] }));
    r.advance(20_000);
    r.listen('board.page', page({ roles: [], userIds: ['u_dana'] }));
    const shown = r.electron.Notification.shown;
    expect(shown).toHaveLength(1);
    expect(shown[0]!.options).toMatchObject({
      title: 'You are paged (tier 1): P1 #12',
      body: 'Refunds stuck since 9:00 — not acknowledged',
      urgency: 'critical',
    });
    shown[0]!.emit('click');
    expect(r.opened).toEqual([12]);
  });

  it('stays quiet for other people, roles they do not hold, stale pages, bad data and while signed out', () => {
    const r = rig();
    r.listen('board.page', page({ roles: ['lead'] }));
    r.listen('board.page', page({ roles: [], userIds: ['u_sam'] }));
    r.listen('board.page', { cardId: 'twelve' });
    r.listen('board.page', page({ roles: ['operator'], at: T0 - 10 * 60_000 }));
    r.become(null);
    r.listen('board.page', page({ roles: ['operator'], at: T0 + 500 }));
    expect(r.electron.Notification.shown).toHaveLength(0);
    // The stale page is still theirs: it counts in the tray though it is not pushed as news.
    expect(r.counts).toEqual([1]);
  });

  it('counts cards paged until acknowledged after the page or resolved; a switch of hub or user clears them', () => {
    const r = rig();
    r.listen('board.page', page({ roles: ['operator'] }));
    r.listen('board.page', page({ cardId: 13, roles: ['operator'] }));
    r.listen('board.page', page({ cardId: 12, tier: 2, at: T0 + 600, roles: ['operator'] }));
    expect(r.counts).toEqual([1, 2, 2]);
    // An acknowledgement before the latest page (an unresolved-card page) keeps it waiting.
    r.listen('board.changed', changed(12, { acknowledgedAt: T0 + 100 }));
    r.listen('board.changed', changed(99, { acknowledgedAt: T0 + 700 }));
    expect(r.counts).toEqual([1, 2, 2]);
    r.listen('board.changed', changed(12, { acknowledgedAt: T0 + 700 }));
    expect(r.counts.at(-1)).toBe(1);
    r.listen('board.changed', { seq: 'x' });
    r.listen.reset();
    expect(r.counts.at(-1)).toBe(0);
    r.listen('board.page', page({ cardId: 14, roles: ['operator'] }));
    r.listen('board.changed', changed(14, { resolvedAt: T0 + 900 }));
    expect(r.counts.slice(-2)).toEqual([1, 0]);
    expect(r.electron.Notification.shown.map((n) => n.options.title)).toEqual([
      'You are paged (tier 1): P1 #12',
      'You are paged (tier 1): P1 #13',
      'You are paged (tier 2): P1 #12',
      'You are paged (tier 1): P1 #14',
    ]);
  });

  it('the tray tooltip keeps "paged: N" whole even behind a long incident tooltip', () => {
    expect(withPaged('Surge Desk', 0)).toBe('Surge Desk');
    expect(withPaged('Surge Desk — 2 open alerts', 1)).toBe('Surge Desk — 2 open alerts · paged: 1');
    const long = withPaged(`Surge Desk — INCIDENT MODE ON ${'x'.repeat(120)}`, 3);
    expect(long).toHaveLength(127);
    expect(long.endsWith(' · paged: 3')).toBe(true);
  });
});

async function boot(options: { trayIcon?: boolean } = {}) {
  const electron = createFakeElectron();
  const engine = new FakeEngine();
  const files = new Set(options.trayIcon === false ? [] : ['/app/resources/icons/tray.png']);
  const handle = await startShell({
    electron,
    createEngine: () => engine,
    createStore: () => new MemoryStore(),
    fileExists: (file) => files.has(file),
    platform: 'darwin',
    log: silentLogger,
    stopTimeoutMs: 200,
    clock: { now: () => T0 + 2_000 },
  });
  return { electron, engine, handle: handle!, win: electron.BrowserWindow.instances[0]! };
}

describe('startShell: pages of the local admin', () => {
  it('one native notification per page, "paged: N" in the tray until acknowledged, a click shows the window on the card', async () => {
    const { electron, engine, win } = await boot();
    const tray = electron.Tray.instances[0]!;
    engine.emit('board.page', page());
    engine.emit('board.page', page());
    engine.emit('board.page', page({ cardId: 13, roles: ['lead'] }));
    const shown = electron.Notification.shown;
    expect(shown.map((n) => n.options.title)).toEqual(['You are paged (tier 1): P1 #12']);
    expect(tray.tooltip).toBe('Surge Desk · paged: 1');

    win.hide();
    win.webContents.mainFrame.url = APP_ENTRY_URL;
    shown[0]!.emit('click');
    expect(win.isVisible()).toBe(true);
    expect(win.focused).toBe(true);
    const told = win.webContents.sent.filter((s) => s.channel === IPC_EVENT_CHANNEL).map((s) => s.args[0]);
    expect(told).toContainEqual({ event: SHELL_OPEN_CARD_EVENT, data: { cardId: 12 } });

    engine.emit('board.changed', changed(12, { acknowledgedAt: T0 + 3_000 }));
    expect(tray.tooltip).toBe('Surge Desk');
  });

  it('with the window gone, the click opens a new one straight on the card', async () => {
    const { electron, engine, win } = await boot({ trayIcon: false });
    engine.emit('board.page', page());
    expect(win.close()).toBe(true);
    electron.Notification.shown[0]!.emit('click');
    const next = electron.BrowserWindow.instances[1]!;
    expect(next.loadedUrl).toBe(`${APP_ENTRY_URL}#/board/card/12`);
    expect(next.isVisible()).toBe(true);
  });
});
