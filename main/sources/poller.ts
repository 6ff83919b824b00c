/**
 * One poller for every adapter: per-source timers, cursors, rate limits, backoff, health.
 *
 * Invariants:
 * - A cursor is persisted only after the sink accepted the posts it covers, so a crash
 *   between fetch and store re-reads that page (the store dedups) instead of losing it.
 * - Every source has its own timer and at most one poll in flight; a source waiting out
 *   a 429 storm never delays another, and never polls sooner than 1 s after a failure.
 * - Nothing an adapter does (throwing, rejecting, returning junk) escapes as an exception:
 *   it becomes that source's state, with a message in plain words.
 */
import {
  RECENT_GAPS,
  type NormalizedPost,
  type SourceHealth,
  type SourceStatus,
  type SourceStream,
  type StreamState,
} from '../../shared/domain.js';
import { type HttpClient, type PollResult, type SourceAdapter, SourceError } from './types.js';
import {
  DEFAULT_RATE_LIMIT_CAP_MS,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  backoffDelay,
  clampWait,
  exhaustedUntil,
  rateLimitRetryAt,
  readRateLimit,
} from './rateLimit.js';
import {
  emptyState,
  type CoverageGap,
  type PersistedSourceState,
  type PollErrorKind,
  type PollerDeps,
  type PollerOptions,
  type PollOutcome,
  type SourceOptions,
  type StoredBatch,
} from './pollerTypes.js';

export * from './pollerTypes.js';

interface Entry {
  adapter: SourceAdapter;
  intervalMs: number;
  backfill: { maxPosts: number; maxAgeMs: number };
  isDemo: boolean;
  state: PersistedSourceState;
  timer: unknown;
  nextPollAt: number | null;
  inFlight: Promise<PollOutcome> | null;
  removed: boolean;
  /** Set while polling when a response says the window is used up. */
  exhaustedUntil: number | null;
  lastRateLimitRetryAt: number | null;
  /** What the last response said of its rate-limit window, when it said it. */
  window: { remaining: number; resetAt: number } | null;
  streamWanted: boolean;
  stream: { close(): void } | null;
  /** What the open stream last reported; null while no stream is open. */
  streamState: SourceStream | null;
  /** Bumped whenever a stream is opened or closed, so a closed stream's late callbacks are ignored. */
  streamGen: number;
}

const HARD: ReadonlySet<PollErrorKind> = new Set(['auth', 'blocked', 'config', 'not_found']);

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** Adds what a batch stored today (local day of `now`) to the source's "posts today". */
function countToday(s: Entry['state'], now: number, stored: StoredBatch): void {
  const day = localDay(now);
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  // A post stamped after now (a clock ahead of ours) is still today's news, not history.
  const today = stored.insertedCreatedAt ? stored.insertedCreatedAt.filter((t) => t >= midnight).length : stored.inserted;
  s.postsToday = s.postsToday.day === day ? { day, count: s.postsToday.count + today } : { day, count: today };
}

export class Poller {
  private readonly entries = new Map<string, Entry>();
  private running = false;
  private readonly o: Required<PollerOptions>;

  constructor(
    private readonly deps: PollerDeps,
    options: PollerOptions = {},
  ) {
    this.o = {
      defaultIntervalMs: options.defaultIntervalMs ?? 60_000,
      defaultBackfill: options.defaultBackfill ?? { maxPosts: 500, maxAgeMs: 60 * 60_000 },
      rateLimitCapMs: options.rateLimitCapMs ?? DEFAULT_RATE_LIMIT_CAP_MS,
      backoffBaseMs: options.backoffBaseMs ?? 2_000,
      backoffCapMs: options.backoffCapMs ?? 15 * 60_000,
      hardErrorBaseMs: options.hardErrorBaseMs ?? 5 * 60_000,
      hardErrorCapMs: options.hardErrorCapMs ?? 60 * 60_000,
      morePagesDelayMs: options.morePagesDelayMs ?? 1_000,
      failingAfter: options.failingAfter ?? 3,
      maxGaps: options.maxGaps ?? 200,
    };
  }

