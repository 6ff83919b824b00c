/**
 * Mastodon: hashtag timeline (up to 4 tags via `any[]`) or full-text status search (needs
 * a token). Forward polling uses `min_id` (gap-free, unlike `since_id`) and follows the
 * `Link` rel=prev URL exactly as the server gave it; first-start backfill pages back with
 * the rel=next URL (`max_id`). One page per poll; `hasMore` lets the poller pace the rest.
 * Instances may serve fewer statuses than `limit` (capped pages, Link URLs without `limit`),
 * so a short page is not the end: an empty page is, or (forward) one with nothing newer.
 * While history is paged back, forward reads still come at the source's interval
 * (interleave.ts): the two positions are kept apart in the cursor.
 */
import WebSocket from 'ws';
import { z } from 'zod';
import type { NormalizedPost } from '../../shared/domain.js';
import {
  SourceError,
  type HttpResponse,
  type PollContext,
  type PollResult,
  type SourceAdapter,
  type StreamContext,
  readCursorWith,
} from './types.js';
import { classifyResponse, parseItems, parseJson, parseShape } from './http.js';
import { boundPost, htmlToText, safeUrl, toCount } from './html.js';
import { compareIds, newestId, oldestId } from './ids.js';
import { postTime } from './time.js';
import { closeReason, connectionFailure } from './streamReason.js';
import { afterForward, afterHistory, forwardDue, forwardMark } from './interleave.js';

export interface MastodonOptions {
  name: string;
  /** Instance root, e.g. https://mastodon.social */
  baseUrl: string;
  /** Without '#'. 1–4 tags: the timeline of the first, `any[]` for the rest. */
  hashtags?: string[];
  /** Full-text search terms; requires `token` (and Elasticsearch on the instance). */
  keywords?: string[];
  token?: string | null;
  /** Page size, at most 40. */
  limit?: number;
  /**
   * Streaming API root when it differs from the instance (see `configuration.urls.streaming`
   * in /api/v2/instance). Default: the instance itself over ws(s).
   */
  streamingUrl?: string;
}

/** Frames are small; a huge one is hostile, not a status. */
const MAX_FRAME_BYTES = 1024 * 1024;

// Optional: older servers omit newer counters (quotes_count), and missing equals null.
const count = z.unknown().optional().transform(toCount);
const str = z.string().nullish();
const frameSchema = z.object({ event: str, payload: z.unknown(), error: str });
const id = z.union([z.string().min(1), z.number()]).transform(String);
const account = z.object({ acct: str, username: str, url: str }).nullish();
const statusCore = z.object({
  id,
  created_at: str,
  content: str,
  spoiler_text: str,
  language: str,
  url: str,
  uri: str,
  replies_count: count,
  reblogs_count: count,
  favourites_count: count,
  quotes_count: count,
  account,
});
/** A status as we read it (exported for the property test that holds `quickStatus` to it). */
export const status = statusCore.extend({ reblog: statusCore.nullish().catch(null) });
type Status = z.infer<typeof status>;
type StatusCore = z.infer<typeof statusCore>;

const isText = (v: unknown): v is string | null | undefined => v === undefined || v === null || typeof v === 'string';

/**
 * `status.parse` for the shape servers actually send, by hand: zod costs more per status than
 * the rest of normalization. Returns `undefined` for anything it is not sure of, and the
 * schema above decides (and words the error); a property test holds the two equal.
 */
export function quickStatus(item: unknown): Status | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const raw = (item as Record<string, unknown>).reblog;
  let reblog: Status['reblog'];
  if (raw === undefined || raw === null) {
    reblog = raw;
  } else {
    reblog = quickCore(raw, undefined);
    if (reblog === undefined) return undefined;
  }
  return quickCore(item, reblog);
}

/** One status level; `reblog` is put in the same literal (spreading a status is costly). */
function quickCore<R extends Status['reblog'] | undefined>(item: unknown, reblog: R): (StatusCore & { reblog: R }) | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const r = item as Record<string, unknown>;
  const rawId = r.id;
  let id: string;
  if (typeof rawId === 'string' && rawId.length > 0) id = rawId;
  else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = String(rawId);
  else return undefined;
  const { created_at, content, spoiler_text, language, url, uri, account: a } = r;
  if (!isText(created_at) || !isText(content) || !isText(spoiler_text) || !isText(language) || !isText(url) || !isText(uri))
    return undefined;
  let account: StatusCore['account'];
  if (a === undefined || a === null) {
    account = a;
  } else {
    if (typeof a !== 'object' || Array.isArray(a)) return undefined;
    const { acct, username, url: profile } = a as Record<string, unknown>;
    if (!isText(acct) || !isText(username) || !isText(profile)) return undefined;
    account = { acct, username, url: profile };
  }
  return {
    id,
    created_at,
    content,
    spoiler_text,
    language,
    url,
    uri,
    replies_count: toCount(r.replies_count),
    reblogs_count: toCount(r.reblogs_count),
    favourites_count: toCount(r.favourites_count),
    quotes_count: toCount(r.quotes_count),
    account,
    reblog,
  };
}

