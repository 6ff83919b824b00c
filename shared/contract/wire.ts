/**
 * Frames on the WebSocket (and the shape of the Electron bridge). Both sides parse what
 * they receive with these schemas: a socket peer is untrusted in both directions.
 */
import { z } from 'zod';
import { envelopeSchema, type Envelope } from './envelope.js';

/** A frame larger than this is refused with a typed error; the connection stays up. */
export const MAX_FRAME_BYTES = 1024 * 1024;

export const callFrameSchema = z.object({
  type: z.literal('call'),
  id: z.union([z.number().int(), z.string().max(64)]),
  method: z.string().max(100),
  params: z.unknown().optional(),
});
export type CallFrame = z.infer<typeof callFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.union([z.number(), z.string(), z.null()]), result: envelopeSchema }),
  z.object({ type: z.literal('event'), event: z.string(), data: z.unknown() }),
]);
export type ServerFrame =
  { type: 'result'; id: number | string | null; result: Envelope<unknown> } | { type: 'event'; event: string; data: unknown };

/**
 * What the Electron preload exposes on `window.surgeBridge` via contextBridge. Deliberately
 * narrow: one call function and one event subscription, never ipcRenderer itself.
 */
export interface SurgeBridge {
  call(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: string, data: unknown) => void): () => void;
  /** Desktop only: connect to a team hub, disconnect, or ask which (shared/contract/hubLink.ts). */
  hubLink?(request: unknown): Promise<unknown>;
}

export const IPC_CALL_CHANNEL = 'surge:call';
export const IPC_EVENT_CHANNEL = 'surge:event';
/**
 * Sent by the desktop's main process on the event channel (never by an engine or hub): show
 * this card, `{ cardId }`, after its page's notification was clicked.
 */
export const SHELL_OPEN_CARD_EVENT = 'shell.openCard';
/** The desktop's connect / disconnect / status requests (shared/contract/hubLink.ts). */
export const HUB_LINK_CHANNEL = 'surge:hubLink';