  /** Register a source. Its persisted state (cursor, pending rate-limit wait) is loaded now. */
  add(adapter: SourceAdapter, opts: SourceOptions = {}): void {
    if (this.entries.has(adapter.name)) throw new Error(`source "${adapter.name}" is already registered`);
    const loaded = this.loadState(adapter.name);
    if (opts.paused !== undefined) loaded.paused = opts.paused;
    const entry: Entry = {
      adapter,
      intervalMs: Math.max(1_000, opts.intervalMs ?? this.o.defaultIntervalMs),
      backfill: opts.backfill ?? this.o.defaultBackfill,
      isDemo: opts.isDemo ?? false,
      state: loaded,
      timer: null,
      nextPollAt: null,
      inFlight: null,
      removed: false,
      exhaustedUntil: null,
      lastRateLimitRetryAt: null,
      window: null,
      streamWanted: opts.stream === true,
      stream: null,
      streamState: null,
      streamGen: 0,
    };
    this.entries.set(adapter.name, entry);
    if (this.running) this.scheduleFirst(entry);
    this.emit(entry);
  }

  /** Stop polling a source and forget it (its persisted state is left for the caller to delete). */
  remove(name: string): void {
    const e = this.entries.get(name);
    if (!e) return;
    e.removed = true;
    this.cancelTimer(e);
    this.stopStream(e);
    this.entries.delete(name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const e of this.entries.values()) this.scheduleFirst(e);
  }

  /** Clear every timer and wait for polls in flight; nothing fires afterwards. */
  async stop(): Promise<void> {
    this.running = false;
    for (const e of this.entries.values()) {
      this.cancelTimer(e);
      this.stopStream(e);
    }
    await this.idle();
  }

