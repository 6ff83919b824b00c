/**
 * One abusive connection for the hubAbuse bench, in its own process so its sending does not
 * share an event loop with the client being measured.
 *
 *   flood      10,000 well-formed calls a second (system.info), far past the per-connection limit
 *   steady     590 calls a second: past the call allowance, just under what gets it closed
 *   malformed  10,000 frames a second that are not JSON, or JSON of the wrong shape
 *   huge       1 MiB frames back to back (as fast as the socket takes them): valid JSON just
 *              under the frame limit, and frames just over it
 *
 * Usage: node --import tsx test/bench/hubAbuser.ts <hubUrl> <mode> <seconds>. Prints `ABUSING`
 * once connected and, at the end, one JSON line: frames sent, for how long (until the time is
 * up or the hub closed it), answers by kind, close code.
 */
import WebSocket from 'ws';

const [url, mode, secondsArg] = process.argv.slice(2);
if (!url || !mode || !secondsArg) throw new Error('usage: hubAbuser.ts <hubUrl> <flood|steady|malformed|huge> <seconds>');
const seconds = Number(secondsArg);
const LIMIT = 1024 * 1024;

const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws`);
let sent = 0;
let closed: number | null = null;
const answers: Record<string, number> = {};
ws.on('message', (data) => {
  const frame = JSON.parse(String(data)) as { result?: { ok: boolean; error?: { code?: string } } };
  const kind = frame.result ? (frame.result.ok ? 'ok' : (frame.result.error?.code ?? 'error')) : 'event';
  answers[kind] = (answers[kind] ?? 0) + 1;
});
ws.on('close', (code) => (closed = code));
ws.on('error', () => undefined);
await new Promise<void>((resolve, reject) => {
  ws.once('open', () => resolve());
  ws.once('error', reject);
});
console.log('ABUSING');
const startedAt = Date.now();

const open = () => ws.readyState === ws.OPEN;
const until = Date.now() + seconds * 1000;
const pace = async (perTick: number, frame: (i: number) => string): Promise<void> => {
  // 100 ticks a second; a tick that ran late sends what it owes.
  const start = Date.now();
  while (Date.now() < until && open()) {
    const owed = Math.floor(((Date.now() - start) / 1000) * perTick * 100) - sent;
    for (let i = 0; i < owed; i++) ws.send(frame(sent++));
    await new Promise((r) => setTimeout(r, 10));
  }
};

const call = (i: number): string => JSON.stringify({ type: 'call', id: i, method: 'system.info', params: {} });
if (mode === 'flood') {
  await pace(100, call);
} else if (mode === 'steady') {
  await pace(5.9, call);
} else if (mode === 'malformed') {
  await pace(100, (i) => (i % 2 === 0 ? `{"type":"call","id":${i},"method":` : JSON.stringify({ type: 'cal', id: i, params: [i] })));
} else if (mode === 'huge') {
  const head = JSON.stringify({ type: 'call', id: 0, method: 'system.info', params: { pad: '' } });
  const under = head.replace('"pad":""', `"pad":"${'x'.repeat(LIMIT - head.length - 16)}"`);
  const over = 'x'.repeat(LIMIT + 1);
  while (Date.now() < until && open()) {
    if (ws.bufferedAmount < 2 * LIMIT) {
      ws.send(sent++ % 2 === 0 ? under : over);
    } else await new Promise((r) => setTimeout(r, 1));
  }
} else throw new Error(`unknown mode ${mode}`);

const activeSeconds = (Date.now() - startedAt) / 1000;
// Let the last answers arrive, then go.
await new Promise((r) => setTimeout(r, 300));
console.log(JSON.stringify({ mode, sent, activeSeconds, answers, closed }));
ws.close();
await new Promise((r) => setTimeout(r, 50));
process.exit(0);
