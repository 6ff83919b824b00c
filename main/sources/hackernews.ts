/**
 * Hacker News through Algolia's `search_by_date` (connectors.md §5). No auth, newest first,
 * `page`/`nbPages` paging. Incremental polling uses `numericFilters=created_at_i>LAST` with the
 * strict comparison the spec asks for, and dedupes by objectID because pages shift while new
 * items are indexed between two page requests. What a first start's history leaves for later
 * polls drains behind forward reads made at the source's interval (interleave.ts).
 */
import { z } from 'zod';
import type { NormalizedPost } from '../../shared/domain.js';
import { SourceError, type PollContext, type PollResult, type SourceAdapter, readCursorWith } from './types.js';
import { assertBodySize } from './feedHttp.js';
import { classifyResponse, parseJson } from './http.js';
import { htmlToText, truncate } from './html.js';
import { parseTimestamp } from './time.js';
import { afterForward, afterHistory, forwardDue, forwardMark } from './interleave.js';

export interface HackerNewsOptions {
  name: string;
  query: string;
  /** Algolia tags expression; default `(story,comment)`. */
  tags?: string;
  /** Default https://hn.algolia.com; tests point it at a local fake. */
  baseUrl?: string;
  /** 1–1000; default 100. */
  hitsPerPage?: number;
  /** Upper bound on pages per poll so one poll cannot run away; default 10. */
  maxPagesPerPoll?: number;
}

const SERVICE = 'Hacker News search';
const MAX_BODY_CHARS = 8 * 1_048_576;
const ITEM_URL = 'https://news.ycombinator.com/item?id=';

const nullableString = z.string().nullish();
const nullableCount = z.number().int().nonnegative().nullish().catch(null);

const hitSchema = z.object({
  objectID: z.union([z.string().min(1), z.number()]).transform(String),
  created_at_i: z.number().int().nullish(),
  created_at: nullableString,
  author: nullableString,
  title: nullableString,
  url: nullableString,
  story_text: nullableString,
  comment_text: nullableString,
  story_title: nullableString,
  points: nullableCount,
  num_comments: nullableCount,
  _tags: z.array(z.string()).nullish(),
});
type Hit = z.infer<typeof hitSchema>;

const pageSchema = z.object({
  hits: z.array(z.unknown()),
  page: z.number().int().nonnegative().catch(0),
  nbPages: z.number().int().nonnegative().catch(0),
});

/**
 * `last`: newest created_at_i fully ingested. When a poll hits the page cap, the older part of
 * the range is still owed: `upto` bounds the next query from above and `top` is where `last`
 * moves once that remainder is drained, so a burst never leaves a silent gap. `left` is what a
 * first-start backfill may still take while it drains, so maxPosts holds across polls.
 */
const rangeSchema = z.object({
  last: z.number().int(),
  upto: z.number().int().optional(),
  top: z.number().int().optional(),
  left: z.number().int().nonnegative().optional(),
});
type Range = z.infer<typeof rangeSchema>;

interface HnCursor {
  v: 2;
  /** Forward reads, bursts included. */
  ahead: Range;
  /** What a first start's history still owes, below where `ahead` began. */
  behind: Range | null;
  fwd: z.infer<typeof forwardMark> | null;
}

const cursorSchema = z.union([
  z.object({ v: z.literal(2), ahead: rangeSchema, behind: rangeSchema.nullable(), fwd: forwardMark.nullable() }),
  // v1 drained history and bursts alike as the one range; only history carries `left`.
  z.object({ v: z.literal(1), ...rangeSchema.shape }).transform(({ v: _v, ...r }): HnCursor => {
    if (r.upto === undefined || r.left === undefined) return { v: 2, ahead: r, behind: null, fwd: null };
    return { v: 2, ahead: { last: r.top ?? r.last }, behind: { last: r.last, upto: r.upto, left: r.left }, fwd: null };
  }),
]);

const readCursor = (raw: string | null): HnCursor | null => readCursorWith(cursorSchema, raw);

/** History's remainder: where the forward position stood (`top`) is no concern of it. */
const owed = ({ top: _top, ...rest }: Range): Range => rest;

function hitTime(hit: Hit): number | null {
  if (typeof hit.created_at_i === 'number') return hit.created_at_i * 1000;
  return hit.created_at ? parseTimestamp(hit.created_at) : null;
}

function hitText(hit: Hit): string {
  if (hit.comment_text) return htmlToText(hit.comment_text);
  const parts = [hit.title ? htmlToText(hit.title) : '', hit.story_text ? htmlToText(hit.story_text) : ''];
  return parts.filter((p) => p !== '').join('\n');
}

export function hitToPost(source: string, hit: Hit, createdAt: number, fetchedAt: number): NormalizedPost {
  const engagement: NormalizedPost['engagement'] = {};
  if (typeof hit.points === 'number') engagement.likes = hit.points;
  if (typeof hit.num_comments === 'number') engagement.replies = hit.num_comments;
  return {
    source,
    externalId: hit.objectID,
    url: ITEM_URL + encodeURIComponent(hit.objectID),
    author: truncate(hit.author ?? '', 512),
    text: truncate(hitText(hit), 100_000),
    lang: null,
    createdAt,
    fetchedAt,
    engagement,
  };
}

