/**
 * What the composition root hands to a transport (Electron IPC binding or the hub). A
 * transport knows only this: it never reaches into the store or the sources directly.
 */
import type { Envelope } from '../../shared/contract/envelope.js';
import type { CallContext } from '../../shared/contract/handlers.js';

export type { CallContext };

export type EventListener = (event: string, data: unknown) => void;

export interface Engine {
  /** Validates name, input and role; never throws; always answers an envelope. */
  dispatch(method: unknown, params: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
  /** Events already validated against the contract; returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** A connection (socket, window) closed: per-connection state such as board presence is released. */
  connectionClosed?(connectionId: string): void;
  start(): void;
  /** Stops polling, flushes pending writes, closes the database. Idempotent. */
  stop(): Promise<void>;
}
