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
import { createHash } from 'node:crypto';
import { createTokenBucket, type TokenBucket } from '../lib/tokenBucket.js';
import type { Principal } from './auth.js';

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
  /**
   * The ms until a remembered caller may send a frame again (0: now, or not remembered, since
   * it would start full); makes no budget. The upgrade asks this before any WebSocket handshake.
   */
  owedMs(key: string): number;
  /** How many callers are remembered. */
  size(): number;
}

export const MAX_CALLERS = 4096;

/**
 * Whose budget a connection spends: a signed-in user's (`userId`, known once their session is
 * checked), else its access token's, else its address's; null when none is known (the connection
 * keeps its own). Credentials are kept as a digest: the budget map outlives the connection.
 */
export function callerKey(principal: Principal, userId: string | null, address: string | null): string | null {
  if (userId) return `user:${userId}`;
  if (principal.kind === 'token') return `token:${createHash('sha256').update(principal.token).digest('base64url').slice(0, 22)}`;
  return address ? `address:${address}` : null;
}

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
    owedMs(key) {
      const known = budgets.get(key);
      if (!known) return 0;
      // A caller knocking while it owes is in use: it stays remembered until it has paid.
      budgets.delete(key);
      budgets.set(key, known);
      return known.frames.msUntil();
    },
    size: () => budgets.size,
  };
}
