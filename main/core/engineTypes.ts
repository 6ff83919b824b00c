/**
 * What the composition root hands to a transport (Electron IPC binding or the hub). A
 * transport knows only this: it never reaches into the store or the sources directly.
 */
import type { Role } from '../../shared/domain.js';
import type { Envelope } from '../../shared/contract/envelope.js';

export interface CallContext {
  role: Role;
  transport: 'ipc' | 'websocket';
}

export type EventListener = (event: string, data: unknown) => void;

export interface Engine {
  /** Validates name, input and role; never throws; always answers an envelope. */
  dispatch(method: unknown, params: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
  /** Events already validated against the contract; returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  start(): void;
  /** Stops polling, flushes pending writes, closes the database. Idempotent. */
  stop(): Promise<void>;
}
