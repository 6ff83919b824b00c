/**
 * The two pieces of plumbing under the board service: an outbox that sends events only once
 * the writing transaction is over, and one clock timer that wakes at the earliest stored due
 * instant (so it survives restarts) and runs each due card in its own transaction.
 */
import type { Clock } from '../lib/clock.js';
import { errorMeta, type Logger } from '../lib/log.js';

/**
 * Queued sends run in a microtask: after the synchronous call that wrote (and any transaction
 * around it, such as the dispatcher's audit) has committed or rolled back. Each send checks for
 * itself that its change committed.
 */
export function createOutbox(logger: Logger, afterFlush: () => void) {
  const pending: Array<() => void> = [];
  let queued = false;
  const flush = () => {
    queued = false;
    for (const send of pending.splice(0)) {
      try {
        send();
      } catch (error) {
        logger.log('warn', 'A board event could not be sent', errorMeta(error));
      }
    }
    afterFlush();
  };
  return (send: () => void): void => {
    pending.push(send);
    if (!queued) {
      queued = true;
      queueMicrotask(flush);
    }
  };
}

/** The timer re-arms at least this often, so a clock jump never leaves it sleeping for days. */
const MAX_TIMER_MS = 60 * 60_000;
const RETRY_AFTER_FAILURE_MS = 60_000;

export interface DueTimerDeps {
  clock: Clock;
  logger: Logger;
  nextDueAt(): number | null;
  dueIds(now: number): number[];
  /** Handles one due card; a throw is logged and the card is looked at again a minute later. */
  run(id: number, now: number): void;
  deferTo(id: number, at: number): void;
}

export function createDueTimer(deps: DueTimerDeps) {
  let running = false;
  let timer: unknown = null;
  const arm = (): void => {
    if (timer !== null) deps.clock.clearTimeout(timer);
    timer = null;
    if (!running) return;
    const at = deps.nextDueAt();
    if (at === null) return;
    timer = deps.clock.setTimeout(
      () => {
        timer = null;
        tick();
      },
      Math.min(Math.max(0, at - deps.clock.now()), MAX_TIMER_MS),
    );
  };
  const tick = (): void => {
    const now = deps.clock.now();
    for (const id of deps.dueIds(now)) {
      try {
        deps.run(id, now);
      } catch (error) {
        deps.logger.log('error', 'The board timer failed on a card; it retries in a minute', { card: id, ...errorMeta(error) });
        deps.deferTo(id, now + RETRY_AFTER_FAILURE_MS);
      }
    }
    arm();
  };
  return {
    /** Re-reads the earliest due instant (after any write that may have moved it). */
    arm,
    tick,
    start(): void {
      running = true;
      tick();
    },
    stop(): void {
      running = false;
      arm();
    },
  };
}
