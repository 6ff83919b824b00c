/**
 * RSS 2.0 / RSS 1.0 / Atom 1.0 connector (connectors.md §7). Feeds have no "since" parameter,
 * so the cursor carries what we need to be polite and not repeat ourselves: the validators for
 * a conditional GET, the RSS ttl deadline, and a bounded set of ids/URLs already emitted.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { NormalizedPost } from '../../shared/domain.js';
import { readCursorWith, type PollContext, type PollResult, type SourceAdapter } from './types.js';
import { assertBodySize } from './feedHttp.js';
import { classifyResponse } from './http.js';
import { parseFeed, type FeedItem } from './feedParse.js';
import { truncate } from './html.js';

export interface RssOptions {
  name: string;
  url: string;
  /** Honour the feed's `<ttl>` (minutes) by skipping polls until it has passed. Default true. */
  respectTtl?: boolean;
  /** Ceiling on the ttl we honour, in minutes, so a feed cannot silence itself for a day. Default 60. */
  maxTtlMinutes?: number;
}

const SERVICE = 'The feed';
const MAX_BODY_CHARS = 10 * 1_048_576;
/** Enough for several generations of a typical 20–100 item feed. */
const MAX_SEEN = 2_000;
/** Dates further ahead than this are clock skew or a broken generator, not the future. */
const MAX_FUTURE_MS = 5 * 60_000;

const cursorSchema = z.object({
  v: z.literal(1),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  notBefore: z.number().optional(),
  ttlMs: z.number().optional(),
  seen: z.array(z.string()),
});
type RssCursor = z.infer<typeof cursorSchema>;

const readCursor = (raw: string | null): RssCursor | null => readCursorWith(cursorSchema, raw);

/** Short stable keys keep the persisted cursor small however long the guids are. */
function key(kind: 'i' | 'u', value: string): string {
  return kind + createHash('sha1').update(value).digest('base64url').slice(0, 16);
}

function itemKeys(item: FeedItem): string[] {
  const keys = [key('i', item.id)];
  if (item.compareUrl) keys.push(key('u', item.compareUrl));
  return keys;
}

function toPost(source: string, item: FeedItem, now: number): NormalizedPost {
  const createdAt = item.publishedAt > now + MAX_FUTURE_MS ? now : item.publishedAt;
  const text = [item.title, item.body].filter((p) => p !== '').join('\n');
  return {
    source,
    externalId: item.id,
    url: item.url ? truncate(item.url, 2048) : null,
    author: item.author,
    text: truncate(text, 100_000),
    lang: item.lang,
    createdAt: Math.round(createdAt),
    fetchedAt: now,
    engagement: {},
  };
}

export function createRssAdapter(options: RssOptions): SourceAdapter {
  const respectTtl = options.respectTtl ?? true;
  const maxTtlMs = (options.maxTtlMinutes ?? 60) * 60_000;

  async function poll(ctx: PollContext): Promise<PollResult> {
    const now = ctx.now();
    const cursor = readCursor(ctx.cursor);
    if (cursor?.notBefore !== undefined && now < cursor.notBefore) return { posts: [], cursor: null };

    const headers: Record<string, string> = {
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
    };
    if (cursor?.etag) headers['if-none-match'] = cursor.etag;
    if (cursor?.lastModified) headers['if-modified-since'] = cursor.lastModified;
    const res = await ctx.http.request(options.url, { headers });

    if (res.status === 304 && cursor) {
      const unchanged: RssCursor = { ...cursor };
      if (cursor.ttlMs) unchanged.notBefore = now + cursor.ttlMs;
      return { posts: [], cursor: JSON.stringify(unchanged) };
    }
    classifyResponse(res, 'rss', ctx.now(), false);
    assertBodySize(res, MAX_BODY_CHARS, SERVICE);

    const feed = parseFeed(res.body, res.url || options.url, now);
    const seen = new Set(cursor?.seen ?? []);
    const fresh = feed.items.filter((item) => !itemKeys(item).some((k) => seen.has(k)));

    let emit: FeedItem[];
    if (cursor === null) {
      // First start: only recent history, newest first, and never items whose date we had to
      // guess (they would all land in "now" and fake a spike). Everything is marked seen.
      const oldest = now - ctx.backfill.maxAgeMs;
      emit = fresh
        .filter((i) => !i.dateEstimated && i.publishedAt >= oldest)
        .sort((a, b) => b.publishedAt - a.publishedAt)
        .slice(0, ctx.backfill.maxPosts);
    } else {
      emit = fresh;
    }

    const posts: NormalizedPost[] = [];
    const emittedIds = new Set<string>();
    for (const item of emit) {
      // The same article twice in one document (changing guid, tracking params) counts once.
      if (emittedIds.has(item.id) || (item.compareUrl && emittedIds.has(item.compareUrl))) continue;
      emittedIds.add(item.id);
      if (item.compareUrl) emittedIds.add(item.compareUrl);
      posts.push(toPost(options.name, item, now));
    }

    // Current items go last so eviction drops what has already left the feed.
    const currentKeys = feed.items.flatMap(itemKeys);
    const current = new Set(currentKeys);
    const kept = [...seen].filter((k) => !current.has(k));
    const nextSeen = [...kept, ...currentKeys];
    const ttlMs = respectTtl && feed.ttlMinutes !== null ? Math.min(feed.ttlMinutes * 60_000, maxTtlMs) : 0;
    const next: RssCursor = {
      v: 1,
      seen: nextSeen.length > MAX_SEEN ? nextSeen.slice(nextSeen.length - MAX_SEEN) : nextSeen,
    };
    const etag = res.headers['etag'];
    const lastModified = res.headers['last-modified'];
    if (etag) next.etag = etag;
    if (lastModified) next.lastModified = lastModified;
    if (ttlMs > 0) {
      next.ttlMs = ttlMs;
      next.notBefore = now + ttlMs;
    }
    return { posts, cursor: JSON.stringify(next) };
  }

  return { type: 'rss', name: options.name, poll };
}
