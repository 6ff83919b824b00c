/**
 * The one typed client the renderer uses. It does not know whether it talks over Electron
 * IPC or a WebSocket: both are a `Transport`.
 */
import { envelopeSchema, fail, type Envelope } from './envelope.js';
import {
  events,
  isEventName,
  methods,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from './methods.js';

export interface Transport {
  readonly kind: 'ipc' | 'websocket';
  /** Resolves with the raw envelope the other side sent (validated here, not there). */
  call(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: string, data: unknown) => void): () => void;
  /** Connection state for the status bar; IPC is always 'open'. */
  onState?(listener: (state: 'connecting' | 'open' | 'closed') => void): () => void;
}

export interface SurgeClient {
  readonly transport: Transport;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): SurgeClient {
  return {
    transport,
    async call(method, input) {
      let raw: unknown;
      try {
        raw = await transport.call(method, input);
      } catch (error) {
        return fail('unavailable', error instanceof Error ? error.message : 'The engine did not answer.');
      }
      const envelope = envelopeSchema.safeParse(raw);
      if (!envelope.success) return fail('internal', 'The engine sent an answer this window cannot read.');
      if (!envelope.data.ok) return envelope.data;
      const value = methods[method].output.safeParse(envelope.data.value);
      if (!value.success) return fail('internal', `The engine's answer to ${method} did not match the contract.`);
      return { ok: true, value: value.data as MethodOutput<typeof method> };
    },
    on(event, listener) {
      return transport.onEvent((name, data) => {
        if (!isEventName(name) || name !== event) return;
        const parsed = events[event].safeParse(data);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}
