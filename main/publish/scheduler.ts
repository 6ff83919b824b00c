/**
 * The campaign scheduler. Each tick claims due deliveries in one durable transaction that
 * also reads the incident gate (so once `incident.enter` has committed, no claim can follow
 * for a covered post), sends them (one account at a time, accounts in parallel), and records
 * each answer in its own durable transaction. A crash between claim and answer leaves the
 * delivery `sending`; `recover` resolves it on the next start without sending twice.
 */
import type { Clock } from '../lib/clock.js';
import { errorMeta, type Logger } from '../lib/log.js';
import type { Claim, DeliveryResult, PublishGateRepo } from '../store/publishGate.js';
import type { Network } from '../../shared/publishing/networks.js';
import type { Publisher } from './types.js';

export interface SchedulerStore {
  publishGate: PublishGateRepo;
  durableTransaction<T>(fn: () => T): T;
}

export interface SchedulerOptions {
  store: SchedulerStore;
  clock: Clock;
  logger: Logger;
  /** The sender for an account, or null when the account is no longer configured. */
  publisher(account: string): Publisher | null;
  /** Posts whose state or deliveries changed (for clients). */
  onChanged(postIds: number[]): void;
  onSent?(network: Network): void;
  tickMs?: number;
  /** Claims per tick. */
  batch?: number;
  /** A first send this late is not made: the post waits for a new time. */
  lateMs?: number;
  /** Attempts per account before the delivery fails for good. */
  maxAttempts?: number;
}

export const DEFAULT_TICK_MS = 5_000;
export const DEFAULT_LATE_MS = 15 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 5;

export function createScheduler(options: SchedulerOptions) {
  const { store, clock, logger } = options;
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const batch = options.batch ?? 200;
  const lateMs = options.lateMs ?? DEFAULT_LATE_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let timer: unknown = null;
  let running: Promise<number> | null = null;
  let stopped = false;

  const finalize = (claim: Claim, result: DeliveryResult): DeliveryResult =>
    result.kind === 'retry' && claim.attempt >= maxAttempts
      ? { kind: 'failed', error: `${result.error} (gave up after ${claim.attempt} attempts)` }
      : result;

  async function sendOne(claim: Claim): Promise<void> {
    const publisher = options.publisher(claim.account);
    let result: DeliveryResult;
    if (!publisher) result = { kind: 'failed', error: `The account “${claim.account}” is no longer configured on this hub.` };
    else {
      try {
        result = await publisher.send({ text: claim.text, key: claim.key, attempt: claim.attempt });
      } catch (error) {
        logger.log('error', 'A publisher threw instead of answering', errorMeta(error));
        result = { kind: 'failed', error: 'The send failed unexpectedly; details are in the log.' };
      }
    }
    const final = finalize(claim, result);
    store.durableTransaction(() => store.publishGate.complete(claim, final, clock.now()));
    if (final.kind === 'sent') options.onSent?.(claim.network);
    else
      logger.log('warn', 'A scheduled post was not published', {
        post: claim.postId,
        account: claim.account,
        outcome: final.kind,
        reason: final.error,
      });
  }

  /**
   * One pass: claim (one delivery per account), start those sends at once, record their
   * answers, and go again until nothing is due or `batch` sends were made. Resolves with the
   * number of claims.
   */
  async function tickOnce(): Promise<number> {
    let total = 0;
    while (total < batch && !stopped) {
      const now = clock.now();
      const { claims, missed } = store.durableTransaction(() => store.publishGate.claimDue(now, batch - total, lateMs));
      if (missed.length) options.onChanged(missed);
      if (claims.length === 0) {
        if (missed.length) continue;
        break;
      }
      total += claims.length;
      const ids = [...new Set(claims.map((c) => c.postId))];
      options.onChanged(ids);
      await Promise.all(claims.map(sendOne));
      options.onChanged(ids);
    }
    return total;
  }

  const schedule = () => {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      void scheduler.tick().finally(schedule);
    }, tickMs);
  };

  const scheduler = {
    /**
     * Resolves deliveries a crash left `sending`: Mastodon and Bluesky go again with the same
     * key (the service recognises the repeat); X, which has none, is marked `unknown` for a
     * person to check, never resent.
     */
    recover(): number {
      const now = clock.now();
      const rows = store.publishGate.inFlight();
      if (rows.length === 0) return 0;
      store.durableTransaction(() => {
        for (const r of rows) {
          if (r.network === 'x')
            store.publishGate.complete(
              { postId: r.post_id, account: r.account },
              {
                kind: 'unknown',
                error:
                  'Surge Desk stopped while sending this to X, and X cannot tell a repeat apart: check the account, then publish again or cancel.',
              },
              now,
            );
          else store.publishGate.resend(r.post_id, r.account, now);
        }
      });
      options.onChanged([...new Set(rows.map((r) => r.post_id))]);
      logger.log('info', 'Resolved sends a stop interrupted', { count: rows.length });
      return rows.length;
    },
    /** Runs one pass now (tests, and the timer). Passes never overlap. */
    tick(): Promise<number> {
      running ??= tickOnce()
        .catch((error: unknown) => {
          logger.log('error', 'The scheduler pass failed', errorMeta(error));
          return 0;
        })
        .finally(() => {
          running = null;
        });
      return running;
    },
    start(): void {
      stopped = false;
      scheduler.recover();
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      await running;
    },
  };
  return scheduler;
}

export type Scheduler = ReturnType<typeof createScheduler>;
