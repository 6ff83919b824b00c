/**
 * The desktop window tells its main process "Notify me when I am paged" and the muted severities
 * at start and on each change of them (the main side is test/main/electron/notifyPrefs.test.ts); a call that did not land
 * is tried again at the next change.
 */
import { describe, expect, it } from 'vitest';
import { SHELL_NOTIFY_PREFS_METHOD } from '../../shared/contract/shellPrefs.js';
import { startDesktopNotifyPrefs } from '../../renderer/src/notify/desktopPrefs.js';
import { getPrefs, setPrefs, type Prefs } from '../../renderer/src/notify/prefs.js';
import { flush } from './fakeTransport.js';

function fakePrefs(initial: Partial<Prefs> = {}) {
  let current: Prefs = { sound: false, muted: [], pages: true, theme: 'dark', ...initial };
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    subscribe: (listener: () => void) => (listeners.add(listener), () => void listeners.delete(listener)),
    change(patch: Partial<Prefs>) {
      current = { ...current, ...patch };
      listeners.forEach((listener) => listener());
    },
  };
}

function bridge(answer: (params: unknown) => unknown = (params) => ({ ok: true, value: params })) {
  const calls: { method: string; params: unknown }[] = [];
  return {
    calls,
    call: async (method: string, params: unknown) => {
      calls.push({ method, params });
      return answer(params);
    },
  };
}

describe('the desktop window tells the main process about page notifications', () => {
  it('says it at start and when it changes, not when another preference changes', async () => {
    const prefs = fakePrefs({ pages: false });
    const fake = bridge();
    const stop = startDesktopNotifyPrefs(fake, prefs);
    prefs.change({ sound: true });
    prefs.change({ pages: true });
    prefs.change({ theme: 'light' });
    prefs.change({ muted: ['warning', 'info'] });
    // The same set in another order is no change.
    prefs.change({ muted: ['info', 'warning'] });
    await flush();
    expect(fake.calls).toEqual([
      { method: SHELL_NOTIFY_PREFS_METHOD, params: { pages: false, muted: [] } },
      { method: SHELL_NOTIFY_PREFS_METHOD, params: { pages: true, muted: [] } },
      { method: SHELL_NOTIFY_PREFS_METHOD, params: { pages: true, muted: ['info', 'warning'] } },
    ]);
    stop();
    prefs.change({ pages: false });
    expect(fake.calls).toHaveLength(3);
  });

  it('a refused or failed call is sent again at the next change', async () => {
    const prefs = fakePrefs();
    let failing = true;
    const fake = bridge((params) => {
      if (failing) throw new Error('the main process is busy');
      return { ok: true, value: params };
    });
    startDesktopNotifyPrefs(fake, prefs);
    await flush();
    failing = false;
    prefs.change({ sound: true });
    await flush();
    expect(fake.calls.map((c) => c.params)).toEqual([
      { pages: true, muted: [] },
      { pages: true, muted: [] },
    ]);

    const refusing = bridge(() => ({ ok: false, error: { code: 'bad_request', message: 'no' } }));
    startDesktopNotifyPrefs(refusing, prefs);
    await flush();
    prefs.change({ muted: ['info'] });
    await flush();
    expect(refusing.calls).toHaveLength(2);
  });

  it('follows the app’s own preferences store by default', async () => {
    const fake = bridge();
    const stop = startDesktopNotifyPrefs(fake);
    setPrefs({ pages: !getPrefs().pages });
    setPrefs({ pages: !getPrefs().pages });
    await flush();
    stop();
    expect(fake.calls.map((c) => c.params)).toEqual([
      { pages: true, muted: [] },
      { pages: false, muted: [] },
      { pages: true, muted: [] },
    ]);
  });
});
