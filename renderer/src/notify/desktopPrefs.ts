/**
 * The desktop app notifies from its main process (main/electron/pageNotices.ts), which cannot
 * read this window's localStorage: the window tells it "Notify me when I am paged" and the muted
 * alert severities when it starts and whenever they change. A call that fails is tried again at the next change or start;
 * until it lands the main process keeps what it was last told (on by default).
 */
import { SHELL_NOTIFY_PREFS_METHOD, type NotifyPrefs } from '../../../shared/contract/shellPrefs.js';
import type { SurgeBridge } from '../../../shared/contract/wire.js';
import { getPrefs, subscribePrefs, type Prefs } from './prefs.js';

export interface PrefsSource {
  get(): Prefs;
  subscribe(listener: () => void): () => void;
}

export function startDesktopNotifyPrefs(
  bridge: Pick<SurgeBridge, 'call'>,
  prefs: PrefsSource = { get: getPrefs, subscribe: subscribePrefs },
): () => void {
  let told: NotifyPrefs | null = null;
  const tell = (): void => {
    const { pages, muted } = prefs.get();
    const next: NotifyPrefs = { pages, muted: [...muted].sort() };
    if (told && told.pages === next.pages && told.muted.join() === next.muted.join()) return;
    told = next;
    const retryLater = () => {
      if (told === next) told = null;
    };
    bridge
      .call(SHELL_NOTIFY_PREFS_METHOD, next)
      .then((answer) => {
        if ((answer as { ok?: unknown } | null)?.ok !== true) retryLater();
      })
      .catch(retryLater);
  };
  tell();
  return prefs.subscribe(tell);
}
