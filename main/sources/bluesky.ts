/**
 * Bluesky: app.bsky.feed.searchPosts with `sort=latest&since=<watermark − margin>`.
 * There is no since_id, so the margin re-reads a little and posts are deduped by at-uri
 * (kept in the cursor). Public search is often switched off (403, sometimes HTML) and
 * rejects `cursor`, so with credentials the adapter searches through the user's PDS with a
 * reused session, refreshed on ExpiredToken (a 400, not a 401), and only then pages.
 * `stream()` adds live posts from Jetstream (jetstream.ts) on top of polling.
 * A first start's history is its own sweep: forward sweeps above its newest page go on at
 * the source's interval while it pages back (interleave.ts).
 */
import { z } from 'zod';
import type { NormalizedPost } from '../../shared/domain.js';
import {
  SourceError,
  readCursorWith,
  type HttpResponse,
  type PollContext,
  type PollResult,
  type SourceAdapter,
  type StreamContext,
} from './types.js';
import { classifyResponse, errorName, parseItems, parseJson, parseShape } from './http.js';
import { boundPost, cleanText, toCount } from './html.js';
import { parseTimestamp, postTime, toIso } from './time.js';
import { openJetstream, type JetstreamTuning } from './jetstream.js';
import { afterForward, afterHistory, forwardDue, forwardMark } from './interleave.js';

export interface BlueskyOptions {
  name: string;
  /** AppView for unauthenticated search. Default https://public.api.bsky.app */
  baseUrl?: string;
  /** PDS (or entryway) for createSession and authenticated search. Default https://bsky.social */
  serviceUrl?: string;
  keywords?: string[];
  /** Without '#'; added to the query as #tags. */
  hashtags?: string[];
  /** Handle or email, with an app password: enables authenticated search. */
  identifier?: string | null;
  appPassword?: string | null;
  /** Results per request, 1–100. */
  limit?: number;
  /** How far before the last indexedAt each poll re-reads. Default 2 minutes. */
  marginMs?: number;
  /** Jetstream instance for `stream()`. Default wss://jetstream2.us-east.bsky.network */
  jetstreamUrl?: string;
  /** Stream timings and limits; tests shorten them. */
  jetstream?: Partial<JetstreamTuning> & { random?: () => number };
}

const str = z.string().nullish();
// Optional: older servers omit newer counters (quotes_count), and missing equals null.
const count = z.unknown().optional().transform(toCount);
const postView = z.object({
  uri: z.string().startsWith('at://'),
  author: z.object({ did: z.string(), handle: str }),
  record: z
    .object({ text: str, createdAt: str, langs: z.array(z.unknown()).nullish().catch(null) })
    .nullish()
    .catch(null),
  indexedAt: str,
  replyCount: count,
  repostCount: count,
  likeCount: count,
  quoteCount: count,
});
type PostView = z.infer<typeof postView>;

const searchResponse = z.object({ cursor: str, posts: z.array(z.unknown()) });
const sessionSchema = z.object({ did: z.string(), accessJwt: z.string().min(1), refreshJwt: z.string().min(1) });
type Session = z.infer<typeof sessionSchema>;

/** Pages from the newest down to `floor`. `max` null = no post limit (only history has one). */
const sweepSchema = z.object({ cursor: z.string(), top: z.number(), floor: z.number(), count: z.number(), max: z.number().nullable() });
type Sweep = z.infer<typeof sweepSchema>;
const shared = {
  /** [uri, indexedAt ms] read near the watermark (and all of history while it lasts), to drop re-reads. */
  seen: z.array(z.tuple([z.string(), z.number()])),
};
const cursorSchema = z.union([
  z.object({
    v: z.literal(2),
    /** Newest indexedAt read forward (epoch ms); null until the first page is read. */
    since: z.number().nullable(),
    ...shared,
    /** A forward sweep in progress: from the newest down to `since` minus the margin. */
    sweep: sweepSchema.nullable(),
    /** The first start's history, paging back below the first page it read. */
    history: sweepSchema.nullable(),
    fwd: forwardMark.nullable(),
  }),
  // v1 paged history as its only sweep, with `since` null until the sweep ended.
  z.object({ v: z.literal(1), since: z.number().nullable(), ...shared, sweep: sweepSchema.nullable() }).transform((c): Cursor => {
    const history = c.since === null ? c.sweep : null;
    return { v: 2, since: history ? history.top : c.since, seen: c.seen, sweep: history ? null : c.sweep, history, fwd: null };
  }),
]);
interface Cursor {
  v: 2;
  since: number | null;
  seen: [string, number][];
  sweep: Sweep | null;
  history: Sweep | null;
  fwd: z.infer<typeof forwardMark> | null;
}

