/**
 * The whole ingest path as the poller drives it: a page of Mastodon API JSON is parsed and
 * validated, normalized (HTML → text), deduped, enriched (terms, outage intent), stored and
 * bucketed. Baseline: a raw better-sqlite3 insert loop of exactly the rows the path stores
 * (same ids, times, text, terms), into the same schema, one transaction per page.
 * Goals (issue 3): ≥ 100k posts/s and ≥ 0.5× the baseline.
 *
 * The data is a live timeline: snowflake ids and created_at grow page after page (10 posts a
 * second), each page carries Mastodon's Link header, and the clock moves with the pages, so
 * buckets roll over minute by minute as they do in production. Pages are generated before
 * the clock starts: building JSON is the server's work, not ours.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDefaultEnricher } from '../../main/core/enrichment.js';
import { createIngestPipeline } from '../../main/ingest/pipeline.js';
import { MastodonAdapter } from '../../main/sources/mastodon.js';
import type { HttpClient, PollContext } from '../../main/sources/types.js';
import { encodeTerms } from '../../main/store/posts.js';
import { createStore } from '../../main/store/index.js';
import { fakeTimelinePage, type FakeTimelinePage } from './measure.js';
import type { BenchLine } from './types.js';

const PAGE = 40;
const PAGES = 250;
const ROUNDS = 5;
const SPACING_MS = 100;
const BASE = 'https://mastodon.example';

/** One round's worth of consecutive timeline pages, oldest page first. */
function timeline(fromMs: number): FakeTimelinePage[] {
  return Array.from({ length: PAGES }, (_, p) =>
    fakeTimelinePage({ baseUrl: BASE, tag: 'acme', oldestMs: fromMs + p * PAGE * SPACING_MS, size: PAGE, spacingMs: SPACING_MS }),
  );
}

/** Serves `pages` in order and moves the poll clock to each page's fetch time. */
function fakeServer(): { http: HttpClient; load(pages: FakeTimelinePage[]): void; now(): number } {
  let pages: FakeTimelinePage[] = [];
  let next = 0;
  let clock = 0;
  return {
    load(p) {
      pages = p;
      next = 0;
    },
    now: () => clock,
    http: {
      request: async (url) => {
        const page = pages[next++];
        if (!page) throw new Error('bench timeline exhausted');
        clock = page.fetchedAt;
        return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', link: page.link }, body: page.body, url };
      },
    },
  };
}

export default async function ingestBench(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'surge-ingest-bench-'));
  try {
    const store = createStore(join(dir, 'ingest.db'));
    const raw = createStore(join(dir, 'raw.db'));
    const enrich = createDefaultEnricher();
    const pipeline = createIngestPipeline({ store, enrich });
    const start = Date.UTC(2026, 10, 23, 12);
    const server = fakeServer();
    const adapter = new MastodonAdapter({ name: 'bench', baseUrl: BASE, hashtags: ['acme'] });
    const firstId = String(BigInt(start - 1) << 16n);
    let cursor: string | null = JSON.stringify({ v: 1, newest: firstId, prev: null, backfill: null });
    const ctx = (): PollContext => ({ http: server.http, now: server.now, cursor, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });

    // The poller's loop, minus timers: poll a page, store it, keep the cursor.
    const runPath = async (): Promise<void> => {
      for (let p = 0; p < PAGES; p++) {
        const result = await adapter.poll(ctx());
        if (result.posts.length !== PAGE) throw new Error(`bench page ${p} gave ${result.posts.length} posts, not ${PAGE}`);
        pipeline.ingest(result.posts);
        if (result.cursor !== null) cursor = result.cursor;
      }
    };

    // The baseline stores exactly the rows the path stores: same posts (normalized and
    // enriched beforehand, off the clock), same encoded terms, same page transactions.
    const insert = raw.db.prepare(`INSERT INTO posts (source, external_id, url, author, text, lang, created_at, fetched_at,
      likes, reposts, replies, quotes, terms, outage_intent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertPage = raw.db.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(...row);
    });
    const rowsOf = async (pages: FakeTimelinePage[]): Promise<unknown[][][]> => {
      const probe = fakeServer();
      probe.load(pages);
      const reader = new MastodonAdapter({ name: 'bench', baseUrl: BASE, hashtags: ['acme'] });
      let c: string | null = JSON.stringify({ v: 1, newest: firstId, prev: null, backfill: null });
      const out: unknown[][][] = [];
      for (let p = 0; p < PAGES; p++) {
        const result = await reader.poll({ http: probe.http, now: probe.now, cursor: c, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
        c = result.cursor;
        out.push(result.posts.map((post) => {
          const e = enrich(post);
          return [post.source, post.externalId, post.url, post.author, post.text, post.lang, post.createdAt, post.fetchedAt,
            post.engagement.likes ?? null, post.engagement.reposts ?? null, post.engagement.replies ?? null,
            post.engagement.quotes ?? null, encodeTerms(e.terms), e.outageIntent];
        }));
      }
      return out;
    };
    const runRaw = (rows: unknown[][][]): void => {
      for (const page of rows) insertPage(page);
    };

    // Alternate the two so load from elsewhere on the machine hits both alike; each round is
    // the next stretch of the same live timeline, for both.
    const times: { path: number[]; raw: number[] } = { path: [], raw: [] };
    let from = start;
    for (let round = 0; round <= ROUNDS; round++) {
      const pages = timeline(from);
      from += PAGES * PAGE * SPACING_MS;
      const rows = await rowsOf(pages);
      server.load(pages);
      let t = performance.now();
      await runPath();
      const pathMs = performance.now() - t;
      t = performance.now();
      runRaw(rows);
      const rawMs = performance.now() - t;
      if (round > 0) {
        // Round 0 warms both up.
        times.path.push(pathMs);
        times.raw.push(rawMs);
      }
    }
    const stored = store.postsRead.count();
    const rawStored = raw.postsRead.count();
    if (stored !== rawStored || stored !== PAGE * PAGES * (ROUNDS + 1)) throw new Error(`stored ${stored} posts, baseline ${rawStored}`);
    const posts = PAGE * PAGES;
    const pathRate = posts / (Math.min(...times.path) / 1000);
    const rawRate = posts / (Math.min(...times.raw) / 1000);
    store.close();
    raw.close();
    return [
      {
        name: `whole ingest path (Mastodon JSON page → parse → normalize → dedup → enrich → store → buckets), ${PAGE}-post pages`,
        value: pathRate,
        unit: 'posts/s',
        baseline: { name: 'raw insert loop, same rows, schema and page transactions', value: rawRate },
        goal: '>= 100k posts/s and >= 0.5x baseline',
        met: pathRate >= 100_000 && pathRate / rawRate >= 0.5,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
