/**
 * X API v2 recent search with an app-only bearer token. Polling passes
 * `since_id=<newest id committed>` and follows `next_token` until it runs out, repeating
 * the same since_id/start_time on every page; only then does since_id move forward, so a
 * crash mid-sweep re-reads instead of skipping. First start uses `start_time` (the API
 * only reaches back 7 days). An empty result is just `{"meta":{"result_count":0}}`.
 * That first start's history is its own sweep: forward sweeps above its newest page go on at
 * the source's interval while it pages back (interleave.ts).
 */
import { z } from 'zod';
import type { NormalizedPost } from '../../shared/domain.js';
import { SourceError, type PollContext, type PollResult, type SourceAdapter, readCursorWith } from './types.js';
import { classifyResponse, parseItems, parseJson, parseShape } from './http.js';
import { boundPost, cleanText, decodeEntities, toCount } from './html.js';
import { compareIds, newestId } from './ids.js';
import { postTime, toIso } from './time.js';
import { afterForward, afterHistory, forwardDue, forwardMark } from './interleave.js';

export interface XOptions {
  name: string;
  /** Default https://api.x.com */
  baseUrl?: string;
  bearerToken: string;
  keywords?: string[];
  /** Without '#'. */
  hashtags?: string[];
  /** A full search query; overrides keywords/hashtags. */
  query?: string;
  /** Adds -is:retweet. */
  excludeRetweets?: boolean;
  /** 10–100 per page. */
  maxResults?: number;
}

const str = z.string().nullish();
const tweet = z.object({
  id: z.string().min(1),
  text: str,
  created_at: str,
  author_id: str,
  lang: str,
  public_metrics: z
    .object({ retweet_count: z.unknown(), reply_count: z.unknown(), like_count: z.unknown(), quote_count: z.unknown() })
    .nullish()
    .catch(null),
});
type Tweet = z.infer<typeof tweet>;
const user = z.object({ id: z.string(), username: z.string() });
const searchResponse = z.object({
  data: z.array(z.unknown()).nullish(),
  includes: z.object({ users: z.array(z.unknown()).nullish() }).nullish(),
  meta: z.object({ newest_id: str, next_token: str, result_count: z.unknown() }).nullish(),
});

const sweepSchema = z.object({
  nextToken: z.string(),
  top: z.string().nullable(),
  count: z.number(),
  max: z.number().nullable(),
  startTime: z.string().nullable(),
  sinceId: z.string().nullable(),
});
type Sweep = z.infer<typeof sweepSchema>;
const cursorSchema = z.union([
  z.object({
    v: z.literal(2),
    /** Newest id read forward; null until the first page is read. */
    sinceId: z.string().nullable(),
    /** A forward sweep in progress, above `sinceId` as it was when the sweep began. */
    sweep: sweepSchema.nullable(),
    /** The first start's history, paging back below the first page it read. */
    history: sweepSchema.nullable(),
    fwd: forwardMark.nullable(),
  }),
  // v1 paged history as its only sweep, with `sinceId` null until the sweep ended.
  z.object({ v: z.literal(1), sinceId: z.string().nullable(), sweep: sweepSchema.nullable() }).transform((c): Cursor => {
    const history = c.sinceId === null ? c.sweep : null;
    return { v: 2, sinceId: history ? history.top : c.sinceId, sweep: history ? null : c.sweep, history, fwd: null };
  }),
]);
interface Cursor {
  v: 2;
  sinceId: string | null;
  sweep: Sweep | null;
  history: Sweep | null;
  fwd: z.infer<typeof forwardMark> | null;
}

const SEVEN_DAYS_MS = 7 * 24 * 3_600_000;

export class XAdapter implements SourceAdapter {
  readonly type = 'x' as const;
  readonly name: string;
  private readonly maxResults: number;

  constructor(private readonly opts: XOptions) {
    this.name = opts.name;
    this.maxResults = Math.min(100, Math.max(10, opts.maxResults ?? 100));
  }

