// A source worker that crashes or hangs on request (cursor "crash" / "hang") once it has
// asked for the page, and is the real worker otherwise: for testing how the engine's side
// recovers. The real entry loads first, so the failure hits a running worker, as in life.
import { parentPort } from 'node:worker_threads';

await import('../../../../main/ingest/worker/entry.js');

parentPort?.on('message', (message: { t: string; cursor?: string | null }) => {
  if (message.t !== 'poll') return;
  if (message.cursor === 'crash') setTimeout(() => process.exit(3), 50);
  if (message.cursor === 'hang')
    setTimeout(() => {
      for (;;) {
        /* spin until terminated */
      }
    }, 50);
});
