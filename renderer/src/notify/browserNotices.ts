/**
 * Browser notifications for new and escalated alerts (shared/alertNotice decides when), when
 * the user allowed them and has not muted the severity; an optional short tone. The desktop
 * app notifies natively from the main process, so this stays off there.
 */
import { createAnnouncer, noticeText } from '../../../shared/alertNotice.js';
import type { DeskStoreApi } from '../store/store.js';
import { getPrefs } from './prefs.js';

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

export function startBrowserNotices(store: DeskStoreApi): () => void {
  const announcer = createAnnouncer();
  let primed = false;
  let previous = store.getState().alerts;
  return store.subscribe((state) => {
    if (state.alerts === previous) return;
    previous = state.alerts;
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
      if (state.systemInfo?.transport !== 'ipc' && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
        const text = noticeText(alert, kind);
        new Notification(text.title, { body: text.body, tag: `alert-${alert.id}` });
      }
      if (getPrefs().sound) beep();
    }
  });
}
