/**
 * The whole ingest path as the poller drives it: a page of Mastodon API JSON is parsed and
 * validated, normalized (HTML → text), deduped, enriched (terms, outage intent), stored and
 * bucketed. Baseline: a raw better-sqlite3 insert loop of the same rows into the same schema.
 * Goals (issue 3): ≥ 100k posts/s and ≥ 0.5× the baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultEnricher } from '../../main/core/enrichment.js';
import { createIngestPipeline } from '../../main/ingest/pipeline.js';
import { MastodonAdapter } from '../../main/sources/mastodon.js';
import type { HttpClient, PollContext } from '../../main/sources/types.js';
import { createStore } from '../../main/store/index.js';
import type { NormalizedPost } from '../../shared/domain.js';
import type { BenchLine } from './types.js';

const PAGE = 40;
const PAGES = 250;
const TEXTS = [
  '<p>Is <a href="https://acme.example">@acme</a> down? can&#39;t log in, getting <b>503</b> #outage</p>',
  '<p>Loving the new Acme Cloud dashboard 🎉 <span class="h-card">@acme</span></p>',
  '<p>¿Alguien más? Acme no funciona desde hace 10 minutos</p>',
  '<p>acme status page says all green but the API times out for us</p>',
];

/**
 * Mastodon ids are snowflakes; these grow monotonically like real ones, and each page is
 * newer than the last (a live timeline), 10 posts a second.
 */
function page(firstId: bigint, epoch: number): string {
  const createdAt = epoch + Number(firstId % 100_000_000n) * 100;
  const statuses = Array.from({ length: PAGE }, (_, i) => {
    const id = String(firstId + BigInt(PAGE - i));
    return {
      id,
      created_at: new Date(createdAt + (PAGE - i) * 100).toISOString(),
      content: TEXTS[i % TEXTS.length],
      language: 'en',
      url: `https://mastodon.example/@user${i}/${id}`,
      uri: `https://mastodon.example/users/user${i}/statuses/${id}`,
      replies_count: i % 3,
      reblogs_count: i % 5,
      favourites_count: i % 7,
      account: { acct: `user${i}`, username: `user${i}`, url: `https://mastodon.example/@user${i}` },
      reblog: null,
    };
  });
  return JSON.stringify(statuses);
}

export default async function ingestBench(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'surge-ingest-bench-'));
  try {
    const store = createStore(join(dir, 'ingest.db'));
    const pipeline = createIngestPipeline({ store, enrich: createDefaultEnricher() });
    let nextId = 114505313288192771n;
    const start = Date.UTC(2026, 10, 23, 12);
    const http: HttpClient = {
      request: async (url) => {
        const body = page(nextId, start);
        nextId += BigInt(PAGE);
        return { status: 200, headers: { 'content-type': 'application/json' }, body, url };
      },
    };
    const adapter = new MastodonAdapter({ name: 'bench', baseUrl: 'https://mastodon.example', hashtags: ['acme'] });
    let cursor: string | null = JSON.stringify({ v: 1, newest: String(nextId), prev: null, backfill: null });
    const ctx = (): PollContext => ({ http, now: () => start + 60_000, cursor, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });

    // The poller's loop, minus timers: poll a page, store it, keep the cursor.
    const runPath = async (): Promise<void> => {
      for (let p = 0; p < PAGES; p++) {
        const result = await adapter.poll(ctx());
        pipeline.ingest(result.posts);
        if (result.cursor !== null) cursor = result.cursor;
      }
    };
    // The baseline inserts exactly the rows one page normalizes to, without parsing them.
    const probeHttp: HttpClient = { request: async (url) => ({ status: 200, headers: {}, body: page(2n, start), url }) };
    const probe = new MastodonAdapter({ name: 'raw', baseUrl: 'https://mastodon.example', hashtags: ['acme'] });
    const baselineRows: NormalizedPost[] = (
      await probe.poll({ http: probeHttp, now: () => start, cursor: JSON.stringify({ v: 1, newest: '1', prev: null, backfill: null }), backfill: { maxPosts: 1, maxAgeMs: 1 } })
    ).posts;

    const raw = createStore(join(dir, 'raw.db')).db;
    const insert = raw.prepare(`INSERT INTO posts (source, external_id, url, author, text, lang, created_at, fetched_at,
      likes, reposts, replies, quotes, terms, outage_intent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    let rawRound = 0;
    const runRaw = (): void => {
      rawRound++;
      for (let p = 0; p < PAGES; p++) {
        raw.transaction(() => {
          for (const row of baselineRows) {
            insert.run(row.source, `${rawRound}:${p}:${row.externalId}`, row.url, row.author, row.text, row.lang, row.createdAt,
              row.fetchedAt, row.engagement.likes ?? null, row.engagement.reposts ?? null, row.engagement.replies ?? null, null, '[]', 0);
          }
        })();
      }
    };

    // Alternate the two so load from elsewhere on the machine hits both alike.
    const times: { path: number[]; raw: number[] } = { path: [], raw: [] };
    await runPath();
    runRaw();
    for (let round = 0; round < 5; round++) {
      let t = performance.now();
      await runPath();
      times.path.push(performance.now() - t);
      t = performance.now();
      runRaw();
      times.raw.push(performance.now() - t);
    }
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
        baseline: { name: 'raw insert loop, same rows, schema and batch size', value: rawRate },
        goal: '>= 100k posts/s and >= 0.5x baseline',
        met: pathRate >= 100_000 && pathRate / rawRate >= 0.5,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
