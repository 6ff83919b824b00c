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
import { createHelloGate, type Handshake } from './handshake.js';
import { CONTRACT_VERSION } from './system.js';

export type { Handshake };

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
  /**
   * The `system.hello` of the current connection, started now if none was. A transport that
   * reports its state gets one on every open, before any other call goes out; calls wait for
   * it, and once a hub says it speaks another protocol version they answer `unavailable` with
   * its sentence without reaching it, until a later hello passes.
   */
  handshake(): Promise<Handshake>;
}

export interface ClientOptions {
  /** Names this app in its hello, for the hub's log (at most 80 characters). */
  clientName?: string;
}

export function createClient(transport: Transport, options: ClientOptions = {}): SurgeClient {
  const clientName = (options.clientName ?? `Surge Desk app (${transport.kind})`).slice(0, 80);
  const gate = createHelloGate(transport.onState !== undefined);
  let current: Promise<Handshake> | null = null;

  const send = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>> => {
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
    return { ok: true, value: value.data as MethodOutput<M> };
  };
  const hello = (): Promise<Handshake> =>
    (current ??= gate.hello(() => send('system.hello', { contractVersion: CONTRACT_VERSION, client: clientName })));

  transport.onState?.((state) => {
    if (state === 'open') void hello();
    else {
      current = null;
      gate.linkDown();
    }
  });

  return {
    transport,
    async call(method, input) {
      if (method !== 'system.hello') {
        const refused = await gate.admit();
        if (refused) return refused;
      }
      return send(method, input);
    },
    on(event, listener) {
      return transport.onEvent((name, data) => {
        if (gate.incompatible || !isEventName(name) || name !== event) return;
        const parsed = events[event].safeParse(data);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
    handshake: hello,
  };
}