  /** Resolves once no poll is in flight (polls started meanwhile are awaited too). */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.entries.values()].map((e) => e.inFlight).filter((p): p is Promise<PollOutcome> => p !== null);
      if (pending.length === 0) return;
      await Promise.allSettled(pending);
    }
  }

  pause(name: string): void {
    const e = this.must(name);
    e.state.paused = true;
    this.cancelTimer(e);
    this.stopStream(e);
    this.save(e);
    this.emit(e);
  }

  resume(name: string): void {
    const e = this.must(name);
    e.state.paused = false;
    this.save(e);
    if (this.running) this.scheduleFirst(e);
    this.emit(e);
  }

  /**
   * Poll once now ("Test" in the Sources view), even when paused. If a poll is already
   * in flight its outcome is returned instead of sending a second request.
   */
  pollNow(name: string): Promise<PollOutcome> {
    return this.runPoll(this.must(name));
  }

  status(name: string): SourceStatus {
    return this.statusOf(this.must(name));
  }

  statuses(): SourceStatus[] {
    return [...this.entries.values()].map((e) => this.statusOf(e));
  }

  /** A copy of the persisted state: e.g. `lastErrorKind`, so /metrics can count a told-about rate limit as up. */
  state(name: string): PersistedSourceState {
    return structuredClone(this.must(name).state);
  }

  gaps(name: string): CoverageGap[] {
    return this.must(name).state.gaps.map((g) => ({ ...g }));
  }

  private must(name: string): Entry {
    const e = this.entries.get(name);
    if (!e) throw new Error(`unknown source "${name}"`);
    return e;
  }

  private loadState(name: string): PersistedSourceState {
    let loaded: PersistedSourceState | null = null;
    try {
      loaded = this.deps.stateStore.load(name);
    } catch (err) {
      this.deps.logger?.log('warn', 'could not load source state; starting fresh', { source: name, error: String(err) });
    }
    return loaded && loaded.version === 1 ? { ...emptyState(), ...loaded } : emptyState();
  }

  private scheduleFirst(e: Entry): void {
    this.startStream(e);
    const now = this.deps.clock.now();
    const wait = e.state.retryAt !== null && e.state.retryAt > now ? e.state.retryAt - now : 0;
    this.schedule(e, wait);
  }

  private schedule(e: Entry, delayMs: number): void {
    this.cancelTimer(e);
    if (!this.running || e.state.paused || e.removed) return;
    const delay = Math.max(0, Math.ceil(delayMs));
    e.nextPollAt = this.deps.clock.now() + delay;
    e.timer = this.deps.clock.setTimeout(() => {
      e.timer = null;
      void this.runPoll(e);
    }, delay);
  }

  private cancelTimer(e: Entry): void {
    if (e.timer !== null) this.deps.clock.clearTimeout(e.timer);
    e.timer = null;
    e.nextPollAt = null;
  }

  private runPoll(e: Entry): Promise<PollOutcome> {
    if (e.inFlight) return e.inFlight;
    this.cancelTimer(e);
    const p = this.pollOnce(e).finally(() => {
      e.inFlight = null;
    });
    e.inFlight = p;
    return p;
  }

  /** The adapter sees an HTTP client that reports rate-limit headers back to us. */
  private observingHttp(e: Entry): HttpClient {
    return {
      request: async (url, init) => {
        const res = await this.deps.http.request(url, init);
        const now = this.deps.clock.now();
        if (res.status === 429) e.lastRateLimitRetryAt = rateLimitRetryAt(res.headers, now, this.o.rateLimitCapMs);
        const until = exhaustedUntil(res.headers, now, this.o.rateLimitCapMs);
        if (until !== null) e.exhaustedUntil = Math.max(e.exhaustedUntil ?? 0, until);
        const { remaining, resetAt } = readRateLimit(res.headers, now);
        e.window = remaining !== null && resetAt !== null ? { remaining, resetAt } : null;
        return res;
      },
    };
  }

  private async pollOnce(e: Entry): Promise<PollOutcome> {
    const startedAt = this.deps.clock.now();
    const backfilling = isBackfilling(e);
    e.exhaustedUntil = null;
    e.lastRateLimitRetryAt = null;
    let result: PollResult;
    try {
      result = await e.adapter.poll({
        http: this.observingHttp(e),
        now: () => this.deps.clock.now(),
        cursor: e.state.cursor,
        backfill: e.backfill,
        intervalMs: e.intervalMs,
      });
      if (!result || !Array.isArray(result.posts)) throw new Error('adapter returned no post list');
    } catch (err) {
      return this.fail(e, startedAt, err);
    }
    let stored: StoredBatch = { inserted: 0 };
    try {
      if (result.posts.length > 0) stored = this.deps.sink(result.posts);
      if (result.incidents && result.incidents.length > 0) this.deps.incidentSink?.(result.incidents);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      return this.fail(e, startedAt, { kind: 'store' as const, message: `Could not store posts: ${msg}` });
    }
    return this.succeed(e, result, stored, backfilling);
  }

  private succeed(e: Entry, result: PollResult, stored: StoredBatch, backfilling: boolean): PollOutcome {
    const inserted = stored.inserted;
    const now = this.deps.clock.now();
    const s = e.state;
    if (result.cursor !== null && result.cursor !== undefined) s.cursor = result.cursor;
    s.failures = 0;
    s.lastError = null;
    s.lastErrorKind = null;
    s.lastSuccessAt = now;
    for (const p of result.posts) if (s.newestPostAt === null || p.createdAt > s.newestPostAt) s.newestPostAt = p.createdAt;
    const open = s.gaps[s.gaps.length - 1];
    if (open && open.end === null) open.end = now;
    countToday(s, now, stored);
    if (backfilling) s.backfill = result.hasMore ? { fetched: (s.backfill?.fetched ?? 0) + historyCount(result) } : null;

    let delay = result.hasMore ? this.pageDelay(e, backfilling, now) : e.intervalMs;
    if (e.exhaustedUntil !== null) delay = Math.max(delay, e.exhaustedUntil - now);
    s.retryAt = e.exhaustedUntil;
    this.save(e);
    this.schedule(e, delay);
    this.emit(e);
    return {
      ok: true,
      fetched: result.posts.length,
      inserted,
      hasMore: result.hasMore === true,
      error: null,
      sample: result.posts.slice(0, 5),
      status: this.statusOf(e),
    };
  }

  /**
   * History pages come a second apart, but never into the requests the forward reads need at
   * the interval until the window resets: then the next poll waits for the interval, when a
   * forward read is due, and history goes on once the window has room again.
   */
  private pageDelay(e: Entry, backfilling: boolean, now: number): number {
    const w = e.window;
    if (!backfilling || w === null || w.resetAt <= now) return this.o.morePagesDelayMs;
    const reserve = Math.ceil((w.resetAt - now) / e.intervalMs) + 1;
    return w.remaining > reserve ? this.o.morePagesDelayMs : e.intervalMs;
  }

  private fail(e: Entry, startedAt: number, err: unknown): PollOutcome {
    const now = this.deps.clock.now();
    const s = e.state;
    const { kind, message, retryAt } = describe(err, e.adapter.name);
    s.failures += 1;
    s.lastErrorKind = kind;
    s.lastError = message;
    let wait: number;
    if (kind === 'rate_limited') {
      const at = retryAt ?? e.lastRateLimitRetryAt;
      wait = clampWait(at === null ? DEFAULT_RATE_LIMIT_WAIT_MS : at - now, this.o.rateLimitCapMs);
    } else if (HARD.has(kind)) {
      const exp = Math.min(s.failures - 1, 10);
      wait = Math.min(this.o.hardErrorCapMs, Math.max(e.intervalMs, this.o.hardErrorBaseMs * 2 ** exp));
    } else {
      wait = backoffDelay(s.failures, { baseMs: this.o.backoffBaseMs, capMs: this.o.backoffCapMs, random: this.deps.random });
    }
    s.retryAt = now + wait;
    const last = s.gaps[s.gaps.length - 1];
    if (!last || last.end !== null) {
      s.gaps.push({ start: s.lastSuccessAt ?? startedAt, end: null, reason: message });
      if (s.gaps.length > this.o.maxGaps) s.gaps.splice(0, s.gaps.length - this.o.maxGaps);
    }
    this.deps.logger?.log('warn', 'source poll failed', { source: e.adapter.name, kind, message, retryInMs: wait });
    this.save(e);
    this.schedule(e, wait);
    this.emit(e);
    return { ok: false, fetched: 0, inserted: 0, hasMore: false, error: { kind, message }, sample: [], status: this.statusOf(e) };
  }

  private startStream(e: Entry): void {
    if (!e.streamWanted || !e.adapter.stream || e.stream || !this.running || e.state.paused || e.removed) return;
    const gen = ++e.streamGen;
    // Shown as 'connecting' from the start, so a stream that never reports still shows up as asked for.
    this.setStreamState(e, gen, 'connecting', null);
    try {
      e.stream = e.adapter.stream({
        now: () => this.deps.clock.now(),
        cursor: e.state.streamCursor ?? null,
        onPosts: (posts, cursor) => this.acceptStreamed(e, posts, cursor),
        onError: (err) => {
          // Polling still covers the source, so a stream problem is logged, not shown as failing.
          this.deps.logger?.log('warn', 'source stream problem', { source: e.adapter.name, kind: err.kind, message: err.message });
          // A settings problem means the stream will never connect: say why instead of "connecting…" forever.
          if (err.kind === 'config' && e.streamState !== null && e.streamState.state !== 'live')
            this.setStreamState(e, gen, e.streamState.state, err.message);
        },
        onState: (state, detail) =>
          this.setStreamState(e, gen, state, state === 'reconnecting' ? (detail ?? 'connection lost') : (detail ?? null)),
      });
    } catch (err) {
      this.deps.logger?.log('warn', 'could not open source stream', { source: e.adapter.name, error: String(err) });
      const msg = err instanceof Error ? err.message : String(err);
      this.setStreamState(e, gen, 'connecting', `could not open the stream: ${msg.slice(0, 200)}`);
    }
  }

  private stopStream(e: Entry): void {
    e.streamGen += 1;
    e.stream?.close();
    e.stream = null;
    e.streamState = null;
  }

  /** Records a stream state from the stream opened as `gen`; emits only when something changed. */
  private setStreamState(e: Entry, gen: number, state: StreamState, detail: string | null): void {
    if (gen !== e.streamGen || e.removed) return;
    const prev = e.streamState;
    if (prev && prev.state === state && prev.detail === detail) return;
    // `since` marks when this state began; a new reason for the same state keeps it.
    const since = prev && prev.state === state ? prev.since : this.deps.clock.now();
    e.streamState = { state, since, detail };
    this.emit(e);
  }

  private acceptStreamed(e: Entry, posts: NormalizedPost[], cursor: string | null): void {
    if (e.removed || e.state.paused || posts.length === 0) return;
    const now = this.deps.clock.now();
    let stored: StoredBatch;
    try {
      stored = this.deps.sink(posts);
    } catch (err) {
      this.deps.logger?.log('warn', 'could not store streamed posts; polling will re-read them', {
        source: e.adapter.name,
        error: String(err),
      });
      return;
    }
    const s = e.state;
    if (cursor !== null) s.streamCursor = cursor;
    for (const p of posts) if (s.newestPostAt === null || p.createdAt > s.newestPostAt) s.newestPostAt = p.createdAt;
    countToday(s, now, stored);
    this.save(e);
    this.emit(e);
  }

  private healthOf(e: Entry): SourceHealth {
    const s = e.state;
    if (s.paused) return 'paused';
    if (s.lastErrorKind === null) return 'ok';
    if (s.lastErrorKind === 'rate_limited') return 'degraded';
    if (HARD.has(s.lastErrorKind)) return 'failing';
    return s.failures < this.o.failingAfter ? 'degraded' : 'failing';
  }

  private statusOf(e: Entry): SourceStatus {
    const now = this.deps.clock.now();
    const s = e.state;
    const seen = Math.max(s.lastSuccessAt ?? -Infinity, s.newestPostAt ?? -Infinity);
    return {
      name: e.adapter.name,
      type: e.adapter.type,
      health: this.healthOf(e),
      lastError: s.lastError,
      lastSuccessAt: s.lastSuccessAt,
      nextPollAt: e.nextPollAt,
      lagSeconds: Number.isFinite(seen) ? Math.max(0, Math.round((now - seen) / 1000)) : null,
      postsToday: s.postsToday.day === localDay(now) ? s.postsToday.count : 0,
      isDemo: e.isDemo,
      recentGaps: recentGaps(s.gaps, now),
      stream: e.streamState ? { ...e.streamState } : null,
      ...(s.backfill ? { backfill: { fetched: s.backfill.fetched } } : {}),
    };
  }

  private save(e: Entry): void {
    if (e.removed) return;
    try {
      this.deps.stateStore.save(e.adapter.name, e.state);
    } catch (err) {
      this.deps.logger?.log('warn', 'could not save source state', { source: e.adapter.name, error: String(err) });
    }
  }

  private emit(e: Entry): void {
    if (e.removed) return;
    try {
      this.deps.onStatus?.(this.statusOf(e));
    } catch (err) {
      this.deps.logger?.log('warn', 'status listener threw', { source: e.adapter.name, error: String(err) });
    }
  }
}

