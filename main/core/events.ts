/**
 * The engine's event bus: services emit typed contract events, transports subscribe. Every
 * event is checked against its contract schema before it leaves, like method outputs, so a
 * client never receives a shape the contract does not promise.
 */
import { events, isEventName, type EventName, type EventPayload } from '../../shared/contract/methods.js';
import { errorMeta, type Logger } from '../lib/log.js';
import type { EventListener } from './engineTypes.js';

export function createEventBus(logger: Logger) {
  const listeners = new Set<EventListener>();
  return {
    emit<E extends EventName>(event: E, data: EventPayload<E>): void {
      if (!isEventName(event)) return;
      const parsed = events[event].safeParse(data);
      if (!parsed.success) {
        logger.log('error', 'Dropped an event outside the contract', { event });
        return;
      }
      for (const listener of listeners) {
        try {
          listener(event, parsed.data);
        } catch (error) {
          logger.log('warn', 'An event listener failed', { event, ...errorMeta(error) });
        }
      }
    },
    /** Returns the unsubscribe function. */
    subscribe(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear(): void {
      listeners.clear();
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;
