/** Coverage gaps in plain words: the same sentence in the chart's hover, its notes and the table. */
import type { CoverageGap } from '../../../shared/domain.js';
import { formatClock, formatLag } from '../format.js';

/** `14:02–14:09`, `at 14:02` when it fits in one clock minute, `since 14:02` while open. */
export function gapRange(gap: CoverageGap): string {
  if (gap.end === null) return `since ${formatClock(gap.start)}`;
  const from = formatClock(gap.start);
  const to = formatClock(gap.end);
  return from === to ? `at ${from}` : `${from}–${to}`;
}

/** `7 min`, `40 s`; an open gap counts up to `now`. */
export const gapDuration = (gap: CoverageGap, now: number): string => formatLag(Math.max(0, (gap.end ?? now) - gap.start) / 1000);

export const gapSentence = (source: string, gap: CoverageGap): string => `No data from ${source} ${gapRange(gap)}: ${gap.reason}`;
