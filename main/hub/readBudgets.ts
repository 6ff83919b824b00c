/**
 * Read budgets that follow the caller, not the connection: a flooder closed for flooding that
 * reconnects finds its budget still spent, instead of a fresh one per connection. Keyed by who
 * is calling (a signed-in user, an access token) or, for a caller with no credential (the
 * loopback user, a signed-out browser), by its address.
 *
 * Bounded: the least recently used caller is forgotten past `maxCallers`. Forgetting is safe,
 * since a forgotten caller starts again with a full budget, which is what it would have
 * refilled to unless it flooded in the last few seconds while that many others connected.
 */
import { createTokenBucket, type TokenBucket } from '../lib/tokenBucket.js';

export interface ReadLimits {
  burstFrames: number;
  framesPerSecond: number;
  burstBytes: number;
  bytesPerSecond: number;
}

export interface ReadBudget {
  frames: TokenBucket;
  bytes: TokenBucket;
}

export interface ReadBudgets {
  /** The caller's budget, shared by all its connections (made full on first sight). */
  of(key: string): ReadBudget;
  /** How many callers are remembered. */
  size(): number;
}

export const MAX_CALLERS = 4096;

export function createReadBudgets(limits: ReadLimits, now: () => number = Date.now, maxCallers = MAX_CALLERS): ReadBudgets {
  // A Map iterates in insertion order; re-inserting on use keeps the least recently used first.
  const budgets = new Map<string, ReadBudget>();
  return {
    of(key) {
      const known = budgets.get(key);
      if (known) {
        budgets.delete(key);
        budgets.set(key, known);
        return known;
      }
      const budget: ReadBudget = {
        frames: createTokenBucket(limits.burstFrames, limits.framesPerSecond, now),
        bytes: createTokenBucket(limits.burstBytes, limits.bytesPerSecond, now),
      };
      budgets.set(key, budget);
      if (budgets.size > maxCallers) budgets.delete(budgets.keys().next().value!);
      return budget;
    },
    size: () => budgets.size,
  };
}