const searchSchema = z.object({ statuses: z.array(z.unknown()).nullish() });

const position = {
  newest: z.string().nullable(),
  prev: z.string().nullable(),
  backfill: z.object({ next: z.string(), count: z.number(), until: z.number() }).nullable(),
};
/** v1 (before interleaving) had no forward mark: mid-backfill, a forward read is then due at once. */
const cursorSchema = z.union([
  z.object({ v: z.literal(2), ...position, fwd: forwardMark.nullable() }),
  z.object({ v: z.literal(1), ...position }).transform((c) => ({ ...c, v: 2 as const, fwd: null })),
]);
type Cursor = z.output<typeof cursorSchema>;

/** RFC 8288 Link header → rel → URL. Tolerates the extra spaces and quoting servers use. */
export function parseLinkHeader(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  // eslint-disable-next-line security/detect-unsafe-regex -- ';' separates the repeats and nothing follows them: linear
  for (const m of value.matchAll(/<([^<>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const url = m[1] ?? '';
    const rel = /rel\s*=\s*"?([^";,]+)"?/i.exec(m[2] ?? '');
    if (rel?.[1]) for (const r of rel[1].trim().split(/\s+/)) out[r.toLowerCase()] = url;
  }
  return out;
}

export class MastodonAdapter implements SourceAdapter {
  readonly type = 'mastodon' as const;
  readonly name: string;
  private readonly base: URL;
  private readonly limit: number;

  constructor(private readonly opts: MastodonOptions) {
    this.name = opts.name;
    this.base = new URL(opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
    this.limit = Math.min(40, Math.max(1, opts.limit ?? 40));
  }

  /** The cursor this adapter last wrote, parsed: the poller hands it straight back. */
  private lastCursor: { raw: string; cursor: Cursor } | null = null;

  async poll(ctx: PollContext): Promise<PollResult> {
    this.checkConfig();
    const cursor = ctx.cursor !== null && ctx.cursor === this.lastCursor?.raw ? this.lastCursor.cursor : readCursor(ctx.cursor);
    if (cursor?.backfill) {
      const live = cursor.newest !== null && forwardDue(cursor.fwd, ctx);
      return live ? this.forward(ctx, cursor) : this.continueBackfill(ctx, cursor, cursor.backfill);
    }
    // Nothing seen yet (an empty first start): what arrived since is read as a backfill, not as
    // the newest page alone, whose older neighbours min_id would then skip.
    if (cursor === null || cursor.newest === null) return this.startBackfill(ctx);
    return this.forward(ctx, cursor);
  }

  private checkConfig(): void {
    const tags = this.tags();
    const keywords = (this.opts.keywords ?? []).filter((k) => k.trim());
    if (keywords.length > 0 && !this.opts.token) {
      throw new SourceError(
        'config',
        'Mastodon full-text search needs an access token with read:search; add one or watch hashtags instead',
      );
    }
    if (keywords.length === 0 && tags.length === 0) throw new SourceError('config', 'Add at least one hashtag or keyword to watch');
    if (keywords.length === 0 && tags.length > 4) {
      throw new SourceError(
        'config',
        `Mastodon allows at most 4 hashtags per timeline (this source has ${tags.length}); split them across sources`,
      );
    }
  }

  private tags(): string[] {
    return (this.opts.hashtags ?? []).map((t) => t.trim().replace(/^#/, '')).filter(Boolean);
  }

  private isSearch(): boolean {
    return (this.opts.keywords ?? []).some((k) => k.trim());
  }

  /** The first page URL, with extra paging params. */
  private pageUrl(params: Record<string, string>): string {
    let url: URL;
    if (this.isSearch()) {
      url = new URL('api/v2/search', this.base);
      url.searchParams.set('q', (this.opts.keywords ?? []).join(' '));
      url.searchParams.set('type', 'statuses');
    } else {
      const [first, ...rest] = this.tags();
      url = new URL(`api/v1/timelines/tag/${encodeURIComponent(first ?? '')}`, this.base);
      for (const t of rest) url.searchParams.append('any[]', t);
    }
    url.searchParams.set('limit', String(this.limit));
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  }

  /** A server-given link is followed only on our own instance: the token must not leak elsewhere. */
  private sameOrigin(link: string | undefined): string | null {
    if (!link) return null;
    try {
      return new URL(link).origin === this.base.origin ? link : null;
    } catch {
      return null;
    }
  }

  private async fetchPage(ctx: PollContext, url: string): Promise<{ statuses: Status[]; links: Record<string, string> }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    const res: HttpResponse = await ctx.http.request(url, { headers });
    classifyResponse(res, 'mastodon', ctx.now());
    const body = parseJson(res, 'mastodon');
    const list = this.isSearch()
      ? (parseShape(searchSchema, body, 'mastodon', 'search results').statuses ?? [])
      : Array.isArray(body)
        ? body
        : parseShape(z.array(z.unknown()), body, 'mastodon', 'a timeline page');
    return { statuses: parseItems(status, list, 'mastodon', 'a status', quickStatus), links: parseLinkHeader(res.headers.link) };
  }

  private async startBackfill(ctx: PollContext): Promise<PollResult> {
    const until = ctx.now() - ctx.backfill.maxAgeMs;
    const { statuses, links } = await this.fetchPage(ctx, this.pageUrl({}));
    const newest = newestId(statuses.map((s) => s.id));
    // The newest page is this poll's forward read: the next one is due an interval from now.
    const start: Cursor = { v: 2, newest, prev: this.sameOrigin(links.prev), backfill: null, fwd: afterForward(ctx, false) };
    return this.backfillStep(ctx, start, statuses, links, { next: '', count: 0, until });
  }

  private async continueBackfill(ctx: PollContext, cursor: Cursor, bf: NonNullable<Cursor['backfill']>): Promise<PollResult> {
    const { statuses, links } = await this.fetchPage(ctx, bf.next);
    return this.backfillStep(ctx, cursor, statuses, links, bf);
  }

  private backfillStep(
    ctx: PollContext,
    cursor: Cursor,
    statuses: Status[],
    links: Record<string, string>,
    bf: NonNullable<Cursor['backfill']>,
  ): PollResult {
    const now = ctx.now();
    const room = Math.max(0, ctx.backfill.maxPosts - bf.count);
    const fresh = statuses.filter((s) => postTime(s.created_at, now) >= bf.until);
    const posts = fresh.slice(0, room).map((s) => this.toPost(s, now));
    const total = bf.count + posts.length;
    const oldest = oldestId(statuses.map((s) => s.id));
    const reachedAge = fresh.length < statuses.length;
    const more = !reachedAge && total < ctx.backfill.maxPosts && oldest !== null;
    const link = more ? (this.sameOrigin(links.next) ?? this.pageUrl({ max_id: oldest ?? '' })) : null;
    // A server that hands back the page just read would otherwise be asked for it forever.
    const next = link !== bf.next ? link : null;
    const out: Cursor = {
      ...cursor,
      backfill: next ? { next, count: total, until: bf.until } : null,
      fwd: next ? afterHistory(cursor.fwd, ctx) : null,
    };
    // Newer pages a forward read left waiting are read next, even when history just ended.
    return { posts, cursor: this.writeCursor(out), hasMore: next !== null || cursor.fwd?.more === true, historyPosts: posts.length };
  }

  private async forward(ctx: PollContext, cursor: Cursor): Promise<PollResult> {
    const url = this.sameOrigin(cursor.prev ?? undefined) ?? (cursor.newest ? this.pageUrl({ min_id: cursor.newest }) : this.pageUrl({}));
    const { statuses, links } = await this.fetchPage(ctx, url);
    const now = ctx.now();
    // A server that ignores min_id must not make us re-emit or move the cursor backwards.
    const newer = statuses.filter((s) => cursor.newest === null || compareIds(s.id, cursor.newest) > 0);
    const newest = newestId(
      newer.map((s) => s.id),
      cursor.newest,
    );
    // An empty page carries no Link header; the old prev link (min_id=newest) is still right.
    const prev = newer.length > 0 ? this.sameOrigin(links.prev) : cursor.prev;
    // History still being paged keeps its own position; only the forward one moves here.
    const { backfill } = cursor;
    const out: Cursor = { v: 2, newest, prev, backfill, fwd: backfill ? afterForward(ctx, newer.length > 0) : null };
    // A short page may only be the server's cap: caught up means a page with nothing newer.
    // That still ends, since every page that brings something starts the next one above it.
    const more = newer.length > 0 || backfill !== null;
    return { posts: newer.map((s) => this.toPost(s, now)), cursor: this.writeCursor(out), hasMore: more, historyPosts: 0 };
  }

  private writeCursor(cursor: Cursor): string {
    const raw = JSON.stringify(cursor);
    this.lastCursor = { raw, cursor };
    return raw;
  }

  /**
   * Live hashtag updates over the WebSocket streaming API (user token required since 4.2).
   * Polling keeps running as the safety net, so this never touches the cursor: a dropped
   * connection loses nothing, and the store dedups what both paths deliver.
   */
  stream(ctx: StreamContext): { close(): void } {
    const tags = this.tags();
    let closed = false;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    if (!this.opts.token || tags.length === 0 || this.isSearch()) {
      ctx.onError(new SourceError('config', 'Mastodon streaming needs an access token and hashtags; polling continues'));
      return { close: () => undefined };
    }
    const url = new URL('api/v1/streaming', this.opts.streamingUrl ? withSlash(this.opts.streamingUrl) : this.base);
    url.protocol = url.protocol === 'http:' || url.protocol === 'ws:' ? 'ws:' : 'wss:';
    const retry = () => {
      if (closed) return;
      failures += 1;
      // Full jitter up to 5 minutes: a dead streaming server must not be hammered.
      const delay = Math.max(1_000, Math.random() * Math.min(300_000, 1_000 * 2 ** Math.min(failures, 10)));
      timer = setTimeout(connect, delay);
    };
    const connect = () => {
      timer = null;
      if (closed) return;
      const ws = new WebSocket(url, {
        headers: { authorization: `Bearer ${this.opts.token ?? ''}` },
        maxPayload: MAX_FRAME_BYTES,
        handshakeTimeout: 15_000,
      });
      socket = ws;
      // Why this socket ended, for the Sources view; the close event alone rarely says.
      let reason: string | null = null;
      ws.on('open', () => {
        failures = 0;
        if (!closed) ctx.onState?.('live');
        for (const tag of tags) ws.send(JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag }));
      });
      ws.on('message', (data) => this.onFrame(ctx, String(data)));
      ws.on('unexpected-response', (_req, res) => {
        const status = res.statusCode ?? 0;
        reason =
          status === 401 || status === 403
            ? `the server refused the token (HTTP ${status})`
            : `the server refused the connection (HTTP ${status})`;
        ctx.onError(
          status === 401 || status === 403
            ? new SourceError('auth', `Mastodon streaming refused the token (HTTP ${status}); polling continues`)
            : new SourceError('server', `Mastodon streaming is unavailable (HTTP ${status}); polling continues`),
        );
        ws.terminate();
      });
      ws.on('error', (err) => {
        reason ??= connectionFailure(err);
        ctx.onError(new SourceError('network', `Mastodon streaming connection failed: ${err.message.slice(0, 200)}`));
      });
      ws.on('close', (code, why) => {
        socket = null;
        if (!closed) ctx.onState?.('reconnecting', reason ?? closeReason(code, why));
        retry();
      });
    };
    ctx.onState?.('connecting');
    connect();
    return {
      close: () => {
        closed = true;
        if (timer) clearTimeout(timer);
        socket?.terminate();
      },
    };
  }

  private onFrame(ctx: StreamContext, text: string): void {
    let frame: z.infer<typeof frameSchema>;
    try {
      const r = frameSchema.safeParse(JSON.parse(text));
      if (!r.success) return;
      frame = r.data;
    } catch {
      return;
    }
    if (frame.error) {
      ctx.onError(new SourceError('config', `Mastodon streaming: ${frame.error.slice(0, 200)}`));
      return;
    }
    if ((frame.event !== 'update' && frame.event !== 'status.update') || typeof frame.payload !== 'string') return;
    // The payload is a JSON string inside the JSON frame: decode it a second time.
    let payload: unknown;
    try {
      payload = JSON.parse(frame.payload);
    } catch {
      return;
    }
    const quick = quickStatus(payload);
    if (quick) {
      ctx.onPosts([this.toPost(quick, ctx.now())], null);
      return;
    }
    const st = status.safeParse(payload);
    if (st.success) ctx.onPosts([this.toPost(st.data, ctx.now())], null);
  }

  private toPost(s: Status, now: number): NormalizedPost {
    // A reblog is a fresh mention at reblog time, but its words and author are the original's.
    const src = s.reblog ?? s;
    const body = htmlToText(src.content ?? '');
    const spoiler = htmlToText(src.spoiler_text ?? '');
    return boundPost({
      source: this.name,
      externalId: s.id,
      url: safeUrl(src.url) ?? safeUrl(src.uri),
      author: src.account?.acct ?? src.account?.username ?? '',
      text: spoiler ? `${spoiler}\n\n${body}` : body,
      lang: src.language ?? null,
      createdAt: postTime(s.created_at, now),
      fetchedAt: now,
      engagement: {
        likes: src.favourites_count,
        reposts: src.reblogs_count,
        replies: src.replies_count,
        quotes: src.quotes_count,
      },
    });
  }
}

function withSlash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}

const readCursor = (raw: string | null): Cursor | null => readCursorWith(cursorSchema, raw);
