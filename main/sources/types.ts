/**
 * The one adapter interface every connector implements, and the HTTP seam they all use.
 * The poller (poller.ts) owns intervals, cursors, rate limits and backoff; an adapter only
 * turns "fetch the next page after this cursor" into posts plus a new cursor.
 */
import type { NormalizedPost, SourceType, StatusIncident, StreamState } from '../../shared/domain.js';

/** Response of the capped, time-limited HTTP client. Body is already read (and capped). */
export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Raw text; adapters parse it themselves so that malformed JSON becomes a SourceError. */
  body: string;
  /** Final URL after redirects. */
  url: string;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpClient {
  /**
   * Never resolves with a body over the configured cap and never waits past the timeout:
   * those become SourceError('too_large' | 'timeout'). Non-2xx statuses resolve normally;
   * the adapter decides (via classifyResponse in http.ts) what they mean.
   */
  request(url: string, init?: HttpRequest): Promise<HttpResponse>;
}

/**
 * Everything that can go wrong, as a discriminated kind plus a message in plain words for
 * the Sources view. `retryAt` (epoch ms) is set when the server told us when to come back.
 */
export type SourceErrorKind =
  'rate_limited' | 'auth' | 'blocked' | 'not_found' | 'server' | 'network' | 'timeout' | 'too_large' | 'malformed' | 'config';

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    readonly retryAt: number | null = null,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** Status-page incidents are not posts: kept apart, for correlating alerts. */
export interface PollContext {
  http: HttpClient;
  now(): number;
  /** Opaque per-adapter cursor persisted by the poller; null on first start. */
  cursor: string | null;
  /** First-start backfill limits. */
  backfill: { maxPosts: number; maxAgeMs: number };
  /**
   * The source's polling interval: while history is still being paged, a forward read is due
   * this long after the last one (interleave.ts). Absent for a one-off poll.
   */
  intervalMs?: number;
}

export interface PollResult {
  posts: NormalizedPost[];
  incidents?: StatusIncident[];
  /** Cursor to persist once the posts are stored. Null keeps the old one. */
  cursor: string | null;
  /** True when the adapter knows more pages are waiting right now (poll again soon). */
  hasMore?: boolean;
  /**
   * How many of `posts` came from history (a first start's backfill pages) rather than from a
   * forward read interleaved with them: "Fetching history… N posts" counts history alone.
   * Absent: all of them, as from an adapter that reads nothing but history while it backfills.
   */
  historyPosts?: number;
}

export interface SourceAdapter {
  readonly type: SourceType;
  readonly name: string;
  poll(ctx: PollContext): Promise<PollResult>;
  /** Live push (streaming/firehose) where the platform offers it; optional capability. */
  stream?(ctx: StreamContext): { close(): void };
}

export interface StreamContext {
  now(): number;
  cursor: string | null;
  onPosts(posts: NormalizedPost[], cursor: string | null): void;
  onError(error: SourceError): void;
  /**
   * Connection state for the Sources view: 'connecting' once on start, 'live' when the socket
   * opens, 'reconnecting' with a plain-words reason when it drops or a retry fails. Optional so
   * callers that only want posts need not care.
   */
  onState?(state: StreamState, detail?: string): void;
}

/**
 * Reads a persisted cursor with the adapter's own schema. A cursor that cannot be read (an
 * older format, a damaged row) is treated as a first start: backfill, then carry on.
 */
export function readCursorWith<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  raw: string | null,
): T | null {
  if (!raw) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
