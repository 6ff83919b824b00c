import type { Envelope } from '../../../shared/contract/envelope.js';
import type { CallContext, Engine, EventListener } from '../../../main/core/engineTypes.js';

/** Records dispatches and lets a test emit engine events. */
export class FakeEngine implements Engine {
  readonly calls: { method: unknown; params: unknown; ctx: CallContext }[] = [];
  readonly listeners = new Set<EventListener>();
  started = 0;
  stopped = 0;
  answer: (method: unknown, params: unknown) => Envelope<unknown> | Promise<Envelope<unknown>> = (method) => ({
    ok: true,
    value: { echoed: method },
  });
  stopDelayMs = 0;

  async dispatch(method: unknown, params: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    this.calls.push({ method, params, ctx });
    return this.answer(method, params);
  }
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: string, data: unknown): void {
    for (const listener of this.listeners) listener(event, data);
  }
  start(): void {
    this.started += 1;
  }
  async stop(): Promise<void> {
    if (this.stopDelayMs) await new Promise((resolve) => setTimeout(resolve, this.stopDelayMs));
    this.stopped += 1;
  }
}
