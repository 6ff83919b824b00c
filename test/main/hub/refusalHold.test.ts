/**
 * The hold before a flood's 429 (gate.ts): bounded in how many sockets it keeps open, skipped
 * when the debt is nearly paid, and answered with what is owed when it ends.
 */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createRefusalHold, type Refusal } from '../../../main/hub/gate.js';

function fakeSocket() {
  const socket = new PassThrough();
  let written = '';
  socket.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { socket, written: () => written };
}

const owing = (seconds: number, owedMs = seconds * 1000): Refusal => ({
  status: 429,
  message: `Connect again in ${seconds} s.`,
  retryAfterSeconds: seconds,
  owedMs,
});

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

it('holds up to its limit, answers past it at once, and answers the held ones with what is owed when the hold ends', async () => {
  const hold = createRefusalHold(2_000, 2);
  const sockets = [fakeSocket(), fakeSocket(), fakeSocket()];
  for (const { socket } of sockets) hold.refuse(socket, owing(10), () => owing(8));
  await vi.advanceTimersByTimeAsync(0);
  expect(hold.held()).toBe(2);
  expect(sockets[0]!.written()).toBe('');
  expect(sockets[2]!.written()).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\n[\s\S]*Retry-After: 10\r\n/);

  await vi.advanceTimersByTimeAsync(2_000);
  expect(hold.held()).toBe(0);
  expect(sockets[0]!.written()).toMatch(/Retry-After: 8\r\n[\s\S]*Connect again in 8 s\.\n$/);
});

it('holds a caller whose debt is nearly paid only until just before it is, so it is still refused when answered', async () => {
  const hold = createRefusalHold(2_000);
  const nearly = fakeSocket();
  hold.refuse(nearly.socket, owing(1, 700), () => owing(1, 100));
  await vi.advanceTimersByTimeAsync(599);
  expect(nearly.written()).toBe('');
  await vi.advanceTimersByTimeAsync(1);
  expect(nearly.written()).toMatch(/Retry-After: 1\r\n/);
  // With less than the margin left, it is answered at once.
  const paid = fakeSocket();
  hold.refuse(paid.socket, owing(1, 80), () => owing(1, 80));
  await vi.advanceTimersByTimeAsync(0);
  expect(paid.written()).toMatch(/Retry-After: 1\r\n/);
  expect(hold.held()).toBe(0);
});

it('forgets a socket the caller closed while held, and drops the rest at shutdown', async () => {
  const hold = createRefusalHold(5_000);
  const gone = fakeSocket();
  const kept = fakeSocket();
  hold.refuse(gone.socket, owing(10), () => owing(10));
  hold.refuse(kept.socket, owing(10), () => owing(10));
  gone.socket.destroy(new Error('ECONNRESET'));
  await vi.advanceTimersByTimeAsync(0);
  expect(hold.held()).toBe(1);
  hold.dropAll();
  expect(hold.held()).toBe(0);
  expect(kept.socket.destroyed).toBe(true);
  await vi.advanceTimersByTimeAsync(5_000);
  expect(kept.written()).toBe('');
});
