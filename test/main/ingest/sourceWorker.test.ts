import { afterEach, describe, expect, it } from 'vitest';
import { createDefaultEnricher } from '../../../main/ingest/enrich.js';
import { createSourceWorkerHost, type SourceWorkerHost } from '../../../main/ingest/worker/host.js';
import type { SourceConfig } from '../../../main/sources/config.js';
import { createAdapter } from '../../../main/sources/registry.js';
import { SourceError, type HttpClient, type HttpResponse, type PollContext } from '../../../main/sources/types.js';
import { fakeTimelinePage } from '../../bench/measure.js';
import type { NormalizedPost } from '../../../shared/domain.js';
import type { Enrichment } from '../../../shared/domain.js';

const BASE = 'https://mastodon.example';
const NOW = Date.UTC(2026, 10, 23, 12);
const config: SourceConfig = { type: 'mastodon', name: 'm1', baseUrl: BASE, hashtags: ['acme'] } as SourceConfig;
const page = fakeTimelinePage({ baseUrl: BASE, tag: 'acme', oldestMs: NOW - 60_000, size: 20, spacingMs: 1_000 });
const ok = (body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json', ...headers },
  body,
  url: `${BASE}/api/v1/timelines/tag/acme`,
});

function ctx(http: HttpClient, cursor: string | null = null): PollContext {
  return { http, now: () => NOW, cursor, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } };
}
const serving = (res: HttpResponse): HttpClient => ({ request: async () => res });
/** Answers after a while, so a worker that fails mid-poll fails while it waits. */
const slowly = (res: HttpResponse): HttpClient => ({ request: () => new Promise((resolve) => setTimeout(() => resolve(res), 300)) });

let host: SourceWorkerHost | null = null;
afterEach(async () => {
  await host?.stop();
  host = null;
});

describe('source worker', () => {
  it('decodes and enriches exactly as the adapter and enricher do in place', async () => {
    host = createSourceWorkerHost();
    const http = serving(ok(page.body, { link: page.link }));
    const remote = await host.adapter(config).poll(ctx(http));
    const local = await createAdapter(config).poll(ctx(http));
    expect(remote.posts).toHaveLength(20);
    expect(remote.posts.map(({ terms: _t, outageIntent: _o, ...post }: NormalizedPost & Partial<Enrichment>) => post)).toEqual(local.posts);
    expect(remote.cursor).toBe(local.cursor);
    expect(remote.hasMore).toBe(local.hasMore);
    const enrich = createDefaultEnricher();
    const viaWorker = host.enricher(() => {
      throw new Error('the worker result should have been used');
    });
    remote.posts.forEach((post, i) => {
      const { terms, outageIntent } = viaWorker(post);
      expect({ terms, outageIntent }).toEqual(enrich(local.posts[i]!));
    });
    // A post the worker did not decode falls back.
    expect(host.enricher(() => ({ terms: ['x'], outageIntent: 0.5 }))(local.posts[0]!)).toEqual({ terms: ['x'], outageIntent: 0.5 });
  });

  it("carries the source's interval across, so a backfill in progress reads forward when it is due", async () => {
    host = createSourceWorkerHost();
    const urls: string[] = [];
    const http: HttpClient = {
      request: async (url) => {
        urls.push(url);
        return ok('[]');
      },
    };
    const tag = `${BASE}/api/v1/timelines/tag/acme`;
    const backfill = { next: `${tag}?max_id=50`, count: 40, until: NOW - 3_600_000 };
    const fwd = { at: NOW - 30_000, more: false, history: true };
    const cursor = JSON.stringify({ v: 2, newest: '100', prev: `${tag}?min_id=100`, backfill, fwd });
    await host.adapter(config).poll({ ...ctx(http, cursor), intervalMs: 10_000 });
    // Without an interval a minute applies, and half of one has passed: history goes on.
    await host.adapter(config).poll(ctx(http, cursor));
    expect(urls).toEqual([`${tag}?min_id=100`, `${tag}?max_id=50`]);
  });

  it('sends HTTP through the engine thread and brings errors back with their kind and retry time', async () => {
    host = createSourceWorkerHost();
    const seen: string[] = [];
    const limited: HttpClient = {
      request: async (url) => {
        seen.push(url);
        return { status: 429, headers: { 'retry-after': '30' }, body: '{"error":"Too many requests"}', url };
      },
    };
    const error = await host
      .adapter(config)
      .poll(ctx(limited))
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).kind).toBe('rate_limited');
    expect((error as SourceError).retryAt).toBe(NOW + 30_000);

    const offline: HttpClient = {
      request: async () => {
        throw new SourceError('network', 'mastodon.example could not be reached (DNS)');
      },
    };
    const down = await host
      .adapter(config)
      .poll(ctx(offline))
      .catch((e: unknown) => e);
    expect(down).toMatchObject({ kind: 'network', message: 'mastodon.example could not be reached (DNS)' });

    const cut = await host
      .adapter(config)
      .poll(ctx(serving(ok(page.body.slice(0, 500)))))
      .catch((e: unknown) => e);
    expect(cut).toMatchObject({ kind: 'malformed' });
    expect((cut as Error).message).toMatch(/not valid JSON/);
  });

  it('a crashed worker fails the poll in flight in plain words and the next poll starts a new one', async () => {
    host = createSourceWorkerHost({ entryUrl: new URL('./workers/misbehavingEntry.ts', import.meta.url).href });
    const adapter = host.adapter(config);
    const http = serving(ok(page.body, { link: page.link }));
    await expect(adapter.poll(ctx(slowly(ok(page.body)), 'crash'))).rejects.toThrow(/source worker stopped \(exit code 3\)/);
    const after = await adapter.poll(ctx(http));
    expect(after.posts).toHaveLength(20);
  });

  it('a hung worker is stopped after the stall limit and the source recovers', async () => {
    // The stall clock also runs while a fresh worker boots tsx, which takes seconds on a busy
    // two-core machine: the limit leaves the recovering poll room for that.
    host = createSourceWorkerHost({ entryUrl: new URL('./workers/misbehavingEntry.ts', import.meta.url).href, stallMs: 4_000 });
    const adapter = host.adapter(config);
    const http = serving(ok(page.body, { link: page.link }));
    await expect(adapter.poll(ctx(slowly(ok(page.body)), 'hang'))).rejects.toThrow(/longer than 4 s/);
    expect((await adapter.poll(ctx(http))).posts).toHaveLength(20);
  });

  it('stop fails polls in flight and refuses new ones', async () => {
    host = createSourceWorkerHost();
    const never: HttpClient = { request: () => new Promise<HttpResponse>(() => undefined) };
    const adapter = host.adapter(config);
    const inFlight = adapter.poll(ctx(never)).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    await host.stop();
    expect(await inFlight).toMatchObject({ message: expect.stringMatching(/shutting down/) });
    await expect(adapter.poll(ctx(never))).rejects.toThrow(/shutting down/);
  });

  it('keeps the local adapter for streaming', () => {
    host = createSourceWorkerHost();
    const streaming = host.adapter({ ...config, stream: true } as SourceConfig);
    expect(typeof streaming.stream).toBe('function');
    const rss = host.adapter({ type: 'rss', name: 'feed', url: 'https://status.example/feed.xml' } as SourceConfig);
    expect(rss.stream).toBeUndefined();
  });
});