/** What one page of a sweep read, and where the sweep stands after it. */
interface SweepPage {
  posts: NormalizedPost[];
  seen: [string, number][];
  /** Newest indexedAt the sweep has seen so far; -Infinity when none. */
  top: number;
  /** The sweep to continue, null when it ended. */
  next: Sweep | null;
}

const MAX_SEEN = 5_000;

export class BlueskyAdapter implements SourceAdapter {
  readonly type = 'bluesky' as const;
  readonly name: string;
  private session: Session | null = null;
  private readonly limit: number;
  private readonly marginMs: number;

  constructor(private readonly opts: BlueskyOptions) {
    this.name = opts.name;
    this.limit = Math.min(100, Math.max(1, opts.limit ?? 100));
    this.marginMs = opts.marginMs ?? 120_000;
  }

  private get authenticated(): boolean {
    return Boolean(this.opts.identifier && this.opts.appPassword);
  }

  private query(): string {
    const words = (this.opts.keywords ?? []).map((k) => k.trim()).filter(Boolean);
    const tags = (this.opts.hashtags ?? [])
      .map((t) => t.trim().replace(/^#/, ''))
      .filter(Boolean)
      .map((t) => `#${t}`);
    return [...words, ...tags].join(' ');
  }

  async poll(ctx: PollContext): Promise<PollResult> {
    const q = this.query();
    if (!q) throw new SourceError('config', 'Add at least one keyword or hashtag to search Bluesky for');
    const state: Cursor = readCursorWith(cursorSchema, ctx.cursor) ?? {
      v: 2,
      since: null,
      seen: [],
      sweep: null,
      history: null,
      fwd: null,
    };
    const history = state.since === null || (state.history !== null && !forwardDue(state.fwd, ctx));
    return history ? this.historyPage(ctx, q, state) : this.forwardPage(ctx, q, state);
  }

  /** One page of the first start's history; its first page is the newest, so it sets `since`. */
  private async historyPage(ctx: PollContext, q: string, state: Cursor): Promise<PollResult> {
    const sweep = state.history;
    const floor = sweep?.floor ?? ctx.now() - ctx.backfill.maxAgeMs;
    const max = sweep ? (sweep.max ?? Number.POSITIVE_INFINITY) : ctx.backfill.maxPosts;
    const page = await this.sweepPage(ctx, q, state.seen, sweep, floor, max);
    const since = state.since ?? (Number.isFinite(page.top) ? page.top : floor);
    const next: Cursor = { ...state, since, seen: page.seen, history: page.next, fwd: page.next ? afterHistory(state.fwd, ctx) : null };
    // A forward sweep left mid-way when history ended is finished before the interval.
    return {
      posts: page.posts,
      cursor: this.writeCursor(next),
      hasMore: page.next !== null || state.sweep !== null,
      historyPosts: page.posts.length,
    };
  }

  /** One page of a forward sweep, down to the watermark minus the margin. */
  private async forwardPage(ctx: PollContext, q: string, state: Cursor): Promise<PollResult> {
    const sweep = state.sweep;
    const floor = sweep?.floor ?? (state.since ?? ctx.now()) - this.marginMs;
    const page = await this.sweepPage(ctx, q, state.seen, sweep, floor, sweep?.max ?? Number.POSITIVE_INFINITY);
    const top = Math.max(page.top, state.since ?? Number.NEGATIVE_INFINITY);
    const since = page.next || !Number.isFinite(top) ? state.since : top;
    const fwd = state.history ? afterForward(ctx, page.next !== null) : null;
    const next: Cursor = { ...state, since, seen: page.seen, sweep: page.next, fwd };
    return { posts: page.posts, cursor: this.writeCursor(next), hasMore: page.next !== null || state.history !== null, historyPosts: 0 };
  }

  private async sweepPage(
    ctx: PollContext,
    q: string,
    seenList: Cursor['seen'],
    sweep: Sweep | null,
    floor: number,
    max: number,
  ): Promise<SweepPage> {
    const now = ctx.now();
    const params = new URLSearchParams({ q, sort: 'latest', since: toIso(floor), limit: String(this.limit) });
    if (sweep && this.authenticated) params.set('cursor', sweep.cursor);
    const body = await this.search(ctx, params);

    const seen = new Set(seenList.map(([uri]) => uri));
    const views = parseItems(postView, body.posts, 'bluesky', 'a post').filter((p) => !seen.has(p.uri));
    const room = Math.max(0, max - (sweep?.count ?? 0));
    const taken = Number.isFinite(room) ? views.slice(0, room) : views;

    const indexed = (p: PostView) => Math.min(now, parseTimestamp(p.indexedAt) ?? postTime(p.record?.createdAt, now));
    // A future indexedAt (skewed clock) must not push the watermark past now and skip posts.
    const pageTop = views.reduce((m, p) => Math.max(m, indexed(p)), Number.NEGATIVE_INFINITY);
    const top = Math.max(sweep?.top ?? Number.NEGATIVE_INFINITY, pageTop);
    const count = (sweep?.count ?? 0) + taken.length;
    // The AppView may answer with fewer posts than `limit`, so a short page is not the end: a
    // missing cursor is, or a page with nothing unseen (which also ends a server's loop).
    const more = this.authenticated && Boolean(body.cursor) && body.cursor !== sweep?.cursor && views.length > 0 && count < max;
    const next =
      more && body.cursor
        ? { cursor: body.cursor, top: Number.isFinite(top) ? top : floor, floor, count, max: Number.isFinite(max) ? max : null }
        : null;
    return {
      posts: taken.map((p) => this.toPost(p, now)),
      seen: [...seenList, ...taken.map((p): [string, number] => [p.uri, indexed(p)])],
      top,
      next,
    };
  }

  /**
   * Trims the re-read list to what a later page could read again: the margin's worth below the
   * watermark (a forward sweep reads no lower), and while history pages, its last two pages (a
   * server that serves one again). A week of history is up to 100,000 posts: kept whole, the
   * cursor written after every page grew to megabytes.
   */
  private writeCursor(c: Cursor): string {
    if (c.sweep) return JSON.stringify(c);
    const keepFrom = (c.since ?? Number.NEGATIVE_INFINITY) - this.marginMs;
    const lastPages = c.history ? c.seen.length - 2 * this.limit : c.seen.length;
    const kept = c.seen.filter(([, t], i) => t >= keepFrom || i >= lastPages);
    return JSON.stringify({ ...c, seen: kept.slice(Math.max(0, kept.length - MAX_SEEN)) });
  }

  /** Jetstream live posts filtered by the same query; polling keeps running beside it. */
  stream(ctx: StreamContext): { close(): void } {
    const query = this.query();
    if (!query) {
      ctx.onError(new SourceError('config', 'Add at least one keyword or hashtag to stream Bluesky for'));
      return { close: () => undefined };
    }
    return openJetstream(
      { ...this.opts.jetstream, name: this.name, query, ...(this.opts.jetstreamUrl ? { url: this.opts.jetstreamUrl } : {}) },
      ctx,
    );
  }

  private async search(ctx: PollContext, params: URLSearchParams): Promise<z.infer<typeof searchResponse>> {
    if (!this.authenticated) {
      const base = this.opts.baseUrl ?? 'https://public.api.bsky.app';
      const res = await ctx.http.request(xrpcUrl(base, 'app.bsky.feed.searchPosts', params), { headers: { accept: 'application/json' } });
      classifyResponse(res, 'bluesky', ctx.now());
      return parseShape(searchResponse, parseJson(res, 'bluesky'), 'bluesky', 'search results');
    }
    const url = xrpcUrl(this.service(), 'app.bsky.feed.searchPosts', params);
    let session = await this.ensureSession(ctx);
    let res = await this.authed(ctx, url, session);
    if (res.status === 400 && errorName(res) === 'ExpiredToken') {
      session = await this.refresh(ctx, session);
      res = await this.authed(ctx, url, session);
    }
    if (res.status === 401) this.session = null;
    if (res.status === 403) {
      throw new SourceError('blocked', 'Bluesky refused the search through your account (HTTP 403); check that the account is active');
    }
    classifyResponse(res, 'bluesky', ctx.now());
    return parseShape(searchResponse, parseJson(res, 'bluesky'), 'bluesky', 'search results');
  }

  private service(): string {
    return this.opts.serviceUrl ?? 'https://bsky.social';
  }

  private authed(ctx: PollContext, url: string, session: Session): Promise<HttpResponse> {
    return ctx.http.request(url, { headers: { accept: 'application/json', authorization: `Bearer ${session.accessJwt}` } });
  }

  /** createSession is limited to 30 per 5 minutes: one per adapter lifetime unless it dies. */
  private async ensureSession(ctx: PollContext): Promise<Session> {
    if (this.session) return this.session;
    const res = await ctx.http.request(xrpcUrl(this.service(), 'com.atproto.server.createSession'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ identifier: this.opts.identifier, password: this.opts.appPassword }),
    });
    if (res.status === 401 || (res.status === 400 && errorName(res) !== null)) {
      throw new SourceError(
        'auth',
        `Bluesky did not accept the handle or app password (${errorName(res) ?? `HTTP ${res.status}`}); create a new app password`,
      );
    }
    classifyResponse(res, 'bluesky', ctx.now());
    this.session = parseShape(sessionSchema, parseJson(res, 'bluesky'), 'bluesky', 'a login session');
    return this.session;
  }

