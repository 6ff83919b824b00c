/**
 * Reddit: app-only OAuth (client_credentials, token reused until shortly before it
 * expires), then search or /r/<subs>/new on oauth.reddit.com. Forward polling asks for
 * `before=<newest fullname seen>`; if that post was deleted the listing comes back empty
 * forever, so an empty answer is double-checked against the plain newest page, deduped on
 * fullname. First start pages back with `after`. Unauthenticated `.json` is blocked
 * (HTML 403), so there is no anonymous mode. While the first start pages back, forward
 * reads still come at the source's interval (interleave.ts).
 */
import { z } from 'zod';
import type { NormalizedPost } from '../../shared/domain.js';
import { SourceError, type HttpResponse, type PollContext, type PollResult, type SourceAdapter, readCursorWith } from './types.js';
import { classifyResponse, errorName, parseItems, parseJson, parseShape } from './http.js';
import { boundPost, cleanText, safeUrl, toCount } from './html.js';
import { clampCreatedAt, epochSecondsToMs } from './time.js';
import { afterForward, afterHistory, forwardDue, forwardMark } from './interleave.js';

export interface RedditOptions {
  name: string;
  /** API host. Default https://oauth.reddit.com */
  baseUrl?: string;
  /** Token host. Default https://www.reddit.com */
  authUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Without 'r/'. Several are combined as r/a+b. */
  subreddits?: string[];
  /** Search terms; without them the subreddits' /new listing is read. */
  keywords?: string[];
  /** 1–100 */
  limit?: number;
}

const str = z.string().nullish();
const thing = z.object({
  kind: z.string(),
  data: z.object({
    name: z.string().min(1),
    title: str,
    selftext: str,
    body: str,
    author: str,
    subreddit: str,
    created_utc: z.union([z.number(), z.string()]).nullish(),
    permalink: str,
    score: z.unknown(),
    num_comments: z.unknown(),
  }),
});
type Thing = z.infer<typeof thing>;
const listing = z.object({ data: z.object({ after: str, before: str, children: z.array(z.unknown()) }) });
const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.union([z.number(), z.string()]).nullish() });

const position = {
  anchor: z.string().nullable(),
  anchorAt: z.number().nullable(),
  /** Recently emitted fullnames, for the deleted-anchor fallback. */
  seen: z.array(z.string()),
  backfill: z.object({ after: z.string(), count: z.number(), until: z.number() }).nullable(),
};
/** v1 (before interleaving) had no forward mark: mid-backfill, a forward read is then due at once. */
const cursorSchema = z.union([
  z.object({ v: z.literal(2), ...position, fwd: forwardMark.nullable() }),
  z.object({ v: z.literal(1), ...position }).transform((c) => ({ ...c, v: 2 as const, fwd: null })),
]);
type Cursor = z.output<typeof cursorSchema>;

const MAX_SEEN = 300;

export class RedditAdapter implements SourceAdapter {
  readonly type = 'reddit' as const;
  readonly name: string;
  private token: { value: string; expiresAt: number } | null = null;
  private readonly limit: number;

  constructor(private readonly opts: RedditOptions) {
    this.name = opts.name;
    this.limit = Math.min(100, Math.max(1, opts.limit ?? 100));
  }

  async poll(ctx: PollContext): Promise<PollResult> {
    if (!this.opts.clientId || !this.opts.clientSecret) {
      throw new SourceError('config', 'Reddit needs an app client id and secret (unauthenticated access is blocked)');
    }
    const subs = this.subs();
    if (subs.length === 0 && this.keywords().length === 0) throw new SourceError('config', 'Add a subreddit or keywords to watch');
    const cursor = readCursor(ctx.cursor);
    if (cursor?.backfill) {
      if (cursor.anchor !== null && forwardDue(cursor.fwd, ctx)) return this.forward(ctx, cursor, cursor.anchor);
      return this.backfillStep(ctx, cursor, cursor.backfill);
    }
    // Nothing seen yet (an empty first start): what arrived since is read as a backfill, not as
    // the newest page alone, whose older neighbours `before` would then skip.
    if (cursor === null || cursor.anchor === null)
      return this.backfillStep(ctx, null, { after: '', count: 0, until: ctx.now() - ctx.backfill.maxAgeMs });
    return this.forward(ctx, cursor, cursor.anchor);
  }

