/**
 * The worker threads as they ship: esbuild bundles them beside main.cjs, and they must run
 * there without tsx or the source tree. Built into out/ (inside the repo) so the externals
 * (better-sqlite3) resolve from node_modules as they do in the packaged app.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceWorkerHost } from '../../../main/ingest/worker/host.js';
import type { SourceConfig } from '../../../main/sources/config.js';
import { fakeTimelinePage } from '../../bench/measure.js';

const repo = path.resolve(import.meta.dirname, '../../..');
let outdir: string;

interface BuildModule {
  buildElectron(options: { outdir: string; only?: 'main' | 'preload' }): Promise<string[]>;
}

beforeAll(async () => {
  mkdirSync(path.join(repo, 'out'), { recursive: true });
  outdir = mkdtempSync(path.join(repo, 'out', 'worker-bundles-'));
  const { buildElectron } = (await import(pathToFileURL(path.join(repo, 'scripts', 'build-electron.mjs')).href)) as BuildModule;
  const files = await buildElectron({ outdir, only: 'main' });
  expect(files.map((f) => path.basename(f))).toEqual(['main.cjs', 'sourceWorker.cjs', 'checkpointWorker.cjs']);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('bundled worker threads', () => {
  it('the source worker decodes a page', async () => {
    const entry = pathToFileURL(path.join(outdir, 'sourceWorker.cjs')).href;
    const host = createSourceWorkerHost({ entryUrl: entry });
    try {
      const page = fakeTimelinePage({
        baseUrl: 'https://m.example',
        tag: 'acme',
        oldestMs: Date.UTC(2026, 10, 23),
        size: 10,
        spacingMs: 1000,
      });
      const adapter = host.adapter({ type: 'mastodon', name: 'm', baseUrl: 'https://m.example', hashtags: ['acme'] } as SourceConfig);
      const result = await adapter.poll({
        http: { request: async (url) => ({ status: 200, headers: { link: page.link }, body: page.body, url }) },
        now: () => Date.UTC(2026, 10, 23, 0, 1),
        cursor: null,
        backfill: { maxPosts: 500, maxAgeMs: 3_600_000 },
      });
      expect(result.posts).toHaveLength(10);
      expect(host.enricher(() => ({ terms: [], outageIntent: -1 }))(result.posts[0]!).outageIntent).toBeGreaterThanOrEqual(0);
    } finally {
      await host.stop();
    }
  });

  it('the checkpoint worker folds the WAL back', async () => {
    const file = path.join(outdir, 'ckpt.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (v TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(1000));
    const worker = new Worker(path.join(outdir, 'checkpointWorker.cjs'), { workerData: { file, nativeBinding: null, everyMs: 20 } });
    try {
      // The rows live only in the WAL until a checkpoint copies them into the database file,
      // and nothing on this thread checkpoints (auto-checkpoint is off): growth is the worker's.
      const before = statSync(file).size;
      const until = Date.now() + 10_000;
      while (statSync(file).size < before + 150_000) {
        if (Date.now() > until) throw new Error('the bundled checkpoint worker did not checkpoint');
        await new Promise((r) => setTimeout(r, 30));
      }
      expect(existsSync(`${file}-wal`)).toBe(true);
    } finally {
      await worker.terminate();
      db.close();
    }
  });
});
