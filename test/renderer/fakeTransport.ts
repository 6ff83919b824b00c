/**
 * A fake of the transport boundary for store tests: answers calls from a handler table and
 * lets a test push events. The real `createClient` runs on top, so envelopes and schemas are
 * exercised exactly as in the app (mock the client's transport, not zustand).
 */
import { createClient, type SurgeClient, type Transport } from '../../shared/contract/client.js';
import { fail, ok, type Envelope, type ErrorCode } from '../../shared/contract/envelope.js';
import { answerHello, CONTRACT_VERSION } from '../../shared/contract/system.js';

/** Thrown by a handler to answer with this error envelope (any other throw answers `internal`). */
export class FakeFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A handler that always fails with `code` and `message`. */
export const failWith =
  (code: ErrorCode, message: string): Handler =>
  () => {
    throw new FakeFailure(code, message);
  };

/** `never` parameter: a handler may declare whatever params type its method takes. */
export type Handler = (params: never) => unknown;

/** The hub's real answer for a hub speaking `hubVersion`; every fake speaks ours unless a test says otherwise. */
export const helloFrom =
  (hubVersion: number): Handler =>
  (params: { contractVersion: number }) =>
    answerHello(hubVersion, params.contractVersion);
const sameVersionHello = helloFrom(CONTRACT_VERSION);

export interface FakeTransport extends Transport {
  handlers: Record<string, Handler>;
  calls: { method: string; params: unknown }[];
  emit(event: string, data: unknown): void;
}

export function createFakeTransport(handlers: Record<string, Handler> = {}): FakeTransport {
  const listeners = new Set<(event: string, data: unknown) => void>();
  const transport: FakeTransport = {
    kind: 'websocket',
    handlers,
    calls: [],
    async call(method, params) {
      transport.calls.push({ method, params });
      const handler = transport.handlers[method] ?? (method === 'system.hello' ? sameVersionHello : undefined);
      if (!handler) return fail('unknown_method', `No fake for ${method}`);
      try {
        return ok(await handler(params as never)) as Envelope<unknown>;
      } catch (error) {
        if (error instanceof FakeFailure) return fail(error.code, error.message);
        return fail('internal', error instanceof Error ? error.message : String(error));
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event, data) {
      for (const listener of [...listeners]) listener(event, data);
    },
  };
  return transport;
}

export function createFakeClient(handlers: Record<string, Handler> = {}): { client: SurgeClient; transport: FakeTransport } {
  const transport = createFakeTransport(handlers);
  return { client: createClient(transport), transport };
}

/** A promise plus its resolver, for holding an answer back until the test says so. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
