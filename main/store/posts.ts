import type { Enrichment, NormalizedPost, StoredPost } from '../../shared/domain.js';
import type { ReadDb, WriteDb } from './db.js';

interface PostRow {
  id: number;
  source: string;
  external_id: string;
  url: string | null;
  author: string;
  text: string;
  lang: string | null;
  created_at: number;
  fetched_at: number;
  likes: number | null;
  reposts: number | null;
  replies: number | null;
  quotes: number | null;
  terms: string;
  outage_intent: number;
}

const engagementOf = (row: PostRow): StoredPost['engagement'] => {
  const out: StoredPost['engagement'] = {};
  if (row.likes !== null) out.likes = row.likes;
  if (row.reposts !== null) out.reposts = row.reposts;
  if (row.replies !== null) out.replies = row.replies;
  if (row.quotes !== null) out.quotes = row.quotes;
  return out;
};

const fromRow = (row: PostRow): StoredPost => ({
  id: row.id,
  source: row.source,
  externalId: row.external_id,
  url: row.url,
  author: row.author,
  text: row.text,
  lang: row.lang,
  createdAt: row.created_at,
  fetchedAt: row.fetched_at,
  engagement: engagementOf(row),
  terms: JSON.parse(row.terms) as string[],
  outageIntent: row.outage_intent,
});

export function createPostsRepo(db: WriteDb) {
  // `changes` is 0 on conflict, which is how one statement both dedups and tells us which
  // posts are new (metrics count only those). Measured faster than RETURNING or multi-row
  // VALUES for the page sizes sources deliver (20–100 posts).
  const insert = db.prepare<unknown[]>(`
    INSERT INTO posts (source, external_id, url, author, text, lang, created_at, fetched_at,
                       likes, reposts, replies, quotes, terms, outage_intent)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (source, external_id) DO NOTHING`);

  return {
    /** Must run inside the caller's transaction (ingest batches posts and buckets together). */
    insertMany(posts: readonly NormalizedPost[], enrichments: readonly Enrichment[]): StoredPost[] {
      const inserted: StoredPost[] = [];
      for (let i = 0; i < posts.length; i++) {
        const post = posts[i]!;
        const enrichment = enrichments[i] ?? NO_ENRICHMENT;
        const e = post.engagement;
        const result = insert.run(
          post.source,
          post.externalId,
          post.url,
          post.author,
          post.text,
          post.lang,
          post.createdAt,
          post.fetchedAt,
          e.likes ?? null,
          e.reposts ?? null,
          e.replies ?? null,
          e.quotes ?? null,
          encodeTerms(enrichment.terms),
          enrichment.outageIntent,
        );
        if (result.changes === 1) {
          // A literal rather than spreads: this runs once per stored post.
          inserted.push({
            source: post.source,
            externalId: post.externalId,
            url: post.url,
            author: post.author,
            text: post.text,
            lang: post.lang,
            createdAt: post.createdAt,
            fetchedAt: post.fetchedAt,
            engagement: e,
            id: Number(result.lastInsertRowid),
            terms: enrichment.terms,
            outageIntent: enrichment.outageIntent,
          });
        }
      }
      return inserted;
    },
  };
}

/** How a post's terms are stored in `posts.terms`. */
export const encodeTerms = (terms: readonly string[]): string => (terms.length === 0 ? '[]' : JSON.stringify(terms));

const NO_ENRICHMENT: Enrichment = { terms: [], outageIntent: 0 };

export function createPostsReader(db: ReadDb) {
  const recentAll = db.prepare<[number], PostRow>('SELECT * FROM posts ORDER BY created_at DESC, id DESC LIMIT ?');
  const recentBySource = db.prepare<[string, number], PostRow>(
    'SELECT * FROM posts WHERE source = ? ORDER BY created_at DESC, id DESC LIMIT ?',
  );
  const inRange = db.prepare<[number, number, number], PostRow>(
    'SELECT * FROM posts WHERE created_at >= ? AND created_at < ? ORDER BY created_at LIMIT ?',
  );
  const newestInRange = db.prepare<[number, number, number], PostRow>(
    'SELECT * FROM posts WHERE created_at >= ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?',
  );
  const termsInRange = db.prepare<[number, number, number], { created_at: number; terms: string }>(
    'SELECT created_at, terms FROM posts WHERE created_at >= ? AND created_at < ? ORDER BY created_at LIMIT ?',
  );
  const countSince = db.prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM posts WHERE source = ? AND created_at >= ?');
  const total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM posts');
  const byId = db.prepare<[number], PostRow>('SELECT * FROM posts WHERE id = ?');
  return {
    get(id: number): StoredPost | null {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    },
    recent(limit: number, source?: string): StoredPost[] {
      const rows = source === undefined ? recentAll.all(limit) : recentBySource.all(source, limit);
      return rows.map(fromRow);
    },
    between(fromMs: number, toMs: number, limit: number): StoredPost[] {
      return inRange.all(fromMs, toMs, limit).map(fromRow);
    },
    /** Newest first: what one chart bucket holds. */
    newestBetween(fromMs: number, toMs: number, limit: number): StoredPost[] {
      return newestInRange.all(fromMs, toMs, limit).map(fromRow);
    },
    /** Oldest first: for replaying terms into the in-memory tracker after a restart. */
    termsBetween(fromMs: number, toMs: number, limit: number): { createdAt: number; terms: string[] }[] {
      return termsInRange.all(fromMs, toMs, limit).map((r) => ({ createdAt: r.created_at, terms: JSON.parse(r.terms) as string[] }));
    },
    countForSourceSince(source: string, sinceMs: number): number {
      return countSince.get(source, sinceMs)?.n ?? 0;
    },
    count(): number {
      return total.get()?.n ?? 0;
    },
  };
}
