import type { NormalizedPost, StoredPost } from '../../shared/domain.js';
import type { ReadDb, WriteDb } from './db.js';

/** What ingest derived from a post, stored beside it. */
export interface Enrichment {
  terms: string[];
  outageIntent: number;
}

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

const COLUMNS = `(source, external_id, url, author, text, lang, created_at, fetched_at,
  likes, reposts, replies, quotes, terms, outage_intent)`;
const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Rows per multi-row INSERT: one statement step per chunk instead of per row. */
const CHUNK = 64;

export function createPostsRepo(db: WriteDb) {
  // ON CONFLICT DO NOTHING + RETURNING yields only the rows that were new, which is how one
  // statement both dedups and tells us which posts to count (metrics count only new ones).
  const insertSql = (rows: number) =>
    `INSERT INTO posts ${COLUMNS} VALUES ${Array(rows).fill(ROW_PLACEHOLDERS).join(', ')}
     ON CONFLICT (source, external_id) DO NOTHING RETURNING id, source, external_id`;
  const insertChunk = db.prepare<unknown[], { id: number; source: string; external_id: string }>(insertSql(CHUNK));
  const insertOne = db.prepare<unknown[], { id: number; source: string; external_id: string }>(insertSql(1));

  const params = (post: NormalizedPost, enrichment: Enrichment, out: unknown[]): void => {
    const e = post.engagement;
    out.push(
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
      JSON.stringify(enrichment.terms),
      enrichment.outageIntent,
    );
  };

  return {
    /**
     * Must run inside the caller's transaction (ingest batches posts and buckets together).
     * `posts` must not repeat a (source, externalId) pair; ingest dedups the batch first.
     */
    insertMany(posts: readonly NormalizedPost[], enrichments: readonly Enrichment[]): StoredPost[] {
      const ids = new Map<string, number>();
      const record = (row: { id: number; source: string; external_id: string }) =>
        ids.set(`${row.source}\u0000${row.external_id}`, row.id);
      let i = 0;
      for (; i + CHUNK <= posts.length; i += CHUNK) {
        const values: unknown[] = [];
        for (let j = i; j < i + CHUNK; j++) params(posts[j]!, enrichments[j] ?? NO_ENRICHMENT, values);
        for (const row of insertChunk.all(values)) record(row);
      }
      for (; i < posts.length; i++) {
        const values: unknown[] = [];
        params(posts[i]!, enrichments[i] ?? NO_ENRICHMENT, values);
        for (const row of insertOne.all(values)) record(row);
      }
      const inserted: StoredPost[] = [];
      posts.forEach((post, index) => {
        const id = ids.get(`${post.source}\u0000${post.externalId}`);
        if (id !== undefined) inserted.push({ ...post, id, ...(enrichments[index] ?? NO_ENRICHMENT) });
      });
      return inserted;
    },
  };
}

const NO_ENRICHMENT: Enrichment = { terms: [], outageIntent: 0 };

export function createPostsReader(db: ReadDb) {
  const recentAll = db.prepare<[number], PostRow>('SELECT * FROM posts ORDER BY created_at DESC, id DESC LIMIT ?');
  const recentBySource = db.prepare<[string, number], PostRow>(
    'SELECT * FROM posts WHERE source = ? ORDER BY created_at DESC, id DESC LIMIT ?',
  );
  const inRange = db.prepare<[number, number, number], PostRow>(
    'SELECT * FROM posts WHERE created_at >= ? AND created_at < ? ORDER BY created_at LIMIT ?',
  );
  const countSince = db.prepare<[string, number], { n: number }>(
    'SELECT COUNT(*) AS n FROM posts WHERE source = ? AND created_at >= ?',
  );
  const total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM posts');
  return {
    recent(limit: number, source?: string): StoredPost[] {
      const rows = source === undefined ? recentAll.all(limit) : recentBySource.all(source, limit);
      return rows.map(fromRow);
    },
    between(fromMs: number, toMs: number, limit: number): StoredPost[] {
      return inRange.all(fromMs, toMs, limit).map(fromRow);
    },
    countForSourceSince(source: string, sinceMs: number): number {
      return countSince.get(source, sinceMs)?.n ?? 0;
    },
    count(): number {
      return total.get()?.n ?? 0;
    },
  };
}
