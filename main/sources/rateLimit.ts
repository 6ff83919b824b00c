/**
 * Rate-limit and backoff arithmetic. Pure functions of (headers, now, random): no clock,
 * no I/O, so the property test can throw every header format and garbage at them.
 *
 * Header names are lower-cased by the HTTP client, which folds Mastodon's
 * `X-RateLimit-Reset` (ISO 8601) and Reddit's `X-Ratelimit-Reset` (seconds left) into one
 * key; the value's shape tells them apart, the same way for `RateLimit-Reset` (Bluesky:
 * epoch seconds; the IETF draft: seconds left) and X's `x-rate-limit-reset` (epoch seconds).
 */
import { parseTimestamp } from './time.js';

export const MIN_WAIT_MS = 1_000;
export const DEFAULT_RATE_LIMIT_CAP_MS = 15 * 60_000;
/** Used when a 429 names no time at all: long enough not to hammer, short enough to recover. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

type Headers = Record<string, string | undefined>;

/** Numbers above this are epoch seconds; below it, seconds to wait (no window lasts 30 years). */
const EPOCH_THRESHOLD_S = 1_000_000_000;

/** `Retry-After`: delta-seconds or an HTTP date (RFC 9110 §10.2.3) → epoch ms, or null. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (v === '') return null;
  // eslint-disable-next-line security/detect-unsafe-regex -- anchored digits with one optional fraction: linear
  if (/^\d+(\.\d+)?$/.test(v)) {
    const s = Number(v);
    return Number.isFinite(s) ? now + s * 1000 : null;
  }
  // HTTP dates are always GMT and spell out the day, so a bare number never reaches here.
  if (!/[a-zA-Z]/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** One reset header value in any of the formats the APIs use → epoch ms, or null. */
export function parseResetValue(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (v === '') return null;
  // eslint-disable-next-line security/detect-unsafe-regex -- anchored digits with one optional fraction: linear
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (!Number.isFinite(n)) return null;
    return n >= EPOCH_THRESHOLD_S ? n * 1000 : now + n * 1000;
  }
  return parseTimestamp(v);
}

const RESET_HEADERS = ['x-ratelimit-reset', 'x-rate-limit-reset', 'ratelimit-reset'] as const;
const REMAINING_HEADERS = ['x-ratelimit-remaining', 'x-rate-limit-remaining', 'ratelimit-remaining'] as const;

export interface RateLimitInfo {
  /** Requests left in the window, when the server said (Reddit sends floats like "988.0"). */
  remaining: number | null;
  /** When the window resets (epoch ms), when the server said. */
  resetAt: number | null;
  /** From Retry-After, when present. */
  retryAt: number | null;
}

export function readRateLimit(headers: Headers, now: number): RateLimitInfo {
  let remaining: number | null = null;
  for (const h of REMAINING_HEADERS) {
    const raw = headers[h];
    if (raw === undefined) continue;
    const n = Number(raw.trim());
    if (raw.trim() !== '' && Number.isFinite(n)) {
      remaining = n;
      break;
    }
  }
  let resetAt: number | null = null;
  for (const h of RESET_HEADERS) {
    resetAt = parseResetValue(headers[h], now);
    if (resetAt !== null) break;
  }
  return { remaining, resetAt, retryAt: parseRetryAfter(headers['retry-after'], now) };
}

/** Clamp to [1 s, cap]: 0 would be a hot loop, and a far-future reset is not worth trusting. */
export function clampWait(ms: number, capMs: number = DEFAULT_RATE_LIMIT_CAP_MS): number {
  const cap = Math.max(MIN_WAIT_MS, capMs);
  if (!Number.isFinite(ms)) return ms === Infinity ? cap : MIN_WAIT_MS;
  return Math.min(cap, Math.max(MIN_WAIT_MS, Math.ceil(ms)));
}

/**
 * The absolute time a rate-limited source may try again (epoch ms): Retry-After first,
 * then the reset headers, then a default. Past, garbage or missing values never yield
 * a time less than 1 s away.
 */
export function rateLimitRetryAt(headers: Headers, now: number, capMs: number = DEFAULT_RATE_LIMIT_CAP_MS): number {
  return now + rateLimitWait(headers, now, capMs);
}

/** How long a 429 makes us wait, in ms, always within [1 s, cap]. */
export function rateLimitWait(headers: Headers, now: number, capMs: number = DEFAULT_RATE_LIMIT_CAP_MS): number {
  const info = readRateLimit(headers, now);
  const at = info.retryAt ?? info.resetAt;
  return clampWait(at === null ? DEFAULT_RATE_LIMIT_WAIT_MS : at - now, capMs);
}

/**
 * After a successful response: if the window is used up, the earliest time the next
 * request may go out (epoch ms), else null. `remaining` below 1 counts as used up
 * (Reddit's "0.0").
 */
export function exhaustedUntil(headers: Headers, now: number, capMs: number = DEFAULT_RATE_LIMIT_CAP_MS): number | null {
  const info = readRateLimit(headers, now);
  if (info.remaining === null || info.remaining >= 1) return null;
  const at = info.retryAt ?? info.resetAt;
  return now + clampWait(at === null ? DEFAULT_RATE_LIMIT_WAIT_MS : at - now, capMs);
}

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** Injectable for deterministic tests; must return [0, 1). */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform pick in
 * [0, min(cap, base·2^attempt)], floored at 1 s so a failing service is never hammered.
 * `attempt` counts consecutive failures starting at 1.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 2_000;
  const cap = opts.capMs ?? DEFAULT_RATE_LIMIT_CAP_MS;
  const random = opts.random ?? Math.random;
  const exp = Math.min(Math.max(0, attempt - 1), 30);
  const ceiling = Math.min(cap, base * 2 ** exp);
  const r = random();
  const jitter = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  return clampWait(jitter * ceiling, cap);
}
