/**
 * Pages in the browser: "Notify me when I am paged" (on by default, kept in this browser)
 * decides whether a page for the signed-in user raises a browser notification through the same
 * notifier as alerts; each page is notified once, a reload does not notify it again, an old
 * page is not news, and the desktop (IPC) leaves notifying to its main process.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardPage } from '../../shared/contract/board.js';
import { startBrowserNotices } from '../../renderer/src/notify/browserNotices.js';
import { getPrefs, setPrefs } from '../../renderer/src/notify/prefs.js';
import { SEEN_PAGES_KEY, storedSeenPages } from '../../renderer/src/notify/seenPages.js';
import { DeskProvider } from '../../renderer/src/store/react.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { NotificationSettings } from '../../renderer/src/views/settings/NotificationSettings.js';
import { createFakeClient, flush } from './fakeTransport.js';

const T0 = Date.UTC(2026, 2, 3, 9, 0);

function memoryStorage() {
  const mem = new Map<string, string>();
  return { mem, getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
}

class FakeNotification {
  static permission: 'granted' | 'denied' | 'default' = 'granted';
  static readonly shown: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: { body: string; tag: string },
  ) {
    FakeNotification.shown.push(this);
  }
  close(): void {
    this.closed = true;
  }
}

const page = (over: Partial<BoardPage> = {}): BoardPage => ({
  cardId: 7,
  title: 'Refunds <img src=x> stuck',
  priority: 'P1',
  tier: 2,
  round: 0,
  reason: 'unacknowledged',
  userIds: ['u_me'],
  roles: [],
  at: T0,
  ...over,
});

function desk(transport: 'websocket' | 'ipc' = 'websocket') {
  const fake = createFakeClient({});
  const store = createDeskStore({ client: fake.client, now: () => T0 });
  store.setState({
    me: {
      signedIn: true,
      via: 'session',
      roles: ['operator'],
      user: { id: 'u_me', username: 'me', displayName: 'Me', roles: ['operator'], status: 'active', createdAt: 1, lastSeenAt: null },
    },
    systemInfo: { name: 'Surge Desk', version: '0.1.0', startedAt: 1, demo: false, role: 'operator', transport },
  });
  store.getState().bindEvents();
  return { store, transport: fake.transport };
}

let storage: ReturnType<typeof memoryStorage>;
beforeEach(() => {
  storage = memoryStorage();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('Notification', FakeNotification);
  FakeNotification.shown.length = 0;
  FakeNotification.permission = 'granted';
  setPrefs({ pages: true, sound: false });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function start(store: ReturnType<typeof desk>['store'], now = () => T0 + 30_000) {
  const opened: number[] = [];
  const stop = startBrowserNotices(store, { now, seenPages: storedSeenPages(storage), openCard: (id) => opened.push(id) });
  return { opened, stop };
}

describe('Settings: Notify me when I am paged', () => {
  const markup = () => {
    const { store } = desk();
    return renderToStaticMarkup(createElement(DeskProvider, { store, children: createElement(NotificationSettings) }));
  };
  const toggle = (html: string) => /<input type="checkbox"([^>]*)\/> Notify me when I am\s+paged/.exec(html)?.[1];

  it('is on by default, and turning it off is kept in this browser', () => {
    expect(toggle(markup())).toContain('checked');
    setPrefs({ pages: false });
    expect(toggle(markup())).not.toContain('checked');
    expect(JSON.parse(storage.getItem('surge.prefs')!)).toMatchObject({ pages: false });
    expect(getPrefs().pages).toBe(false);
  });
});

describe('browser notifications for pages', () => {
  it('a page for me raises one notification with tier, priority and the title as text; a click opens the card', async () => {
    const { store, transport } = desk();
    const { opened, stop } = start(store);
    transport.emit('board.page', page());
    transport.emit('board.page', page({ cardId: 8, userIds: [], roles: ['lead'] }));
    await flush();
    // The same page again (a reconnect, a catch-up) is not news.
    transport.emit('board.page', page());
    await flush();
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([
      ['You are paged (tier 2): P1 #7', 'Refunds <img src=x> stuck — not acknowledged'],
    ]);
    FakeNotification.shown[0]!.onclick!();
    expect(opened).toEqual([7]);
    expect(FakeNotification.shown[0]!.closed).toBe(true);
    stop();
  });

  it('after a reload, a page already notified or restored from before is not notified again; an old one never is', async () => {
    const first = desk();
    const firstRun = start(first.store);
    first.transport.emit('board.page', page());
    await flush();
    firstRun.stop();
    expect(JSON.parse(storage.getItem(SEEN_PAGES_KEY)!)).toHaveLength(1);

    const second = desk();
    start(second.store);
    second.transport.emit('board.page', page());
    second.store.setState({ boardPages: [page(), page({ cardId: 9, at: T0 - 6 * 60_000 })] });
    await flush();
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it('turned off, or without permission, or in the desktop app: no browser notification', async () => {
    const { store, transport } = desk();
    start(store);
    setPrefs({ pages: false });
    transport.emit('board.page', page({ at: T0 + 1 }));
    await flush();
    setPrefs({ pages: true });
    FakeNotification.permission = 'default';
    transport.emit('board.page', page({ at: T0 + 2 }));
    await flush();
    expect(FakeNotification.shown).toHaveLength(0);

    FakeNotification.permission = 'granted';
    const ipc = desk('ipc');
    start(ipc.store);
    ipc.transport.emit('board.page', page({ at: T0 + 3 }));
    await flush();
    expect(FakeNotification.shown).toHaveLength(0);
    transport.emit('board.page', page({ at: T0 + 4 }));
    await flush();
    expect(FakeNotification.shown).toHaveLength(1);
  });
});
