/**
 * Sign-in rate limits, per username and per address: failures in a sliding window. Past the
 * limit an attempt is refused before any hash is computed, so a brute force costs the hub a
 * map lookup per try. Memory is bounded: old entries are pruned, and past `maxKeys` the
 * oldest key goes first.
 */
export interface LoginLimits {
  windowMs: number;
  perUser: number;
  perAddress: number;
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMs: 15 * 60_000, perUser: 5, perAddress: 20, maxKeys: 10_000 };

export type LimitVerdict = { ok: true } | { ok: false; retryAt: number; scope: 'user' | 'address' };

export function createLoginLimiter(limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
  const failures = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const list = failures.get(key);
    if (!list) return [];
    const kept = list.filter((at) => at > now - limits.windowMs);
    if (kept.length === 0) failures.delete(key);
    else if (kept.length !== list.length) failures.set(key, kept);
    return kept;
  };
  const over = (key: string, max: number, now: number): number | null => {
    const list = recent(key, now);
    return list.length >= max ? list[list.length - max]! + limits.windowMs : null;
  };

  return {
    check(username: string, address: string, now: number): LimitVerdict {
      const byAddress = over(`a:${address}`, limits.perAddress, now);
      if (byAddress !== null) return { ok: false, retryAt: byAddress, scope: 'address' };
      const byUser = over(`u:${username}`, limits.perUser, now);
      if (byUser !== null) return { ok: false, retryAt: byUser, scope: 'user' };
      return { ok: true };
    },
    fail(username: string, address: string, now: number): void {
      for (const key of [`u:${username}`, `a:${address}`]) {
        const list = recent(key, now);
        list.push(now);
        // Only the newest `max` failures decide a verdict; older ones need not be kept.
        if (list.length > Math.max(limits.perUser, limits.perAddress))
          list.splice(0, list.length - Math.max(limits.perUser, limits.perAddress));
        failures.delete(key);
        failures.set(key, list);
      }
      while (failures.size > limits.maxKeys) failures.delete(failures.keys().next().value!);
    },
    /** A correct password clears the user's failures (not the address's: one good account does not unlock a scanner). */
    succeed(username: string): void {
      failures.delete(`u:${username}`);
    },
    size: () => failures.size,
  };
}
