/**
 * Starting a worker thread from this code base, wherever it runs: bundled for Electron (the
 * entry is a .cjs file beside the bundle), or from TypeScript source under tsx or vitest,
 * where the worker needs tsx's loader registered in its own thread before the entry loads.
 */
import { Worker } from 'node:worker_threads';

/**
 * `sourceEntry` is the entry's TypeScript URL (next to the caller); `bundledName` the file
 * esbuild writes beside the Electron bundle. The bundle defines import.meta.url as its own
 * file, which is how we know we are bundled.
 */
export function spawnWorker(callerUrl: string, sourceEntry: string, bundledName: string, workerData: unknown): Worker {
  if (callerUrl.endsWith('.cjs')) return new Worker(new URL(`./${bundledName}`, callerUrl), { workerData });
  const entry = new URL(sourceEntry, callerUrl);
  if (entry.pathname.endsWith('.js')) return new Worker(entry, { workerData });
  return new Worker(new URL('./tsBoot.mjs', import.meta.url), { workerData: { tsBootEntry: entry.href, data: workerData } });
}

/** What a worker started by `spawnWorker` receives: tsBoot.mjs unwraps its own envelope. */
export function workerPayload(raw: unknown): unknown {
  if (typeof raw === 'object' && raw !== null && 'tsBootEntry' in raw && 'data' in raw) return (raw as { data: unknown }).data;
  return raw;
}
