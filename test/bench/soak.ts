/**
 * Memory soak (issue 3): the real engine path — createEngine, poller, HTTP client, Mastodon
 * adapter, ingest, store, detection — polling a fast fake Mastodon on 127.0.0.1 for a fixed
 * time, printing RSS and heap at start, every minute and at the end. It stops by itself and
 * removes its data folder.
 *
 *   npx tsx test/bench/soak.ts [--minutes 10] [--speed 1]
 *
 * The fake serves a live tag timeline: full 40-post pages with snowflake ids and created_at
 * growing, Link rel=next/prev headers, `min_id`/`max_id` paging. Posts appear faster than one
 * page a second, so every forward page is full and the poller keeps following `hasMore` (one
 * page per second, the poller's pace for more pages). `--speed N` runs the engine's clock N
 * times faster (its timers N times shorter) to push N times the volume through the same path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEngine } from '../../main/core/engine.js';
import { sourceConfigSchema } from '../../main/sources/config.js';
import type { Clock } from '../../main/lib/clock.js';
import { fakeTimelinePage } from './measure.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

const minutes = arg('minutes', 10);
const speed = arg('speed', 1);
const TAG = 'acme';
/** Simulated milliseconds between posts: 50 posts/s, more than one full page per second. */
const SPACING_MS = 20;

// A clock N times faster than the wall: `now` runs ahead, timers fire N times sooner.
const t0 = Date.now();
const clock: Clock = {
  now: () => t0 + Math.round((Date.now() - t0) * speed),
  setTimeout: (fn, ms) => setTimeout(fn, ms / speed),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

// Heap after a full collection is the figure that shows a leak; expose gc without a flag.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Timeline post k was created at ORIGIN + k·SPACING; ids are `ms << 16`, as Mastodon's are. */
const ORIGIN = Math.floor((t0 - 3_600_000) / SPACING_MS) * SPACING_MS;
const indexAt = (ms: number): number => Math.floor((ms - ORIGIN) / SPACING_MS);
const msOfId = (id: string): number | null => {
  if (!/^\d{1,30}$/.test(id)) return null;
  return Number(BigInt(id) >> 16n);
};

let served = 0;
let baseUrl = '';
function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', baseUrl);
  if (url.pathname !== `/api/v1/timelines/tag/${TAG}`) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Record not found"}');
    return;
  }
  const limit = Math.min(40, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
  const newest = indexAt(clock.now());
  const minId = url.searchParams.get('min_id');
  const maxId = url.searchParams.get('max_id');
  // [first, last] are timeline indexes, oldest to newest.
  let first: number;
  let last: number;
  if (minId !== null) {
    const ms = msOfId(minId);
    first = ms === null ? newest - limit + 1 : indexAt(ms) + 1;
    last = Math.min(newest, first + limit - 1);
  } else if (maxId !== null) {
    const ms = msOfId(maxId);
    last = ms === null ? newest : Math.ceil((ms - ORIGIN) / SPACING_MS) - 1;
    first = last - limit + 1;
  } else {
    last = newest;
    first = newest - limit + 1;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (last < first) {
    // Mastodon sends an empty array and no Link header when nothing is newer.
    res.writeHead(200, headers).end('[]');
    return;
  }
  const page = fakeTimelinePage({
    baseUrl,
    tag: TAG,
    oldestMs: ORIGIN + first * SPACING_MS,
    size: last - first + 1,
    spacingMs: SPACING_MS,
    limit,
  });
  served += last - first + 1;
  headers.link = page.link;
  res.writeHead(200, headers).end(page.body);
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'surge-soak-'));
  const source = sourceConfigSchema.parse({ type: 'mastodon', name: 'soak', baseUrl, hashtags: [TAG], intervalSeconds: 10 });
  const engine = createEngine({ dataDir: dir, version: 'soak', sources: [source], clock });

  let stopping = false;
  const cleanup = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await engine.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    console.log('interrupted: cleaning up');
    void cleanup().then(() => process.exit(130));
  });

  const started = performance.now();
  let lastPosts = 0;
  let lastAt = started;
  const sample = (label: string): { rss: number; heap: number } => {
    const before = process.memoryUsage();
    gc();
    const after = process.memoryUsage();
    const posts = engine.store.postsRead.count();
    const now = performance.now();
    const rate = now > lastAt ? (posts - lastPosts) / ((now - lastAt) / 1000) : 0;
    console.log(
      `${label.padEnd(6)} rss ${mb(after.rss).padStart(9)}  heap used ${mb(before.heapUsed).padStart(8)} (after gc ${mb(after.heapUsed).padStart(8)})` +
        `  posts stored ${String(posts).padStart(8)}  (${rate.toFixed(1)} posts/s)`,
    );
    lastPosts = posts;
    lastAt = now;
    return { rss: after.rss, heap: after.heapUsed };
  };

  console.log(`soak: ${minutes} min at ${speed}x speed; fake Mastodon ${baseUrl}; data in ${dir}`);
  const start = sample('start');
  engine.start();
  let warm: { rss: number; heap: number } | null = null;
  try {
    for (let m = 1; m <= Math.ceil(minutes); m++) {
      const until = started + Math.min(m, minutes) * 60_000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - performance.now())));
      if (m < minutes) {
        const at = sample(`${m}m`);
        // Minute 2 on: the worker threads (source decoding, checkpoints) have started by then.
        if (m === 2) warm = at;
      }
    }
    const end = sample('end');
    // Let the poll in flight finish, so every post the fake served has had its chance to be stored.
    await engine.poller.stop();
    const posts = engine.store.postsRead.count();
    const seconds = (performance.now() - started) / 1000;
    const status = [...engine.poller.statuses()].find((s) => s.name === 'soak');
    console.log(
      `\nposts stored ${posts} of ${served} served (${served - posts} not stored; a first start backfills at most 500 posts, and its last page is cut there) in ${seconds.toFixed(0)} s: ${(posts / seconds).toFixed(1)} posts/s` +
        `; source ${status?.health ?? 'unknown'}${status?.lastError ? ` (${status.lastError})` : ''}`,
    );
    console.log(
      `RSS start → end: ${mb(start.rss)} → ${mb(end.rss)} (${end.rss >= start.rss ? '+' : ''}${mb(end.rss - start.rss)}); ` +
        `heap after gc: ${mb(start.heap)} → ${mb(end.heap)}`,
    );
    if (warm) {
      console.log(
        `RSS minute 2 → end (threads started): ${mb(warm.rss)} → ${mb(end.rss)} (${end.rss >= warm.rss ? '+' : ''}${mb(end.rss - warm.rss)})`,
      );
    }
  } finally {
    await cleanup();
  }
}

await main();
