/**
 * The source worker: runs the adapters' page decoding (JSON parse, validation, HTML → text,
 * normalizing) and enrichment off the engine's thread, which keeps SQLite, detection and the
 * UI. HTTP stays on the engine's thread: every request is asked of it, so rate-limit
 * bookkeeping, timeouts and the test fakes work exactly as for an adapter run in place.
 */
import { parentPort } from 'node:worker_threads';
import { createDefaultEnricher } from '../enrich.js';
import { createAdapter } from '../../sources/registry.js';
import type { HttpClient, HttpRequest, HttpResponse, SourceAdapter } from '../../sources/types.js';
import { fromWireError, toWireError, toWirePost, type FromWorker, type ToWorker, type WirePollResult } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('the source worker must run in a worker thread');

const adapters = new Map<number, SourceAdapter>();
const enrich = createDefaultEnricher();
const pendingHttp = new Map<number, { resolve(res: HttpResponse): void; reject(err: Error): void; setNow(now: number): void }>();
let nextHttpId = 1;

const send = (message: FromWorker): void => port.postMessage(message);

async function poll(message: Extract<ToWorker, { t: 'poll' }>): Promise<void> {
  let now = message.now;
  const http: HttpClient = {
    request(url: string, init?: HttpRequest): Promise<HttpResponse> {
      const id = nextHttpId++;
      return new Promise((resolve, reject) => {
        pendingHttp.set(id, {
          resolve,
          reject,
          setNow: (n) => {
            now = n;
          },
        });
        send({ t: 'http', id, poll: message.id, url, init });
      });
    },
  };
  try {
    const adapter = adapters.get(message.key);
    if (!adapter) throw new Error('source worker has no adapter for this source (it was closed)');
    const { cursor, backfill, intervalMs } = message;
    const result = await adapter.poll({ http, now: () => now, cursor, backfill, intervalMs });
    const posts = result.posts.map((p) => toWirePost(p, enrich(p)));
    const wire: WirePollResult = { posts, cursor: result.cursor };
    if (result.incidents) wire.incidents = result.incidents;
    if (result.hasMore !== undefined) wire.hasMore = result.hasMore;
    send({ t: 'done', id: message.id, result: JSON.stringify(wire) });
  } catch (error) {
    send({ t: 'failed', id: message.id, error: toWireError(error) });
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.t) {
    case 'open':
      try {
        adapters.set(message.key, createAdapter(message.config));
      } catch {
        // The engine built the same adapter on its own thread first and reported any error;
        // a poll for this key then fails with "no adapter".
      }
      return;
    case 'close':
      adapters.delete(message.key);
      return;
    case 'poll':
      void poll(message);
      return;
    case 'http-result': {
      const waiting = pendingHttp.get(message.id);
      if (!waiting) return;
      pendingHttp.delete(message.id);
      waiting.setNow(message.now);
      const { res, error } = message;
      // Decoded on the next turn: polls queued behind this answer send their requests first,
      // so the engine's thread has the next page coming while this one is decoded.
      setImmediate(() => {
        if (res) waiting.resolve(res);
        else waiting.reject(fromWireError(error ?? { kind: null, message: 'no response', retryAt: null }));
      });
      return;
    }
  }
});
