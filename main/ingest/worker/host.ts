/**
 * The engine's side of the source worker (entry.ts). `adapter(config)` returns an adapter
 * whose pages are decoded and enriched in the worker while the engine's thread stores the
 * previous page: with several sources polling, the two overlap. Streams stay on the engine's
 * thread (they deliver a few posts at a time). If the worker dies or hangs, the polls in
 * flight fail with a plain message, the poller backs off as for any failure, and the next
 * poll starts a fresh worker.
 */
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../lib/log.js';
import type { SourceConfig } from '../../sources/config.js';
import { createAdapter } from '../../sources/registry.js';
import type { PollContext, PollResult, SourceAdapter, StreamContext } from '../../sources/types.js';
import { spawnWorker } from '../../lib/workers/spawn.js';
import type { Enricher } from '../pipeline.js';
import { fromWireError, fromWirePost, isEnriched, toWireError, type FromWorker, type ToWorker, type WirePollResult } from './protocol.js';

export interface SourceWorkerOptions {
  logger?: Logger;
  /** Decoding that takes this long (HTTP waits not counted) means the worker hangs: restart it. */
  stallMs?: number;
  /** Another worker entry, as a URL string: tests use one that crashes or hangs. */
  entryUrl?: string;
}

interface PendingPoll {
  key: number;
  ctx: PollContext;
  resolve(result: PollResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
}

export interface SourceWorkerHost {
  /** An adapter for `config` that decodes in the worker. Webhooks are not for the worker. */
  adapter(config: SourceConfig): SourceAdapter;
  /** Ingest's enricher: the worker's result for posts it decoded, `fallback` for any other. */
  enricher(fallback: Enricher): Enricher;
  stop(): Promise<void>;
}

export function createSourceWorkerHost(options: SourceWorkerOptions = {}): SourceWorkerHost {
  const stallMs = options.stallMs ?? 120_000;
  const configs = new Map<number, SourceConfig>();
  const pending = new Map<number, PendingPoll>();
  let worker: Worker | null = null;
  let opened = new Set<number>();
  let nextKey = 1;
  let nextPoll = 1;
  let stopped = false;
  // Adapters are dropped by the source manager without a call; the worker's copy goes with them.
  const closer = new FinalizationRegistry<number>((key) => {
    configs.delete(key);
    if (worker && opened.delete(key)) post({ t: 'close', key });
  });

  const post = (message: ToWorker): void => worker?.postMessage(message);

  function failAll(reason: string): void {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(new Error(reason));
    }
  }

  function retire(current: Worker, reason: string): void {
    if (worker !== current) return;
    worker = null;
    opened = new Set();
    failAll(reason);
    void current.terminate();
  }

  function start(): Worker {
    const w = options.entryUrl
      ? spawnWorker(options.entryUrl, options.entryUrl, 'sourceWorker.cjs', null)
      : spawnWorker(import.meta.url, './entry.ts', 'sourceWorker.cjs', null);
    w.unref();
    w.on('message', (message: FromWorker) => onMessage(message));
    w.on('error', (error) => {
      options.logger?.log('error', 'source worker failed', { error: error.message });
      retire(w, `The source worker failed (${error.message}); the next poll starts a new one`);
    });
    w.on('exit', (code) => retire(w, `The source worker stopped (exit code ${code}); the next poll starts a new one`));
    return w;
  }

  function watch(id: number, p: PendingPoll): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      options.logger?.log('error', 'source worker stalled; restarting it', { stallMs });
      if (worker) retire(worker, `Reading the page took longer than ${Math.round(stallMs / 1000)} s; it was stopped and will be retried`);
    }, stallMs);
    p.timer.unref();
    pending.set(id, p);
    worker?.ref();
  }

  /** An idle worker must not keep the process alive; one with work in flight must. */
  function settled(id: number): void {
    pending.delete(id);
    if (pending.size === 0) worker?.unref();
  }

  function onMessage(message: FromWorker): void {
    const pollId = message.t === 'http' ? message.poll : message.id;
    const p = pending.get(pollId);
    // A poll already failed (stalled worker, shutdown) has nobody waiting for it.
    if (!p) return;
    if (message.t === 'http') {
      // The HTTP client has its own timeout; only the worker's own time counts as a stall.
      clearTimeout(p.timer);
      p.ctx.http
        .request(message.url, message.init)
        .then(
          (res) => post({ t: 'http-result', id: message.id, now: p.ctx.now(), res, error: null }),
          (error: unknown) => post({ t: 'http-result', id: message.id, now: p.ctx.now(), res: null, error: toWireError(error) }),
        )
        .finally(() => {
          if (pending.has(pollId)) watch(pollId, p);
        });
      return;
    }
    clearTimeout(p.timer);
    settled(pollId);
    if (message.t === 'failed') {
      p.reject(fromWireError(message.error));
      return;
    }
    // Stored on the next turn: HTTP requests the worker queued behind this answer go out
    // first, so the worker decodes the next page while this thread stores this one.
    setImmediate(() => finish(p, message.result));
  }

  function finish(p: PendingPoll, encoded: string): void {
    const wire = JSON.parse(encoded) as WirePollResult;
    const result: PollResult = { posts: wire.posts.map(fromWirePost), cursor: wire.cursor };
    if (wire.incidents) result.incidents = wire.incidents;
    if (wire.hasMore !== undefined) result.hasMore = wire.hasMore;
    p.resolve(result);
  }

  function poll(key: number, ctx: PollContext): Promise<PollResult> {
    if (stopped) return Promise.reject(new Error('Surge Desk is shutting down'));
    worker ??= start();
    const config = configs.get(key);
    if (!config) return Promise.reject(new Error('This source was removed'));
    if (!opened.has(key)) {
      post({ t: 'open', key, config });
      opened.add(key);
    }
    const id = nextPoll++;
    return new Promise<PollResult>((resolve, reject) => {
      watch(id, { key, ctx, resolve, reject, timer: undefined });
      post({ t: 'poll', id, key, cursor: ctx.cursor, backfill: ctx.backfill, intervalMs: ctx.intervalMs, now: ctx.now() });
    });
  }

  return {
    adapter(config) {
      // Built here as well: a bad config fails where the caller can see it, and streams run here.
      const local = createAdapter(config);
      const key = nextKey++;
      configs.set(key, config);
      const remote: SourceAdapter = {
        type: local.type,
        name: local.name,
        poll: (ctx) => poll(key, ctx),
      };
      if (local.stream) remote.stream = (ctx: StreamContext) => local.stream!(ctx);
      closer.register(remote, key);
      return remote;
    },
    enricher(fallback) {
      // A post decoded in the worker is its own enrichment (it carries terms and intent).
      return (post) => (isEnriched(post) ? post : fallback(post));
    },
    async stop() {
      stopped = true;
      const w = worker;
      worker = null;
      failAll('Surge Desk is shutting down');
      if (w) await w.terminate();
    },
  };
}
