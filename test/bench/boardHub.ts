/**
 * The hub the board-sync bench measures, in its own process so its RSS is the hub's alone:
 * a real engine (SQLite file, board service) behind the real WebSocket server on loopback.
 *
 * One extra: a call to `bench.noop` (not a contract method; only this script knows it) is
 * answered at once and fans out a `board.changed` of the same size as a real one, carrying the
 * marker it was given as the card's title. That is the bench's baseline: the same transport
 * and fan-out without the board service and the database write.
 *
 * `bench.loopDelay` (also only here) restarts or reads the hub's event-loop delay histogram, so
 * the bench can tell a stall inside the hub from one on the machine or in its own clients.
 *
 * Usage: node --import tsx test/bench/boardHub.ts <dataDir>; prints `READY <url> <admin token>` when listening.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { createEngine } from '../../main/core/engine.js';
import type { Engine } from '../../main/core/engineTypes.js';
import { startHub } from '../../main/hub/server.js';
import type { BoardChange } from '../../shared/contract/board.js';
import { ok } from '../../shared/contract/envelope.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: boardHub.ts <dataDir>');

const engine = createEngine({ dataDir, version: 'bench', sources: [], sourceWorker: false, tickMs: 3_600_000 });
engine.board.start();
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
let cpuFrom = { usage: process.cpuUsage(), at: performance.now() };
let gc = { max: 0, total: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.max = Math.max(gc.max, entry.duration);
    gc.total += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });
let template: BoardChange | null = null;
const listeners = new Set<(event: string, data: unknown) => void>();
engine.onEvent((event, data) => {
  if (event === 'board.changed') template = data as BoardChange;
  for (const l of listeners) l(event, data);
});

const benchEngine: Engine = {
  ...engine,
  onEvent(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  dispatch(method, params, ctx) {
    if (method === 'bench.loopDelay') {
      const ms = (ns: number) => ns / 1e6;
      const used = process.cpuUsage(cpuFrom.usage);
      const cpuShare = (used.user + used.system) / 1000 / (performance.now() - cpuFrom.at);
      const stats = { p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max), cpuShare, gcMax: gc.max, gcTotal: gc.total };
      gc = { max: 0, total: 0 };
      loopDelay.reset();
      cpuFrom = { usage: process.cpuUsage(), at: performance.now() };
      return Promise.resolve(ok(stats));
    }
    if (method !== 'bench.noop') return engine.dispatch(method, params, ctx);
    const marker = String((params as { marker?: unknown } | null)?.marker ?? '');
    if (template) {
      const change: BoardChange = { seq: template.seq, card: { ...template.card, title: marker } };
      for (const l of listeners) l('board.changed', change);
    }
    return Promise.resolve(ok(null));
  },
};

const hub = await startHub({
  engine: benchEngine,
  host: '127.0.0.1',
  port: 0,
  staticDir: '/nonexistent',
  tokens: engine.accessTokens,
  health: () => ({}),
  metrics: () => '',
});
// A fresh data dir each run, so the first token is always issued.
console.log(`READY ${hub.url} ${engine.accessTokens.issueFirstAdminToken() ?? 'none'}`);

const stop = async () => {
  await hub.close();
  await engine.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
