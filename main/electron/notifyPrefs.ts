/**
 * This computer's notification choices as the main process knows them: told by the window
 * (shared/contract/shellPrefs.ts) and kept in the app's store, so a page that arrives at the
 * next start, before the window has loaded or while it stays in the tray, already follows them.
 * What is read back or sent in is parsed: anything else keeps what was there (or the default).
 */
import { fail, ok, type Envelope } from '../../shared/contract/envelope.js';
import { DEFAULT_NOTIFY_PREFS, notifyPrefsSchema, type NotifyPrefs } from '../../shared/contract/shellPrefs.js';
import type { KeyValueStore } from './windowState.js';

export const NOTIFY_PREFS_KEY = 'notifyPrefs';

export interface NotifyPrefsKeeper {
  current(): NotifyPrefs;
  /** The window's call: the new choices, or a plain refusal that changes nothing. */
  set(params: unknown): Envelope<NotifyPrefs>;
}

export function notifyPrefsKeeper(store: KeyValueStore): NotifyPrefsKeeper {
  const kept = notifyPrefsSchema.safeParse(store.get(NOTIFY_PREFS_KEY));
  let current: NotifyPrefs = kept.success ? kept.data : DEFAULT_NOTIFY_PREFS;
  return {
    current: () => current,
    set(params) {
      const parsed = notifyPrefsSchema.safeParse(params);
      if (!parsed.success)
        return fail('bad_request', 'The notification settings sent by the window could not be read; they stay as they were.');
      current = parsed.data;
      try {
        store.set(NOTIFY_PREFS_KEY, current);
      } catch {
        // A store that cannot write: the choice holds for this run, and the window says it again at the next start.
      }
      return ok(current);
    },
  };
}
