/**
 * One abusive caller for the hubAbuse bench, in its own process so its sending does not
 * share an event loop with the client being measured.
 *
 *   flood      10,000 well-formed calls a second (system.info), far past the read budget
 *   steady     590 calls a second: past the call allowance, just under what gets it closed
 *   malformed  10,000 frames a second that are not JSON, or JSON of the wrong shape
 *   huge       1 MiB frames back to back (as fast as the socket takes them): valid JSON just
 *              under the frame limit, and frames just over it
 *   reconnect  as flood, and each time the hub closes it (or refuses it, 429), connects again at once and goes on
 *
 * Each mode connects from its own loopback address (`localAddress`), so one phase's budget
 * (kept per caller, by address for the loopback user) is not the next one's.
 *
 * Usage: node --import tsx test/bench/hubAbuser.ts <hubUrl> <mode> <seconds> [localAddress].
 * Prints `ABUSING` once connected and, at the end, one JSON line: frames sent, for how long
 * (until the time is up or the hub closed it for good), answers by kind, the last close code,
 * connections made (opened), closes by code and reason, and connects refused by HTTP status.
 */
import WebSocket from 'ws';

const [url, mode, secondsArg, localAddress] = process.argv.slice(2);
if (!url || !mode || !secondsArg)
  throw new Error('usage: hubAbuser.ts <hubUrl> <flood|steady|malformed|huge|reconnect> <seconds> [localAddress]');
const seconds = Number(secondsArg);
const LIMIT = 1024 * 1024;

let sent = 0;
let closed: number | null = null;
let connections = 0;
const answers: Record<string, number> = {};
const closes: Record<string, number> = {};

async function open(): Promise<WebSocket> {
  const socket = new WebSocket(`${url!.replace(/^http/, 'ws')}/api/ws`, localAddress ? { localAddress } : {});
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { result?: { ok: boolean; error?: { code?: string } } };
    const kind = frame.result ? (frame.result.ok ? 'ok' : (frame.result.error?.code ?? 'error')) : 'event';
    answers[kind] = (answers[kind] ?? 0) + 1;
  });
  let opened = false;
  socket.once('open', () => (opened = true));
  socket.on('close', (code, reason) => {
    // A connect refused before the handshake is counted as refused below, not as a close.
    if (!opened) return;
    closed = code;
    const key = `${code} ${reason.toString() || '-'}`;
    closes[key] = (closes[key] ?? 0) + 1;
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  connections++;
  return socket;
}

let ws = await open();
console.log('ABUSING');
const startedAt = Date.now();

const isOpen = () => ws.readyState === ws.OPEN;
const until = Date.now() + seconds * 1000;
const pace = async (perTick: number, frame: (i: number) => string, reconnect = false): Promise<void> => {
  // 100 ticks a second; a tick that ran late sends what it owes.
  const start = Date.now();
  while (Date.now() < until) {
    if (!isOpen()) {
      if (!reconnect) return;
      if (ws.readyState !== ws.CLOSED) await new Promise((r) => ws.once('close', r));
      try {
        ws = await open();
      } catch (error) {
        // Refused before the handshake (ws: "Unexpected server response: 429"), by status.
        const key = `refused ${/response: (\d+)/.exec(String(error))?.[1] ?? '-'}`;
        closes[key] = (closes[key] ?? 0) + 1;
        // At once, as after a close: a refused attacker does not politely wait either.
        continue;
      }
    }
    const owed = Math.floor(((Date.now() - start) / 1000) * perTick * 100) - sent;
    for (let i = 0; i < owed && isOpen(); i++) ws.send(frame(sent++));
    if (isOpen()) await new Promise((r) => setTimeout(r, 10));
  }
};

const call = (i: number): string => JSON.stringify({ type: 'call', id: i, method: 'system.info', params: {} });
if (mode === 'flood') {
  await pace(100, call);
} else if (mode === 'reconnect') {
  await pace(100, call, true);
} else if (mode === 'steady') {
  await pace(5.9, call);
} else if (mode === 'malformed') {
  await pace(100, (i) => (i % 2 === 0 ? `{"type":"call","id":${i},"method":` : JSON.stringify({ type: 'cal', id: i, params: [i] })));
} else if (mode === 'huge') {
  const head = JSON.stringify({ type: 'call', id: 0, method: 'system.info', params: { pad: '' } });
  const under = head.replace('"pad":""', `"pad":"${'x'.repeat(LIMIT - head.length - 16)}"`);
  const over = 'x'.repeat(LIMIT + 1);
  while (Date.now() < until && isOpen()) {
    if (ws.bufferedAmount < 2 * LIMIT) {
      ws.send(sent++ % 2 === 0 ? under : over);
    } else await new Promise((r) => setTimeout(r, 1));
  }
} else throw new Error(`unknown mode ${mode}`);

const activeSeconds = (Date.now() - startedAt) / 1000;
// Let the last answers arrive, then go.
await new Promise((r) => setTimeout(r, 300));
console.log(JSON.stringify({ mode, sent, activeSeconds, answers, closed, connections, closes }));
ws.close();
await new Promise((r) => setTimeout(r, 50));
process.exit(0);
