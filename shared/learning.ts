/**
 * How sure the dashed expectation can be yet. The detector gives no band for its first day, and
 * its hour-of-day profile has a week's memory (`seasonHalfLifeDays`): until then a quiet night
 * pulls a busy afternoon's expectation down (about 60 % of the counts on day 2 and 80 % on day 6
 * for a plain daily cycle: `npx tsx test/nab/youngSeries.ts`), so the chart and an alert's
 * ratio, and the notices about it, should say so rather than look sure.
 */
import { DAY_MINUTES } from './domain.js';

const PROFILE_DAYS = 7;

export interface LearningNote {
  shown: string;
  detail: string;
}

/** The note for an expectation that has learned from `historyMinutes`; null once it has a week. */
export function learningFromHistory(historyMinutes: number | null | undefined): LearningNote | null {
  if (historyMinutes === null || historyMinutes === undefined) return null;
  const days = historyMinutes / DAY_MINUTES;
  if (days >= PROFILE_DAYS) return null;
  if (days < 1) return { shown: 'Learning: under a day of history', detail: 'The band starts after a day of history.' };
  return {
    shown: `Learning: ${Math.floor(days)} of ${PROFILE_DAYS} days of history`,
    detail:
      'The expectation learns each hour of the day over a week; until then it usually runs under the counts, most in the busiest hours, so ratios read high.',
  };
}

/** The same for a chart: history from `firstMinute` (the hub's first stored minute) to now. */
export function learningNote(firstMinute: number | null | undefined, nowMinute: number): LearningNote | null {
  return firstMinute === null || firstMinute === undefined ? null : learningFromHistory(nowMinute - firstMinute);
}
