/**
 * A client that falls behind is closed rather than buffered forever, but a large answer it
 * asked for (a 10k-card board snapshot) does not count against it while it drains.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { Engine, EventListener } from '../../../main/core/engineTypes.js';
import { attachSocket, MAX_BUFFERED_BYTES } from '../../../main/hub/socket.js';
import { ok } from '../../../shared/contract/envelope.js';

/** A socket whose unsent bytes only grow (nothing drains), recording what it sent and whether it was closed. */
class StuckSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  send(text: string): void {
    this.sent.push(text);
    this.bufferedAmount += Buffer.byteLength(text);
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
}

function engineAnswering(value: unknown): Engine & { emit(event: string, data: unknown): void } {
  const listeners = new Set<EventListener>();
  return {
    dispatch: () => Promise.resolve(ok(value)),
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (event, data) => listeners.forEach((l) => l(event, data)),
    start: () => undefined,
    stop: () => Promise.resolve(),
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('slow clients', () => {
  it('keeps a client that is still reading a large answer it asked for', async () => {
    const snapshot = { cards: 'x'.repeat(MAX_BUFFERED_BYTES + 1024) };
    const engine = engineAnswering(snapshot);
    const socket = new StuckSocket();
    attachSocket(socket as unknown as WebSocket, engine, 'admin');
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'call', id: 1, method: 'board.snapshot', params: {} })), false);
    await settle();
    expect(socket.bufferedAmount).toBeGreaterThan(MAX_BUFFERED_BYTES);
    engine.emit('board.changed', { seq: 2 });
    expect(socket.closedWith).toBeNull();
    expect(socket.sent).toHaveLength(2);
  });

  it('closes a client whose unread events pile up past the limit', () => {
    const engine = engineAnswering(null);
    const socket = new StuckSocket();
    attachSocket(socket as unknown as WebSocket, engine, 'admin');
    const big = { text: 'y'.repeat(1024 * 1024) };
    for (let i = 0; i < 12 && socket.closedWith === null; i++) engine.emit('board.changed', { ...big, i });
    expect(socket.closedWith).toBe(1013);
    expect(socket.bufferedAmount).toBeLessThanOrEqual(MAX_BUFFERED_BYTES + 1024 * 1024 + 100);
  });
});
