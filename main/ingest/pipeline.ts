/**
 * Ingest: enrich → store posts and per-minute buckets in one transaction. A batch is
 * all-or-nothing, so a crash loses at most the batch in flight, which the source cursor
 * (saved only after this returns) makes the poller read again.
 *
 * Dedup is the store's: `UNIQUE (source, external_id)` with `ON CONFLICT DO NOTHING` drops a
 * post already stored, and equally a second copy earlier in the same batch (the first copy
 * wins), so only genuinely new posts come back as `inserted`.
 */
import { seriesKey, toMinute, type NormalizedPost, type StoredPost } from '../../shared/domain.js';
import { postText, type MentionSet } from '../detect/mentions.js';
import { addIncrement, type BucketIncrements } from '../store/buckets.js';
import type { Enrichment } from '../../shared/domain.js';
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
  /** Watched terms found in a post's text (phrases, stop words); words that are their own term go through `tracksTerm`. */
  inText?: () => MentionSet;
  onIngested?: (result: IngestResult) => void;
}

export function createIngestPipeline(deps: IngestPipelineDeps) {
  const { store, enrich, tracksTerm, inText, onIngested } = deps;
  return {
    ingest(posts: readonly NormalizedPost[]): IngestResult {
      const enrichments = new Array<Enrichment>(posts.length);
      for (let i = 0; i < posts.length; i++) enrichments[i] = enrich(posts[i]!);
      const result = store.transaction((): IngestResult => {
        const inserted = store.posts.insertMany(posts, enrichments);
        const increments = countBuckets(inserted, tracksTerm, inText?.());
        store.buckets.addMany(increments);
        return { inserted, duplicates: posts.length - inserted.length, increments };
      });
      onIngested?.(result);
      return result;
    },
  };
}

/**
 * Per-minute counts for `total`, each source and each tracked term. A page is one source and
 * a minute or two, so runs of equal (source, minute) are counted first and added once.
 */
function countBuckets(
  stored: readonly StoredPost[],
  tracksTerm: ((term: string) => boolean) | undefined,
  inText: MentionSet | undefined,
): BucketIncrements {
  const increments: BucketIncrements = new Map();
  let runSource = '';
  let runMinute = 0;
  let run = 0;
  const flush = () => {
    if (run === 0) return;
    addIncrement(increments, seriesKey.total, runMinute, run);
    addIncrement(increments, seriesKey.source(runSource), runMinute, run);
  };
  for (const post of stored) {
    const minute = toMinute(post.createdAt);
    if (run > 0 && minute === runMinute && post.source === runSource) {
      run++;
    } else {
      flush();
      runSource = post.source;
      runMinute = minute;
      run = 1;
    }
    if (tracksTerm) {
      for (const term of post.terms) if (tracksTerm(term)) addIncrement(increments, seriesKey.term(term), minute);
    }
    if (inText && inText.size > 0) inText.each(postText(post), (term) => addIncrement(increments, seriesKey.term(term), minute));
  }
  flush();
  return increments;
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;
