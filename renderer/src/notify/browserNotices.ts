/**
 * Browser notifications, when the user allowed them: for new and escalated alerts
 * (shared/alertNotice decides when) unless the severity is muted, and for pages of this
 * person (shared/pageNotice: once per page, while it is news) unless turned off; an optional
 * short tone for both. The desktop app notifies natively from the main process (it runs with
 * the window hidden or closed to the tray), so the notifications stay off there and only the
 * tone plays.
 */
import { createAnnouncer, noticeText } from '../../../shared/alertNotice.js';
import { createPageAnnouncer, hashForCard, pageNoticeText, type SeenPages } from '../../../shared/pageNotice.js';
import type { DeskStoreApi } from '../store/store.js';
import type { DeskState } from '../store/types.js';
import { rolesOf } from '../store/team/selectors.js';
import { getPrefs } from './prefs.js';
import { storedSeenPages } from './seenPages.js';

function beep(): void {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
    tone.onended = () => void audio.close();
  } catch {
    // No audio device: the notification itself still shows.
  }
}

/** Blocked storage throws on access (some private modes): pages are then remembered for this page load only. */
function localStorageOrNull(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export interface BrowserNoticeOptions {
  now?: () => number;
  /** Where notified pages are remembered across reloads (localStorage in the app). */
  seenPages?: SeenPages;
  /** Focuses this window and shows the card when a page's notification is clicked. */
  openCard?: (cardId: number) => void;
}

export function startBrowserNotices(store: DeskStoreApi, options: BrowserNoticeOptions = {}): () => void {
  const announcer = createAnnouncer();
  const pageAnnouncer = createPageAnnouncer({
    now: options.now ?? Date.now,
    seen: options.seenPages ?? storedSeenPages(localStorageOrNull()),
  });
  let primed = false;
  let previous = store.getState().alerts;
  let previousPages = store.getState().boardPages;

  const notify = (state: DeskState, text: { title: string; body: string }, tag: string, onClick?: () => void): void => {
    if (state.systemInfo?.transport === 'ipc' || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const notice = new Notification(text.title, { body: text.body, tag });
    if (onClick)
      notice.onclick = () => {
        onClick();
        notice.close();
      };
  };

  const onAlerts = (state: DeskState): void => {
    // The first list is what was already open: on screen, not news.
    if (!primed) {
      if (state.alertsStatus !== 'ready') return;
      primed = true;
      announcer.know(state.alerts);
      return;
    }
    for (const alert of state.alerts) {
      const kind = announcer.next(alert);
      if (!kind || getPrefs().muted.includes(alert.severity)) continue;
      notify(state, noticeText(alert, kind), `alert-${alert.id}`);
      if (getPrefs().sound) beep();
    }
  };

  // Pages need no priming: the announcer remembers what it notified, and an old page is not news.
  const onPages = (state: DeskState): void => {
    const who = { userId: state.me?.user?.id ?? null, roles: rolesOf(state) };
    for (const page of state.boardPages) {
      if (!pageAnnouncer.next(page, who) || !getPrefs().pages) continue;
      notify(state, pageNoticeText(page), `page-${page.cardId}`, () => {
        if (options.openCard) options.openCard(page.cardId);
        else {
          window.focus();
          window.location.hash = hashForCard(page.cardId);
        }
      });
      if (getPrefs().sound) beep();
    }
  };

  return store.subscribe((state) => {
    if (state.alerts !== previous) {
      previous = state.alerts;
      onAlerts(state);
    }
    if (state.boardPages !== previousPages) {
      previousPages = state.boardPages;
      onPages(state);
    }
  });
}
