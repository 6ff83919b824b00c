/**
 * Posts stored per second through the store's batched path (dedup by the unique key, buckets,
 * one transaction per batch) against a raw better-sqlite3 insert loop of the same kind of rows
 * in the same batches and schema: the cost of what the store adds. Goal ≥ 0.8×.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIngestPipeline } from '../../main/ingest/pipeline.js';
import { createStore } from '../../main/store/index.js';
import type { NormalizedPost } from '../../shared/domain.js';
import { interleavedPreparedRates } from './measure.js';
import type { BenchLine } from './types.js';

const BATCH = 500;
const BATCHES = 40;

function makePosts(offset: number): NormalizedPost[][] {
  const start = Date.UTC(2026, 10, 23);
  return Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: BATCH }, (_, i) => {
      const n = offset + b * BATCH + i;
      // Snowflake ids, as Mastodon and X hand out: time-ordered, so index inserts append.
      return {
        source: 'bench',
        externalId: String((BigInt(start + n * 50) << 16n) + BigInt(i)),
        url: `https://example.test/p/${n}`,
        author: `user${n % 997}`,
        text: `is acme down again? can't log in, error 503 #${n % 50}`,
        lang: 'en',
        createdAt: start + n * 50,
        fetchedAt: start + n * 50 + 1000,
        engagement: { likes: n % 7, reposts: n % 3 },
      };
    }),
  );
}

export default async function storeBench(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'surge-bench-'));
  try {
    let round = 0;
    const store = createStore(join(dir, 'store.db'));
    const pipeline = createIngestPipeline({ store, enrich: () => ({ terms: [], outageIntent: 0 }) });

    // Same table, indexes and pragmas as the store, written by a bare loop: what the
    // store's path adds on top of SQLite itself.
    const raw = createStore(join(dir, 'raw.db')).db;
    const insert = raw.prepare(`INSERT INTO posts (source, external_id, url, author, text, lang, created_at, fetched_at,
      likes, reposts, replies, quotes, terms, outage_intent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertBatch = raw.transaction((batch: NormalizedPost[]) => {
      for (const p of batch) {
        insert.run(
          p.source,
          p.externalId,
          p.url,
          p.author,
          p.text,
          p.lang,
          p.createdAt,
          p.fetchedAt,
          p.engagement.likes ?? null,
          p.engagement.reposts ?? null,
          p.engagement.replies ?? null,
          p.engagement.quotes ?? null,
          '[]',
          0,
        );
      }
    });
    // Rows are built before the clock starts, for both: each run gets the next stretch of
    // the same increasing ids and times.
    const [storeRate, rawRate] = interleavedPreparedRates(
      BATCH * BATCHES,
      6,
      {
        prepare: () => makePosts(++round * BATCH * BATCHES),
        run: (batches) => {
          for (const batch of batches) pipeline.ingest(batch);
        },
      },
      {
        prepare: () => makePosts(++round * BATCH * BATCHES),
        run: (batches) => {
          for (const batch of batches) insertBatch(batch);
        },
      },
    );
    store.close();
    raw.close();
    const ratio = storeRate / rawRate;
    return [
      {
        name: `store batched ingest (${BATCH}-post transactions, dedup, buckets)`,
        value: storeRate,
        unit: 'posts/s',
        baseline: { name: 'raw better-sqlite3 insert loop, same rows, schema and batches', value: rawRate },
        goal: '>= 0.8x baseline',
        met: ratio >= 0.8,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
