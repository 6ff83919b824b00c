/**
 * Bluesky: app.bsky.feed.searchPosts with `sort=latest&since=<watermark − margin>`.
 * There is no since_id, so the margin re-reads a little and posts are deduped by at-uri
 * (kept in the cursor). Public search is often switched off (403, sometimes HTML) and
 * rejects `cursor`, so with credentials the adapter searches through the user's PDS with a
 * reused session, refreshed on ExpiredToken (a 400, not a 401), and only then pages.
 * `stream()` adds live posts from Jetstream (jetstream.ts) on top of polling.
 */
import { z } from 'zod';
import type { NormalizedPost } from '../../shared/domain.js';
import { SourceError, type HttpResponse, type PollContext, type PollResult, type SourceAdapter, type StreamContext } from './types.js';
import { classifyResponse, errorName, parseItems, parseJson, parseShape } from './http.js';
import { boundPost, cleanText, toCount } from './html.js';
import { parseTimestamp, postTime, toIso } from './time.js';
import { openJetstream, type JetstreamTuning } from './jetstream.js';

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

const cursorSchema = z.object({
  v: z.literal(1),
  /** Newest indexedAt fully read (epoch ms), null before the first sweep completes. */
  since: z.number().nullable(),
  /** [uri, indexedAt ms] read near the watermark, to drop what the margin re-reads. */
  seen: z.array(z.tuple([z.string(), z.number()])),
  /** `max` null = no post limit (only the first-start backfill has one). */
  sweep: z.object({ cursor: z.string(), top: z.number(), floor: z.number(), count: z.number(), max: z.number().nullable() }).nullable(),
});
type Cursor = z.infer<typeof cursorSchema>;

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
    const now = ctx.now();
    const prev = readCursor(ctx.cursor);
    const state: Cursor = prev ?? { v: 1, since: null, seen: [], sweep: null };
    const sweep = state.sweep;
    const backfill = state.since === null;
    const floor = sweep?.floor ?? (backfill ? now - ctx.backfill.maxAgeMs : (state.since ?? now) - this.marginMs);
    const max = sweep ? (sweep.max ?? Number.POSITIVE_INFINITY) : backfill ? ctx.backfill.maxPosts : Number.POSITIVE_INFINITY;

    const params = new URLSearchParams({ q, sort: 'latest', since: toIso(floor), limit: String(this.limit) });
    if (sweep && this.authenticated) params.set('cursor', sweep.cursor);
    const body = await this.search(ctx, params);

    const seen = new Set(state.seen.map(([uri]) => uri));
    const views = parseItems(postView, body.posts, 'bluesky', 'a post').filter((p) => !seen.has(p.uri));
    const room = Math.max(0, max - (sweep?.count ?? 0));
    const taken = Number.isFinite(room) ? views.slice(0, room) : views;
    const posts = taken.map((p) => this.toPost(p, now));

    const indexed = (p: PostView) => Math.min(now, parseTimestamp(p.indexedAt) ?? postTime(p.record?.createdAt, now));
    // A future indexedAt (skewed clock) must not push the watermark past now and skip posts.
    const pageTop = views.reduce((m, p) => Math.max(m, indexed(p)), Number.NEGATIVE_INFINITY);
    const top = Math.max(sweep?.top ?? Number.NEGATIVE_INFINITY, pageTop, state.since ?? Number.NEGATIVE_INFINITY);
    const total = (sweep?.count ?? 0) + posts.length;
    // The AppView may answer with fewer posts than `limit`, so a short page is not the end: a
    // missing cursor is, or a page with nothing unseen (which also ends a server's loop).
    const more = this.authenticated && Boolean(body.cursor) && body.cursor !== sweep?.cursor && views.length > 0 && total < max;

    const nextSeen = [...state.seen, ...taken.map((p): [string, number] => [p.uri, indexed(p)])];
    let next: Cursor;
    if (more && body.cursor) {
      next = {
        v: 1,
        since: state.since,
        seen: nextSeen,
        sweep: {
          cursor: body.cursor,
          top: Number.isFinite(top) ? top : floor,
          floor,
          count: total,
          max: Number.isFinite(max) ? max : null,
        },
      };
    } else {
      const since = Number.isFinite(top) ? top : backfill ? floor : state.since;
      const keepFrom = (since ?? now) - this.marginMs;
      const kept = nextSeen.filter(([, t]) => t >= keepFrom);
      next = { v: 1, since, seen: kept.slice(Math.max(0, kept.length - MAX_SEEN)), sweep: null };
    }
    return { posts, cursor: JSON.stringify(next), hasMore: more };
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

function readCursor(raw: string | null): Cursor | null {
  if (raw === null) return null;
  const r = cursorSchema.safeParse(safeJson(raw));
  return r.success ? r.data : null;
}