  private async refresh(ctx: PollContext, old: Session): Promise<Session> {
    this.session = null;
    const res = await ctx.http.request(xrpcUrl(this.service(), 'com.atproto.server.refreshSession'), {
      method: 'POST',
      headers: { accept: 'application/json', authorization: `Bearer ${old.refreshJwt}` },
    });
    if (res.status >= 200 && res.status < 300) {
      const r = sessionSchema.safeParse(safeJson(res.body));
      if (r.success) {
        this.session = r.data;
        return r.data;
      }
    }
    if (res.status === 429) classifyResponse(res, 'bluesky', ctx.now());
    // The refresh token died too: log in again with the app password.
    return this.ensureSession(ctx);
  }

  private toPost(p: PostView, now: number): NormalizedPost {
    const rkey = p.uri.split('/').pop() ?? '';
    const handle = p.author.handle && p.author.handle !== 'handle.invalid' ? p.author.handle : p.author.did;
    const lang = p.record?.langs?.find((l): l is string => typeof l === 'string') ?? null;
    return boundPost({
      source: this.name,
      externalId: p.uri,
      url: rkey ? `https://bsky.app/profile/${encodeURIComponent(handle)}/post/${encodeURIComponent(rkey)}` : null,
      author: handle,
      text: cleanText(p.record?.text ?? '').trim(),
      lang,
      createdAt: postTime(p.record?.createdAt ?? p.indexedAt, now),
      fetchedAt: now,
      engagement: { likes: p.likeCount, reposts: p.repostCount, replies: p.replyCount, quotes: p.quoteCount },
    });
  }
}

function xrpcUrl(base: string, method: string, params?: URLSearchParams): string {
  const url = new URL(`xrpc/${method}`, base.endsWith('/') ? base : `${base}/`);
  if (params) url.search = params.toString();
  return url.toString();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
