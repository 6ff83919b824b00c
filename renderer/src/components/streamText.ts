/** A source's live stream in plain words, for the line under its name in the Sources view. */
import type { SourceStream } from '../../../shared/domain.js';

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