describe('the engine with and without its source worker', () => {
  it('stores the same posts, terms and intent either way', async () => {
    const { createEngine } = await import('../../../main/core/engine.js');
    const { parseSourcesConfig } = await import('../../../main/sources/config.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const parsed = parseSourcesConfig([{ type: 'mastodon', name: 'm1', baseUrl: BASE, hashtags: ['acme'], intervalSeconds: 3600 }]);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const live = fakeTimelinePage({ baseUrl: BASE, tag: 'acme', oldestMs: Date.now() - 60_000, size: 20, spacingMs: 1_000 });
    let served = 0;
    const http: HttpClient = {
      // The first page, then nothing new: backfill stops at a short page.
      request: async () => ok(served++ === 0 ? live.body : '[]', served === 1 ? { link: live.link } : {}),
    };
    const storedBy = async (sourceWorker: boolean) => {
      served = 0;
      const dir = mkdtempSync(join(tmpdir(), 'surge-worker-engine-'));
      const engine = createEngine({ dataDir: dir, version: 'test', sources: parsed.value, http, sourceWorker, tickMs: 60_000 });
      try {
        await engine.start();
        const until = Date.now() + 15_000;
        while (engine.store.postsRead.count() < 20) {
          if (Date.now() > until) throw new Error(`only ${engine.store.postsRead.count()} posts stored`);
          await new Promise((r) => setTimeout(r, 25));
        }
        return engine.store.postsRead.recent(50).map(({ id: _id, fetchedAt: _f, ...post }) => post);
      } finally {
        await engine.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const viaWorker = await storedBy(true);
    const inPlace = await storedBy(false);
    expect(viaWorker).toHaveLength(20);
    expect(viaWorker.some((p) => p.terms.length > 0 && p.outageIntent > 0)).toBe(true);
    expect(viaWorker).toEqual(inPlace);
  });
});