  private subs(): string[] {
    return (this.opts.subreddits ?? []).map((s) => s.trim().replace(/^\/?r\//i, '')).filter((s) => /^[A-Za-z0-9_]{2,21}$/.test(s));
  }

  private keywords(): string[] {
    return (this.opts.keywords ?? []).map((k) => k.trim()).filter(Boolean);
  }

  private listingUrl(params: Record<string, string>): string {
    const base = this.opts.baseUrl ?? 'https://oauth.reddit.com';
    const subs = this.subs();
    const words = this.keywords();
    const prefix = subs.length ? `r/${subs.join('+')}/` : '';
    const url = new URL(`${prefix}${words.length ? 'search' : 'new'}`, base.endsWith('/') ? base : `${base}/`);
    if (words.length) {
      url.searchParams.set('q', words.join(' ').slice(0, 512));
      url.searchParams.set('sort', 'new');
      url.searchParams.set('t', 'all');
      if (subs.length) url.searchParams.set('restrict_sr', '1');
    }
    url.searchParams.set('limit', String(this.limit));
    // Without raw_json Reddit HTML-escapes &, < and > inside every text field.
    url.searchParams.set('raw_json', '1');
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  }

  private async accessToken(ctx: PollContext): Promise<string> {
    if (this.token && this.token.expiresAt > ctx.now()) return this.token.value;
    const authBase = this.opts.authUrl ?? 'https://www.reddit.com';
    const basic = Buffer.from(`${this.opts.clientId}:${this.opts.clientSecret}`).toString('base64');
    const res = await ctx.http.request(new URL('api/v1/access_token', authBase.endsWith('/') ? authBase : `${authBase}/`).toString(), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials',
    });
    const oauthError = errorName(res);
    if (res.status === 401 || (res.status < 500 && res.status !== 429 && oauthError !== null)) {
      throw new SourceError('auth', `Reddit did not accept the app client id and secret (${oauthError ?? `HTTP ${res.status}`})`);
    }
    classifyResponse(res, 'reddit', ctx.now());
    const t = parseShape(tokenSchema, parseJson(res, 'reddit'), 'reddit', 'an access token');
    const ttl = Number(t.expires_in ?? 3600);
    // Renew a minute early so a token never expires between check and use.
    const ms = Number.isFinite(ttl) && ttl > 0 ? ttl * 1000 : 3_600_000;
    this.token = { value: t.access_token, expiresAt: ctx.now() + Math.max(ms - 60_000, ms / 2) };
    return t.access_token;
  }

  private async fetchListing(ctx: PollContext, url: string): Promise<{ things: Thing[]; after: string | null }> {
    let res: HttpResponse = await this.get(ctx, url);
    if (res.status === 401) {
      this.token = null;
      res = await this.get(ctx, url);
    }
    classifyResponse(res, 'reddit', ctx.now());
    const body = parseShape(listing, parseJson(res, 'reddit'), 'reddit', 'a listing');
    const things = parseItems(thing, body.data.children, 'reddit', 'a listing item').filter((t) => t.kind === 't3' || t.kind === 't1');
    return { things, after: body.data.after ?? null };
  }

  private async get(ctx: PollContext, url: string): Promise<HttpResponse> {
    const token = await this.accessToken(ctx);
    return ctx.http.request(url, { headers: { authorization: `bearer ${token}`, accept: 'application/json' } });
  }

  private async backfillStep(ctx: PollContext, cursor: Cursor | null, bf: NonNullable<Cursor['backfill']>): Promise<PollResult> {
    const now = ctx.now();
    const { things, after } = await this.fetchListing(ctx, this.listingUrl(bf.after ? { after: bf.after } : {}));
    const fresh = things.filter((t) => this.createdAt(t, now) >= bf.until);
    const posts = fresh.slice(0, Math.max(0, ctx.backfill.maxPosts - bf.count)).map((t) => this.toPost(t, now));
    const total = bf.count + posts.length;
    const newest = cursor ?? this.anchorFrom(things, now, { v: 2, anchor: null, anchorAt: null, seen: [], backfill: null, fwd: null });
    // Listings can be shorter than `limit` with more behind them: only a missing `after` (or
    // the one just asked with, from a server that repeats itself) ends the walk.
    const more =
      things.length > 0 && after !== null && after !== bf.after && fresh.length === things.length && total < ctx.backfill.maxPosts;
    // Only the first page lies at the anchor; older pages would push forward reads out of `seen`.
    const seen = cursor ? cursor.seen : [...newest.seen, ...posts.map((p) => p.externalId)].slice(-MAX_SEEN);
    const backfill = more && after ? { after, count: total, until: bf.until } : null;
    const out: Cursor = { ...newest, seen, backfill, fwd: backfill ? afterHistory(newest.fwd, ctx) : null };
    // Newer pages a forward read left waiting are read next, even when history just ended.
    return { posts, cursor: JSON.stringify(out), hasMore: backfill !== null || newest.fwd?.more === true, historyPosts: posts.length };
  }

  private async forward(ctx: PollContext, cursor: Cursor, anchor: string): Promise<PollResult> {
    const now = ctx.now();
    let things = (await this.fetchListing(ctx, this.listingUrl({ before: anchor }))).things;
    if (things.length === 0) things = await this.fallback(ctx, cursor, now);
    const seen = new Set(cursor.seen);
    const fresh = things.filter((t) => !seen.has(t.data.name) && t.data.name !== anchor);
    const next = this.anchorFrom(fresh, now, cursor);
    // History still being paged keeps its own position; only the anchor moves here.
    const { backfill } = cursor;
    const kept = [...cursor.seen, ...fresh.map((t) => t.data.name)].slice(-MAX_SEEN);
    const out: Cursor = { ...next, seen: kept, backfill, fwd: backfill ? afterForward(ctx, fresh.length > 0) : null };
    // A short page may just be the server's cap; caught up is a page with nothing unseen.
    const more = fresh.length > 0 || backfill !== null;
    return { posts: fresh.map((t) => this.toPost(t, now)), cursor: JSON.stringify(out), hasMore: more, historyPosts: 0 };
  }

  /** `before=<anchor>` came back empty: either nothing is new or the anchor was deleted. */
  private async fallback(ctx: PollContext, cursor: Cursor, now: number): Promise<Thing[]> {
    const { things } = await this.fetchListing(ctx, this.listingUrl({}));
    const at = things.findIndex((t) => t.data.name === cursor.anchor);
    if (at >= 0) return things.slice(0, at);
    const floor = cursor.anchorAt ?? Number.NEGATIVE_INFINITY;
    return things.filter((t) => this.createdAt(t, now) >= floor);
  }

  /** Listings are newest first, so the first item is the new anchor; created_utc ties are common. */
  private anchorFrom(things: Thing[], now: number, prev: Cursor): Cursor {
    const first = things[0];
    return first ? { ...prev, anchor: first.data.name, anchorAt: this.createdAt(first, now) } : prev;
  }

  private createdAt(t: Thing, now: number): number {
    return clampCreatedAt(epochSecondsToMs(t.data.created_utc), now).createdAt;
  }

  private toPost(t: Thing, now: number): NormalizedPost {
    const d = t.data;
    const title = cleanText(d.title ?? '').trim();
    const body = cleanText(d.selftext ?? d.body ?? '').trim();
    return boundPost({
      source: this.name,
      externalId: d.name,
      url: d.permalink ? safeUrl(d.permalink, 'https://www.reddit.com') : null,
      author: d.author ?? '',
      text: title && body ? `${title}\n\n${body}` : title || body,
      // Reddit has no language field.
      lang: null,
      createdAt: this.createdAt(t, now),
      fetchedAt: now,
      engagement: { likes: toCount(d.score), replies: toCount(d.num_comments) },
    });
  }
}

const readCursor = (raw: string | null): Cursor | null => readCursorWith(cursorSchema, raw);
