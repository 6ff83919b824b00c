// Development only: a worker started from TypeScript source registers tsx in its own thread
// (loader hooks are per thread), then loads the real entry.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.tsBootEntry);