export function createHackerNewsAdapter(options: HackerNewsOptions): SourceAdapter {
  const base = (options.baseUrl ?? 'https://hn.algolia.com').replace(/\/+$/, '');
  const tags = options.tags ?? '(story,comment)';
  const hitsPerPage = Math.min(Math.max(options.hitsPerPage ?? 100, 1), 1000);
  const maxPages = Math.max(options.maxPagesPerPoll ?? 10, 1);

  function pageUrl(after: number, upto: number | undefined, page: number): string {
    const filters = upto === undefined ? `created_at_i>${after}` : `created_at_i>${after},created_at_i<=${upto}`;
    const params = new URLSearchParams({
      query: options.query,
      numericFilters: filters,
      page: String(page),
      hitsPerPage: String(hitsPerPage),
    });
    if (tags) params.set('tags', tags);
    return `${base}/api/v1/search_by_date?${params.toString()}`;
  }

  async function poll(ctx: PollContext): Promise<PollResult> {
    const cursor = readCursor(ctx.cursor);
    if (cursor === null) return firstPoll(ctx);
    if (cursor.behind && !forwardDue(cursor.fwd, ctx)) {
      const { posts, next, capped } = await readRange(ctx, cursor.behind, cursor.behind.left ?? Number.POSITIVE_INFINITY);
      const behind = capped ? owed(next) : null;
      const out: HnCursor = { ...cursor, behind, fwd: behind ? afterHistory(cursor.fwd, ctx) : null };
      // A burst left mid-drain when history ended is finished before the interval.
      return {
        posts,
        cursor: JSON.stringify(out),
        hasMore: behind !== null || cursor.ahead.upto !== undefined,
        historyPosts: posts.length,
      };
    }
    const { posts, next, capped } = await readRange(ctx, cursor.ahead, Number.POSITIVE_INFINITY);
    const out: HnCursor = { ...cursor, ahead: next, fwd: cursor.behind ? afterForward(ctx, capped) : null };
    return { posts, cursor: JSON.stringify(out), hasMore: capped || cursor.behind !== null, historyPosts: 0 };
  }

  /** The newest hits first; what the page cap leaves of the history drains behind forward reads. */
  async function firstPoll(ctx: PollContext): Promise<PollResult> {
    const start = { last: Math.floor((ctx.now() - ctx.backfill.maxAgeMs) / 1000) };
    const { posts, next, capped } = await readRange(ctx, start, ctx.backfill.maxPosts);
    const out: HnCursor = capped
      ? { v: 2, ahead: { last: next.top ?? next.last }, behind: owed(next), fwd: afterHistory(null, ctx) }
      : { v: 2, ahead: next, behind: null, fwd: null };
    return { posts, cursor: JSON.stringify(out), hasMore: capped, historyPosts: posts.length };
  }

  /** Reads a range up to the page cap: `next` is where the following read of it starts. */
  async function readRange(
    ctx: PollContext,
    range: Range,
    limit: number,
  ): Promise<{ posts: NormalizedPost[]; next: Range; capped: boolean }> {
    const now = ctx.now();
    const after = range.last;
    const seen = new Set<string>();
    const posts: NormalizedPost[] = [];
    const upto = range.upto;
    let newest = Math.max(after, range.top ?? after);
    let oldest = Number.POSITIVE_INFINITY;
    let page = 0;
    let nbPages = 1;
    while (page < nbPages && page < maxPages && posts.length < limit) {
      const res = await ctx.http.request(pageUrl(after, upto, page), { headers: { accept: 'application/json' } });
      classifyResponse(res, 'hackernews', ctx.now());
      assertBodySize(res, MAX_BODY_CHARS, SERVICE);
      const parsed = pageSchema.safeParse(parseJson(res, 'hackernews'));
      if (!parsed.success) throw new SourceError('malformed', `${SERVICE} sent JSON without a hits list`);
      nbPages = parsed.data.nbPages;
      for (const raw of parsed.data.hits) {
        const hit = hitSchema.safeParse(raw);
        // One odd hit must not cost us the page; it is skipped, the rest goes through.
        if (!hit.success) continue;
        const createdAt = hitTime(hit.data);
        if (createdAt === null || seen.has(hit.data.objectID)) continue;
        // The server applies the filter; checking again guards against a proxy that ignores it.
        if (createdAt <= after * 1000 || (upto !== undefined && createdAt > upto * 1000 + 999)) continue;
        seen.add(hit.data.objectID);
        const sec = Math.floor(createdAt / 1000);
        newest = Math.max(newest, sec);
        oldest = Math.min(oldest, sec);
        if (posts.length < limit) posts.push(hitToPost(options.name, hit.data, createdAt, now));
      }
      page += 1;
    }
    // The server may serve fewer hits per page than asked, so the page cap can cut a backfill
    // short too: it drains like a burst. A bound that did not move (one second holding more hits
    // than a poll's pages) steps past that second rather than asking for the same hits forever.
    const bound = upto !== undefined && oldest >= upto ? upto - 1 : oldest;
    const capped = page < nbPages && posts.length < limit && Number.isFinite(oldest) && bound > after;
    const left = Number.isFinite(limit) ? { left: limit - posts.length } : {};
    const next: Range = capped ? { last: after, upto: bound, top: newest, ...left } : { last: newest };
    return { posts, next, capped };
  }

  return { type: 'hackernews', name: options.name, poll };
}
