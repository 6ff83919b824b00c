/**
 * How sure the dashed expectation can be yet. The detector gives no band for its first day, and
 * its hour-of-day profile has a week's memory (`seasonHalfLifeDays`): until then a quiet night
 * pulls a busy afternoon's expectation down, and the chart should say so rather than look wrong.
 */
const DAY_MINUTES = 1440;
const PROFILE_DAYS = 7;

export function learningNote(firstMinute: number | null | undefined, nowMinute: number): { shown: string; detail: string } | null {
  if (firstMinute === null || firstMinute === undefined) return null;
  const days = (nowMinute - firstMinute) / DAY_MINUTES;
  if (days >= PROFILE_DAYS) return null;
  if (days < 1) return { shown: 'Learning: under a day of history', detail: 'The band starts after a day of history.' };
  return {
    shown: `Learning: ${Math.floor(days)} of ${PROFILE_DAYS} days of history`,
    detail: 'The expectation learns each hour of the day over a week; until then it can run under or over the counts.',
  };
}