  query(): string {
    if (this.opts.query?.trim()) return this.opts.query.trim();
    const words = (this.opts.keywords ?? [])
      .map((k) => k.trim())
      .filter(Boolean)
      .map((k) => (/\s/.test(k) ? `"${k.replace(/"/g, '')}"` : k));
    const tags = (this.opts.hashtags ?? [])
      .map((t) => t.trim().replace(/^#/, ''))
      .filter(Boolean)
      .map((t) => `#${t}`);
    const terms = [...words, ...tags];
    if (terms.length === 0) return '';
    const q = terms.length === 1 ? (terms[0] ?? '') : `(${terms.join(' OR ')})`;
    return this.opts.excludeRetweets ? `${q} -is:retweet` : q;
  }

  async poll(ctx: PollContext): Promise<PollResult> {
    if (!this.opts.bearerToken) throw new SourceError('config', 'X needs an app bearer token');
    const q = this.query();
    if (!q) throw new SourceError('config', 'Add at least one keyword or hashtag to search X for');
    if (q.length > 512) throw new SourceError('config', `The X search query is ${q.length} characters; the limit is 512`);
    const state: Cursor = readCursorWith(cursorSchema, ctx.cursor) ?? { v: 2, sinceId: null, sweep: null, history: null, fwd: null };
    const history = state.sinceId === null || (state.history !== null && !forwardDue(state.fwd, ctx));
    return history ? this.historyPage(ctx, q, state) : this.forwardPage(ctx, q, state);
  }

  /** One page of the first start's history; its first page is the newest, so it sets `sinceId`. */
  private async historyPage(ctx: PollContext, q: string, state: Cursor): Promise<PollResult> {
    const now = ctx.now();
    const sweep = state.history;
    // start_time must lie within the last 7 days; keep a minute of slack for clock drift.
    const startTime = sweep ? sweep.startTime : toIso(Math.max(now - ctx.backfill.maxAgeMs, now - SEVEN_DAYS_MS + 60_000));
    const page = await this.sweepPage(ctx, q, sweep, { sinceId: null, startTime, max: sweep ? sweep.max : ctx.backfill.maxPosts });
    const next: Cursor = {
      ...state,
      sinceId: state.sinceId ?? page.top,
      history: page.next,
      fwd: page.next ? afterHistory(state.fwd, ctx) : null,
    };
    // A forward sweep left mid-way when history ended is finished before the interval.
    return {
      posts: page.posts,
      cursor: JSON.stringify(next),
      hasMore: page.next !== null || state.sweep !== null,
      historyPosts: page.posts.length,
    };
  }

  /** One page of a forward sweep; `sinceId` moves only once the sweep is done. */
  private async forwardPage(ctx: PollContext, q: string, state: Cursor): Promise<PollResult> {
    const sweep = state.sweep;
    const bounds = sweep ?? { sinceId: state.sinceId, startTime: null, max: null };
    const page = await this.sweepPage(ctx, q, sweep, bounds);
    const sinceId = page.next ? state.sinceId : newestId(page.top ? [page.top] : [], state.sinceId);
    const fwd = state.history ? afterForward(ctx, page.next !== null) : null;
    const next: Cursor = { ...state, sinceId, sweep: page.next, fwd };
    return { posts: page.posts, cursor: JSON.stringify(next), hasMore: page.next !== null || state.history !== null, historyPosts: 0 };
  }

  private async sweepPage(
    ctx: PollContext,
    q: string,
    sweep: Sweep | null,
    { sinceId, startTime, max }: Pick<Sweep, 'sinceId' | 'startTime' | 'max'>,
  ): Promise<{ posts: NormalizedPost[]; top: string | null; next: Sweep | null }> {
    const now = ctx.now();
    const url = new URL('2/tweets/search/recent', withSlash(this.opts.baseUrl ?? 'https://api.x.com'));
    const p = url.searchParams;
    p.set('query', q);
    p.set('max_results', String(this.maxResults));
    p.set('tweet.fields', 'created_at,lang,author_id,public_metrics,referenced_tweets');
    p.set('expansions', 'author_id');
    p.set('user.fields', 'username,name');
    if (sinceId) p.set('since_id', sinceId);
    if (startTime) p.set('start_time', startTime);
    if (sweep) p.set('next_token', sweep.nextToken);

    const res = await ctx.http.request(url.toString(), {
      headers: { authorization: `Bearer ${this.opts.bearerToken}`, accept: 'application/json' },
    });
    classifyResponse(res, 'x', now);
    const body = parseShape(searchResponse, parseJson(res, 'x'), 'x', 'search results');
    const tweets = parseItems(tweet, body.data ?? [], 'x', 'a post').filter((t) => sinceId === null || compareIds(t.id, sinceId) > 0);
    const users = new Map(parseItems(user, body.includes?.users ?? [], 'x', 'a user').map((u) => [u.id, u.username]));
    const room = max === null ? tweets.length : Math.max(0, max - (sweep?.count ?? 0));
    const posts = tweets.slice(0, room).map((t) => this.toPost(t, users, now));

    const pageNewest = newestId([...(body.meta?.newest_id ? [body.meta.newest_id] : []), ...tweets.map((t) => t.id)]);
    const top = newestId([sweep?.top, pageNewest].filter((x): x is string => typeof x === 'string'));
    const count = (sweep?.count ?? 0) + posts.length;
    // Pages may hold fewer than max_results; only a missing next_token ends the sweep (or the
    // token just used, from a server that repeats itself).
    const nextToken = body.meta?.next_token ?? null;
    const more = nextToken !== null && nextToken !== sweep?.nextToken && (max === null || count < max);
    return { posts, top, next: more ? { nextToken, top, count, max, startTime, sinceId } : null };
  }

  private toPost(t: Tweet, users: Map<string, string>, now: number): NormalizedPost {
    const username = t.author_id ? users.get(t.author_id) : undefined;
    const m = t.public_metrics;
    return boundPost({
      source: this.name,
      externalId: t.id,
      url: `https://x.com/${username ? encodeURIComponent(username) : 'i/web'}/status/${encodeURIComponent(t.id)}`,
      author: username ?? t.author_id ?? '',
      // X escapes &, < and > in post text; the rest is already plain.
      text: cleanText(decodeEntities(t.text ?? '')).trim(),
      lang: t.lang && t.lang !== 'und' ? t.lang : null,
      createdAt: postTime(t.created_at, now),
      fetchedAt: now,
      engagement: {
        likes: toCount(m?.like_count),
        reposts: toCount(m?.retweet_count),
        replies: toCount(m?.reply_count),
        quotes: toCount(m?.quote_count),
      },
    });
  }
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}
