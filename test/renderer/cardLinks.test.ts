/**
 * Where a page's notification leads: `#/board/card/N` opens card N on the board and goes back
 * to `#/board`; on the desktop the main process asks for it with SHELL_OPEN_CARD_EVENT.
 */
import { describe, expect, it } from 'vitest';
import { SHELL_OPEN_CARD_EVENT, type SurgeBridge } from '../../shared/contract/wire.js';
import { startCardLinks } from '../../renderer/src/notify/cardLinks.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { createFakeClient, flush } from './fakeTransport.js';

/** Just enough of a window: a hash that fires `hashchange` when set, and history.replaceState. */
function fakeWindow(hash: string) {
  const listeners = new Set<() => void>();
  const location = {
    pathname: '/',
    search: '',
    get hash() {
      return hash;
    },
    set hash(next: string) {
      hash = next;
      for (const listener of listeners) listener();
    },
  };
  const win = {
    location,
    history: { replaceState: (_state: unknown, _title: string, url: string) => (hash = url.slice(url.indexOf('#'))) },
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
  };
  return { win: win as unknown as Window, listeners, hash: () => hash };
}

function fakeBridge() {
  const listeners = new Set<(event: string, data: unknown) => void>();
  const bridge: SurgeBridge = {
    call: () => Promise.resolve({ ok: true, value: [] }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { bridge, emit: (event: string, data: unknown) => listeners.forEach((l) => l(event, data)) };
}

describe('card links', () => {
  it('opens the card of a link the page was loaded with, and of a link set later; the hash goes back to #/board', async () => {
    const store = createDeskStore({ client: createFakeClient({ 'board.history': () => [] }).client, now: () => 0 });
    const page = fakeWindow('#/board/card/12');
    const stop = startCardLinks(store, page.win);
    expect(store.getState().boardOpenCardId).toBe(12);
    expect(page.hash()).toBe('#/board');
    page.win.location.hash = '#/board/card/13';
    expect(store.getState().boardOpenCardId).toBe(13);
    page.win.location.hash = '#/alerts';
    expect(store.getState().boardOpenCardId).toBe(13);
    stop();
    expect(page.listeners.size).toBe(0);
    await flush();
  });

  it('on the desktop, the main process asks for a card with an event; anything malformed is ignored', async () => {
    const store = createDeskStore({ client: createFakeClient({ 'board.history': () => [] }).client, now: () => 0 });
    const page = fakeWindow('#/live');
    const { bridge, emit } = fakeBridge();
    const stop = startCardLinks(store, page.win, bridge);
    emit(SHELL_OPEN_CARD_EVENT, { cardId: 'x' });
    emit('board.changed', { cardId: 4 });
    expect(store.getState().boardOpenCardId).toBeNull();
    emit(SHELL_OPEN_CARD_EVENT, { cardId: 4 });
    expect(store.getState().boardOpenCardId).toBe(4);
    expect(page.hash()).toBe('#/board');
    stop();
    emit(SHELL_OPEN_CARD_EVENT, { cardId: 5 });
    expect(store.getState().boardOpenCardId).toBe(4);
    await flush();
  });
});
