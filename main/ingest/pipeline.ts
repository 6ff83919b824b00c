/**
 * Ingest: dedup → enrich → store posts and per-minute buckets in one transaction. A batch is
 * all-or-nothing, so a crash loses at most the batch in flight, which the source cursor
 * (saved only after this returns) makes the poller read again.
 */
import { seriesKey, toMinute, type NormalizedPost, type StoredPost } from '../../shared/domain.js';
import { addIncrement, type BucketIncrements } from '../store/buckets.js';
import type { Enrichment } from '../store/posts.js';
import type { Store } from '../store/index.js';

export type Enricher = (post: NormalizedPost) => Enrichment;

export interface IngestResult {
  inserted: StoredPost[];
  duplicates: number;
  increments: BucketIncrements;
}

export interface IngestPipelineDeps {
  store: Pick<Store, 'posts' | 'buckets' | 'transaction'>;
  enrich: Enricher;
  /** Term series get buckets only for terms this returns true for, keeping the table bounded. */
  tracksTerm?: (term: string) => boolean;
  onIngested?: (result: IngestResult) => void;
}

export function createIngestPipeline(deps: IngestPipelineDeps) {
  const tracksTerm = deps.tracksTerm ?? (() => false);
  return {
    ingest(posts: readonly NormalizedPost[]): IngestResult {
      const seen = new Set<string>();
      const unique: NormalizedPost[] = [];
      for (const post of posts) {
        const key = `${post.source}\u0000${post.externalId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        unique.push(post);
      }
      const enrichments = unique.map(deps.enrich);
      const increments: BucketIncrements = new Map();
      const inserted = deps.store.transaction(() => {
        const stored = deps.store.posts.insertMany(unique, enrichments);
        for (const post of stored) {
          const minute = toMinute(post.createdAt);
          addIncrement(increments, seriesKey.total, minute);
          addIncrement(increments, seriesKey.source(post.source), minute);
          for (const term of post.terms) {
            if (tracksTerm(term)) addIncrement(increments, seriesKey.term(term), minute);
          }
        }
        deps.store.buckets.addMany(increments);
        return stored;
      });
      const result: IngestResult = { inserted, duplicates: posts.length - inserted.length, increments };
      deps.onIngested?.(result);
      return result;
    },
  };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;
