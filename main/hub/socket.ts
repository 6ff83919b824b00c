/**
 * The contract over WebSocket. Every frame is untrusted: a malformed frame, an unknown
 * method, wrong types or an oversized frame get a typed error and the connection stays up.
 */
import type { WebSocket, RawData } from 'ws';
import { fail, type Envelope } from '../../shared/contract/envelope.js';
import { callFrameSchema, MAX_FRAME_BYTES, type ServerFrame } from '../../shared/contract/wire.js';
import type { Role } from '../../shared/domain.js';
import type { Engine } from '../core/engineTypes.js';

/** Above this many unsent bytes a client is too slow to keep; it is closed, not buffered forever. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

const send = (socket: WebSocket, frame: ServerFrame): void => {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.close(1013, 'Client too slow');
    return;
  }
  socket.send(JSON.stringify(frame));
};

const sizeOf = (data: RawData): number =>
  Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;

const textOf = (data: RawData): string =>
  Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');

export function attachSocket(socket: WebSocket, engine: Engine, role: Role): void {
  const reply = (id: number | string | null, result: Envelope<unknown>) => send(socket, { type: 'result', id, result });

  socket.on('message', (data, isBinary) => {
    if (isBinary) return reply(null, fail('bad_request', 'Frames must be JSON text.'));
    if (sizeOf(data) > MAX_FRAME_BYTES) {
      return reply(null, fail('too_large', `Frames are limited to ${MAX_FRAME_BYTES} bytes.`));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(textOf(data));
    } catch {
      return reply(null, fail('bad_request', 'That frame is not valid JSON.'));
    }
    const frame = callFrameSchema.safeParse(parsed);
    if (!frame.success) {
      const id = typeof parsed === 'object' && parsed !== null && 'id' in parsed ? (parsed as { id: unknown }).id : null;
      const safeId = typeof id === 'number' || (typeof id === 'string' && id.length <= 64) ? id : null;
      return reply(safeId, fail('bad_request', 'Expected {type:"call", id, method, params}.'));
    }
    const { id, method, params } = frame.data;
    // Hub tokens grant a role, not a person, until the team issue adds users.
    void engine.dispatch(method, params, { role, userId: null, transport: 'websocket' }).then((result) => reply(id, result));
  });

  const unsubscribe = engine.onEvent((event, data) => send(socket, { type: 'event', event, data }));
  socket.on('close', unsubscribe);
  socket.on('error', () => socket.terminate());
}
