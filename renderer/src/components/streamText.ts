/** A source's live stream and first history fetch in plain words, for the lines under its name in the Sources view. */
import type { SourceStatus, SourceStream } from '../../../shared/domain.js';
import { countOf } from '../../../shared/plural.js';

/** `Live stream: connected`, `Live stream: reconnecting — connection refused`; null when the source does not stream. */
export function streamLine(stream: SourceStream | null): string | null {
  if (stream === null) return null;
  const why = stream.detail ? ` — ${stream.detail}` : '';
  switch (stream.state) {
    case 'live':
      return 'Live stream: connected';
    case 'connecting':
      return `Live stream: connecting…${why}`;
    case 'reconnecting':
      return `Live stream: reconnecting${why}`;
  }
}

/** `Fetching history… 12,400 posts so far` while a new source pages back; null otherwise (and from older hubs). */
export function backfillLine(backfill: SourceStatus['backfill']): string | null {
  return backfill ? `Fetching history… ${countOf(backfill.fetched, 'post')} so far` : null;
}
