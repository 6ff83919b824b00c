/**
 * A token bucket: holds up to `burst`, refilled at `perSecond`. One mechanism for the hub's
 * limits (calls per connection, frames and bytes read per caller).
 */
export interface TokenBucket {
  /** Spends `n` if the bucket holds that much; otherwise spends nothing and says no. */
  tryTake(n?: number): boolean;
  /** Spends `n` whatever the bucket holds (it has arrived already); the ms until it is back above zero. */
  spend(n: number): number;
  /** The ms until the bucket holds `n` (0: it does now); spends nothing. */
  msUntil(n?: number): number;
}

export function createTokenBucket(burst: number, perSecond: number, now: () => number = Date.now): TokenBucket {
  let level = burst;
  let at = now();
  const refill = (): void => {
    const t = now();
    level = Math.min(burst, level + ((t - at) / 1000) * perSecond);
    at = t;
  };
  return {
    tryTake(n = 1) {
      refill();
      if (level < n) return false;
      level -= n;
      return true;
    },
    spend(n) {
      refill();
      level -= n;
      return level >= 0 ? 0 : Math.ceil((-level / perSecond) * 1000);
    },
    msUntil(n = 1) {
      refill();
      return level >= n ? 0 : Math.ceil(((n - level) / perSecond) * 1000);
    },
  };
}
