/** A small WebSocket client for hub tests: calls answer their envelope, events are collected, raw frames can be sent. */
import WebSocket from 'ws';

export interface TestClient {
  ws: WebSocket;
  call(
    method: string,
    params?: unknown,
    timeoutMs?: number,
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  /** Answers with null id (frames the hub could not read) in arrival order. */
  unaddressed: Array<{ ok: boolean; error?: { code: string; message: string } }>;
  events: Array<{ event: string; data: unknown }>;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  closed: Promise<number>;
  close(): void;
}

/** `localAddress`: connect from another loopback address (127.0.0.2, …), as another machine would. */
export async function connectClient(url: string, query = '', options: WebSocket.ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws${query}`, options);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (result: never) => void>();
  const unaddressed: TestClient['unaddressed'] = [];
  const events: TestClient['events'] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; id?: number | null; result?: never; event?: string; data?: unknown };
    if (frame.type === 'event') events.push({ event: frame.event!, data: frame.data });
    else if (typeof frame.id === 'number' && waiting.has(frame.id)) {
      waiting.get(frame.id)!(frame.result!);
      waiting.delete(frame.id);
    } else unaddressed.push(frame.result!);
  });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const waitFor = async (predicate: () => boolean, timeoutMs = 3000) => {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return {
    ws,
    call(method, params = {}, timeoutMs = 5000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${method}: no answer`)), timeoutMs);
        waiting.set(id, ((result: Awaited<ReturnType<TestClient['call']>>) => {
          clearTimeout(timer);
          resolve(result);
        }) as never);
        ws.send(JSON.stringify({ type: 'call', id, method, params }));
      });
    },
    unaddressed,
    events,
    waitFor,
    closed,
    close: () => ws.close(),
  };
}
