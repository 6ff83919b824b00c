/**
 * The poller's vocabulary: its injected dependencies, options, and the per-source state it
 * persists (cursor, backoff, health, coverage gaps). Split from poller.ts so the scheduling
 * logic reads on its own.
 */
import type { CoverageGap, NormalizedPost, SourceStatus, StatusIncident } from '../../shared/domain.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/log.js';
import type { HttpClient, SourceErrorKind } from './types.js';

// Gaps travel to clients, so their shape lives with the contract's domain types.
export type { CoverageGap } from '../../shared/domain.js';

/** 'store' = the sink refused the batch; 'internal' = an adapter bug surfaced as a throw. */
export type PollErrorKind = SourceErrorKind | 'store' | 'internal';

export interface PersistedSourceState {
  version: 1;
  cursor: string | null;
  /** Consecutive failed polls; 0 after any success. Drives backoff and degraded → failing. */
  failures: number;
  lastErrorKind: PollErrorKind | null;
  lastError: string | null;
  lastSuccessAt: number | null;
  /** The source must not be polled before this (epoch ms): rate limit or backoff. Survives restarts. */
  retryAt: number | null;
  /** createdAt of the newest post seen, for lag. */
  newestPostAt: number | null;
  gaps: CoverageGap[];
  paused: boolean;
  postsToday: { day: string; count: number };
  /**
   * Where the live stream stopped (its own cursor, e.g. Jetstream's time_us), saved once the
   * posts before it are stored, so a restart resumes the stream there. Absent in older states.
   */
  streamCursor?: string | null;
  /**
   * Set from a first start's poll (no cursor yet) for as long as the adapter says more pages
   * wait: history posts fetched so far (not live ones read between its pages). Kept across
   * restarts, since the cursor then resumes the paging.
   */
  backfill?: { fetched: number } | null;
}

export interface SourceStateStore {
  load(name: string): PersistedSourceState | null;
  save(name: string, state: PersistedSourceState): void;
}

export interface StoredBatch {
  inserted: number;
  insertedCreatedAt?: readonly number[];
}

export interface PollerDeps {
  clock: Clock;
  http: HttpClient;
  /**
   * The store: synchronous, returns how many posts were new (not duplicates) and, when it can,
   * when each new one was written, so "posts today" counts posts of today and not a first
   * poll's history fetched today.
   */
  sink(posts: NormalizedPost[]): StoredBatch;
  incidentSink?(incidents: StatusIncident[]): void;
  stateStore: SourceStateStore;
  onStatus?(status: SourceStatus): void;
  /** [0, 1); injectable so backoff jitter is deterministic in tests. */
  random?(): number;
  logger?: Logger;
}

export interface PollerOptions {
  defaultIntervalMs?: number;
  defaultBackfill?: { maxPosts: number; maxAgeMs: number };
  /** Longest we believe a server that says "come back in N". */
  rateLimitCapMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Auth, blocked, not found, bad config: a person has to act, so retry slowly. */
  hardErrorBaseMs?: number;
  hardErrorCapMs?: number;
  /** Delay before the next page when an adapter says more is waiting. */
  morePagesDelayMs?: number;
  /** Transient failures in a row shown as degraded before the source counts as failing. */
  failingAfter?: number;
  maxGaps?: number;
}

export interface SourceOptions {
  intervalMs?: number;
  backfill?: { maxPosts: number; maxAgeMs: number };
  paused?: boolean;
  isDemo?: boolean;
  /** Also open the adapter's live stream, when it has one; polling continues as the safety net. */
  stream?: boolean;
}

export interface PollOutcome {
  ok: boolean;
  fetched: number;
  inserted: number;
  hasMore: boolean;
  error: { kind: PollErrorKind; message: string } | null;
  /** A few of the posts that came back, for the Sources view's "Test". */
  sample: NormalizedPost[];
  status: SourceStatus;
}

export function emptyState(): PersistedSourceState {
  return {
    version: 1,
    cursor: null,
    failures: 0,
    lastErrorKind: null,
    lastError: null,
    lastSuccessAt: null,
    retryAt: null,
    newestPostAt: null,
    gaps: [],
    paused: false,
    postsToday: { day: '', count: 0 },
  };
}

/** A state store kept in memory: for tests and for hosts that persist elsewhere. */
export function memoryStateStore(): SourceStateStore & { data: Map<string, PersistedSourceState> } {
  const data = new Map<string, PersistedSourceState>();
  return {
    data,
    load: (name) => {
      const s = data.get(name);
      return s ? structuredClone(s) : null;
    },
    save: (name, state) => void data.set(name, structuredClone(state)),
  };
}