/**
 * Whether this poll continues a first start's history: a source with no cursor yet, or one
 * already paging back. A webhook's inbox and the demo's script have no history to page.
 */
function isBackfilling(e: Entry): boolean {
  if (e.isDemo || e.adapter.type === 'webhook') return false;
  return e.state.backfill != null || e.state.cursor === null;
}

/**
 * What a poll adds to "Fetching history… N posts": live posts read between history pages are
 * not history. A count an adapter got wrong is held to its posts, so the status stays valid.
 */
function historyCount(result: PollResult): number {
  const n = result.historyPosts;
  if (n === undefined) return result.posts.length;
  return Number.isFinite(n) ? Math.min(result.posts.length, Math.max(0, Math.floor(n))) : 0;
}

function recentGaps(gaps: readonly CoverageGap[], now: number): CoverageGap[] {
  const from = now - RECENT_GAPS.withinMs;
  return gaps
    .filter((g) => g.end === null || g.end >= from)
    .slice(-RECENT_GAPS.max)
    .map((g) => ({ ...g }));
}

function describe(err: unknown, source: string): { kind: PollErrorKind; message: string; retryAt: number | null } {
  if (err instanceof SourceError) return { kind: err.kind, message: err.message, retryAt: err.retryAt };
  if (err && typeof err === 'object' && 'kind' in err && (err as { kind: unknown }).kind === 'store') {
    return { kind: 'store', message: String((err as { message?: unknown }).message), retryAt: null };
  }
  const msg = err instanceof Error ? err.message : String(err);
  return { kind: 'internal', message: `Unexpected problem while reading ${source}: ${msg.slice(0, 200)}`, retryAt: null };
}
