import type { DeskState } from '../types.js';

export const connectionSelectors = {
  phase: (s: DeskState) => s.connectionPhase,
  isLive: (s: DeskState) => s.connectionPhase === 'live',
  /** Was live and lost the hub: what is on screen is stale and a save would fail. */
  isOffline: (s: DeskState) => s.connectionPhase !== 'live' && s.connectionLiveSince !== null,
  /** Whole seconds until the next retry, or null when none is scheduled. */
  secondsToRetry: (s: DeskState, now: number): number | null =>
    s.connectionRetryAt === null ? null : Math.max(0, Math.ceil((s.connectionRetryAt - now) / 1000)),
  /** Why the hub refused the last connect, while disconnected; null when it gave no reason. */
  notice: (s: DeskState) => (s.connectionPhase === 'disconnected' ? s.connectionNotice : null),
  /** One plain sentence for the header and screen readers. */
  label: (s: DeskState, now: number): string => {
    switch (s.connectionPhase) {
      case 'live':
        return 'Live';
      case 'connecting':
        return s.connectionLiveSince === null && s.connectionAttempt === 0 ? 'Connecting…' : 'Reconnecting…';
      case 'disconnected': {
        const seconds = connectionSelectors.secondsToRetry(s, now);
        const why = s.connectionNotice ? `: ${s.connectionNotice}` : '';
        return seconds === null ? `Disconnected${why}` : `Disconnected${why} — retrying in ${seconds} s`;
      }
    }
  },
};
