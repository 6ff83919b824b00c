/**
 * Why the hub refused a WebSocket. A browser cannot read a refused upgrade (it only sees the
 * socket close, 1006), so after a connect that never opened the transport asks the same URL over
 * plain HTTP: the hub answers as it did the upgrade (429 with Retry-After while this caller owes
 * for a flood, 401/403 with its reason) or 426 when a WebSocket would be let in.
 */
export interface ConnectRefusal {
  /** Plain words for the status bar. */
  message: string;
  /** Wait at least this long before connecting again (0: the usual backoff). */
  retryAfterMs: number;
}

/** Asks why a connect to `socketUrl` (ws: or wss:) did not open; null when the hub gave no reason or could not be asked. */
export type RefusalProbe = (socketUrl: string) => Promise<ConnectRefusal | null>;

export const COOLING_DOWN_MESSAGE = 'The hub is turning connections from here away for a while (too many requests).';

/** What the longest hub-told wait may be: a Retry-After far off is a mistake, not a reason to stay away for a day. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Retry-After as ms from `now`: whole seconds or an HTTP date (RFC 9110 §10.2.3); 0 when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number {
  if (!value) return 0;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : 0;
}

type FetchLike = (
  url: string,
  init: { signal: AbortSignal; cache: 'no-store' },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export function httpRefusalProbe(fetchImpl: FetchLike, now: () => number = Date.now, timeoutMs = 5_000): RefusalProbe {
  return async (socketUrl) => {
    try {
      const answer = await fetchImpl(socketUrl.replace(/^ws/, 'http'), { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
      if (answer.status === 429)
        return { message: COOLING_DOWN_MESSAGE, retryAfterMs: retryAfterMs(answer.headers.get('retry-after'), now()) };
      if (answer.status !== 401 && answer.status !== 403) return null;
      // The hub's own sentence (the token is not valid, another origin); shown as text, kept short.
      const message = (await answer.text()).trim().slice(0, 200);
      return message ? { message, retryAfterMs: 0 } : null;
    } catch {
      return null;
    }
  };
}
