/**
 * When an alert is worth interrupting someone, and what the interruption says: once when it
 * opens, once more each time its severity rises; never for updates in between or for its
 * resolution. One rule for the desktop notification, the browser's, and the webhook targets.
 * Drill alerts say so in the first word.
 */
import { isDrillSeries, type Alert, type Severity } from './domain.js';
import { learningFromHistory } from './learning.js';
import { countOf } from './plural.js';

export type NoticeKind = 'opened' | 'escalated';

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function createAnnouncer() {
  const seen = new Map<number, number>();
  return {
    /** Remembers alerts already on screen (a page load), so they are not announced again. */
    know(alerts: readonly Alert[]): void {
      for (const alert of alerts) if (alert.state !== 'resolved') seen.set(alert.id, RANK[alert.severity]);
    },
    /** What to announce about this version of an alert, or null. */
    next(alert: Alert): NoticeKind | null {
      if (alert.state === 'resolved') {
        seen.delete(alert.id);
        return null;
      }
      const before = seen.get(alert.id);
      const rank = RANK[alert.severity];
      if (before !== undefined && rank <= before) return null;
      seen.set(alert.id, rank);
      return before === undefined ? 'opened' : 'escalated';
    },
  };
}

export type Announcer = ReturnType<typeof createAnnouncer>;

/**
 * A young series' expectation runs low, so a notice says how young, with the same window a day
 * earlier when the hub kept it: the war room often reads the notice before the card.
 */
function learningAside(alert: Alert): string {
  const learning = isDrillSeries(alert.series) ? null : learningFromHistory(alert.math.historyMinutes);
  if (!learning) return '';
  const { dayBefore, windowMinutes } = alert.math;
  const earlier =
    dayBefore === undefined ? '' : `; ${countOf(Math.round(dayBefore), 'post')} the same ${countOf(windowMinutes, 'minute')} a day earlier`;
  return ` (${learning.shown}${earlier})`;
}

/**
 * A rise that held through a long window (the sustained channel) reads as a small ratio over
 * hours, so the notice says so: "over 240 minutes, every 15 above the usual".
 */
function heldAside(alert: Alert): string {
  const { held, windowMinutes } = alert.math;
  return held ? ` over ${countOf(windowMinutes, 'minute')}, every ${held.blockMinutes} above the usual` : '';
}

/** Title and one line of body, plain text. */
export function noticeText(alert: Alert, kind: NoticeKind): { title: string; body: string } {
  const drill = isDrillSeries(alert.series) ? 'DRILL: ' : '';
  const { observed, expected } = alert.math;
  const terms = alert.drivers.topTerms.slice(0, 3).map((t) => t.term);
  return {
    title: `${drill}${kind === 'escalated' ? `Escalated to ${alert.severity}: ` : ''}${alert.title}`,
    body: `${drill}${Math.round(observed)} posts vs ~${Math.round(expected)} expected${heldAside(alert)}${learningAside(alert)}${terms.length ? ` · ${terms.join(', ')}` : ''}`,
  };
}
