/**
 * What the WebSocket benches share: the bench hub (boardHub.ts) in its own process, a client
 * that matches answers to calls, and percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface Answer {
  ok: boolean;
  value?: unknown;
  error?: { code?: string; message: string };
}

export interface Conn {
  ws: WebSocket;
  call(method: string, params: unknown): Promise<Answer>;
}

/**
 * Connects to `url`'s /api/ws (as the loopback user, or with `token`); `onChanged` hears each
 * `board.changed` (its card's title, when it arrived).
 */
export async function connect(url: string, onChanged?: (title: string, at: number) => void, token?: string): Promise<Conn> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws${token ? `?token=${token}` : ''}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (r: Answer) => void>();
  ws.on('message', (data) => {
    const at = performance.now();
    const frame = JSON.parse(String(data)) as {
      type: string;
      id?: number;
      result?: Answer;
      event?: string;
      data?: { card?: { title?: string } };
    };
    if (frame.type === 'result' && typeof frame.id === 'number') {
      waiting.get(frame.id)?.(frame.result!);
      waiting.delete(frame.id);
    } else if (frame.type === 'event' && frame.event === 'board.changed' && onChanged) onChanged(frame.data?.card?.title ?? '', at);
  });
  return {
    ws,
    call: (method, params) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, method, params }));
      }),
  };
}

/** Starts test/bench/boardHub.ts on `dataDir`; resolves with its URL and an admin access token once it listens. */
export function startHubProcess(dataDir: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'boardHub.ts'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /READY (\S+) (\S+)\n/.exec(out);
      if (ready) resolve({ child, url: ready[1]!, token: ready[2]! });
    });
    child.once('exit', (code) => reject(new Error(`the bench hub exited (${code}) before it was ready`)));
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

export const rssMiB = (pid: number): number => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return kb ? Number(kb[1]) / 1024 : NaN;
};
