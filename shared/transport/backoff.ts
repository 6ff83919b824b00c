/**
 * Reconnect delays: exponential with full jitter, capped. Pure so the reconnect state
 * machine can be tested without timers.
 */
export interface BackoffOptions {
  /** First delay in ms. */
  baseMs: number;
  /** Never wait longer than this. */
  maxMs: number;
  /** 0 = no jitter; 0.5 = delay drawn from [50 %, 100 %] of the nominal value. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 15_000, jitter: 0.5 };

/** Delay before reconnect attempt `attempt` (1 = first retry after a drop). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const step = Math.max(0, Math.min(attempt - 1, 30));
  const nominal = Math.min(options.maxMs, options.baseMs * 2 ** step);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(nominal * (1 - jitter * random()));
}
