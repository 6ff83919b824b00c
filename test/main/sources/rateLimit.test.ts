import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  clampWait,
  exhaustedUntil,
  parseResetValue,
  parseRetryAfter,
  rateLimitWait,
  readRateLimit,
} from '../../../main/sources/rateLimit.js';

const NOW = Date.parse('2025-05-14T09:30:00.000Z');
const CAP = 15 * 60_000;

describe('rate-limit headers', () => {
  it("reads every API's reset format", () => {
    // Mastodon: ISO 8601 with microseconds.
    expect(parseResetValue('2025-05-14T09:35:00.000000Z', NOW)).toBe(NOW + 300_000);
    // Bluesky and X: epoch seconds.
    expect(parseResetValue(String(NOW / 1000 + 120), NOW)).toBe(NOW + 120_000);
    // Reddit: seconds left, sometimes a float.
    expect(parseResetValue('356', NOW)).toBe(NOW + 356_000);
    expect(parseResetValue('12.5', NOW)).toBe(NOW + 12_500);
    expect(parseResetValue('soon', NOW)).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('42', NOW)).toBe(NOW + 42_000);
    expect(parseRetryAfter('Wed, 14 May 2025 09:31:00 GMT', NOW)).toBe(NOW + 60_000);
    expect(parseRetryAfter('-5', NOW)).toBeNull();
    expect(parseRetryAfter('', NOW)).toBeNull();
  });

  it('prefers Retry-After, then reset headers, then a default', () => {
    expect(rateLimitWait({ 'retry-after': '30', 'x-ratelimit-reset': '356' }, NOW)).toBe(30_000);
    expect(rateLimitWait({ 'x-rate-limit-reset': String(NOW / 1000 + 90) }, NOW)).toBe(90_000);
    expect(rateLimitWait({}, NOW)).toBe(60_000);
    expect(rateLimitWait({ 'retry-after': '999999' }, NOW)).toBe(CAP);
  });

  it('treats remaining 0 (or "0.0") as slow down until the reset', () => {
    expect(readRateLimit({ 'x-ratelimit-remaining': '988.0' }, NOW).remaining).toBe(988);
    expect(exhaustedUntil({ 'x-ratelimit-remaining': '988.0', 'x-ratelimit-reset': '356' }, NOW)).toBeNull();
    expect(exhaustedUntil({ 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '356' }, NOW)).toBe(NOW + 356_000);
    expect(exhaustedUntil({ 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 - 10) }, NOW)).toBe(NOW + 1_000);
  });

  it('property: a 429 always waits between 1 s and the cap, whatever the headers say', () => {
    const isoAt = fc
      .integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 })
      .map((d) => new Date(NOW + d).toISOString().replace('Z', '000Z'));
    const epochAt = fc.integer({ min: -86_400 * 400, max: 86_400 * 400 }).map((d) => String(Math.floor(NOW / 1000) + d));
    const secondsLeft = fc.double({ min: -1e6, max: 1e9, noNaN: true }).map((n) => String(n));
    const httpDate = fc.integer({ min: -86_400_000, max: 86_400_000 }).map((d) => new Date(NOW + d).toUTCString());
    const garbage = fc.oneof(
      fc.string(),
      fc.constantFrom('', ' ', 'NaN', 'Infinity', '-0', '1e309', '0', '0.0', 'null', '2025-13-45T99:99:99Z'),
    );
    const value = fc.oneof(isoAt, epochAt, secondsLeft, httpDate, garbage);
    const headerName = fc.constantFrom(
      'retry-after',
      'x-ratelimit-reset',
      'x-rate-limit-reset',
      'ratelimit-reset',
      'x-ratelimit-remaining',
      'x-rate-limit-remaining',
      'ratelimit-remaining',
    );
    fc.assert(
      fc.property(fc.dictionary(headerName, value), fc.integer({ min: 1_000, max: 3_600_000 }), (headers, cap) => {
        const wait = rateLimitWait(headers, NOW, cap);
        expect(Number.isFinite(wait)).toBe(true);
        expect(wait).toBeGreaterThanOrEqual(1_000);
        expect(wait).toBeLessThanOrEqual(cap);
        const until = exhaustedUntil(headers, NOW, cap);
        if (until !== null) expect(until - NOW).toBeGreaterThanOrEqual(1_000);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('backoff', () => {
  it('grows exponentially with full jitter, never under 1 s, never over the cap', () => {
    expect(backoffDelay(1, { baseMs: 2_000, random: () => 0.999 })).toBe(1_998);
    expect(backoffDelay(5, { baseMs: 2_000, random: () => 0.5 })).toBe(16_000);
    expect(backoffDelay(1, { random: () => 0 })).toBe(1_000);
    expect(backoffDelay(100, { capMs: 60_000, random: () => 0.9999 })).toBeLessThanOrEqual(60_000);
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 10_000 }), fc.double({ min: -1, max: 2 }), (attempt, r) => {
        const d = backoffDelay(attempt, { random: () => r });
        return d >= 1_000 && d <= 15 * 60_000;
      }),
    );
  });

  it('clamps non-finite waits', () => {
    expect(clampWait(Number.NaN)).toBe(1_000);
    expect(clampWait(Number.POSITIVE_INFINITY, 5_000)).toBe(5_000);
    expect(clampWait(-1)).toBe(1_000);
  });
});
