import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFeedDate, parseRfc822Date } from '../../../main/sources/feedDates.js';

const utc = (s: string) => Date.parse(s);

describe('feed dates', () => {
  it.each([
    ['Wed, 14 May 2025 09:00:00 +0000', '2025-05-14T09:00:00Z'],
    ['Wed, 14 May 2025 04:05:00 EST', '2025-05-14T09:05:00Z'],
    ['Wed, 14 May 2025 05:05:00 EDT', '2025-05-14T09:05:00Z'],
    ['Wed, 14 May 2025 02:05:00 PDT', '2025-05-14T09:05:00Z'],
    ['14 May 2025 09:00 GMT', '2025-05-14T09:00:00Z'],
    ['Wed, 14 May 25 11:00:00 +0200', '2025-05-14T09:00:00Z'],
    ['Wed, 14 May 99 09:00:00 UT', '1999-05-14T09:00:00Z'],
    ['Wed, 14 May 2025 04:30:00 -0430', '2025-05-14T09:00:00Z'],
    ['Wed, 14 May 2025 11:00:00 +02:00', '2025-05-14T09:00:00Z'],
    ['Wednesday, 14-May-25 09:00:00 GMT', '2025-05-14T09:00:00Z'],
    ['Wed, 14 May 2025 09:00:00', '2025-05-14T09:00:00Z'],
    ['wed, 14 may 2025 09:00:00 gmt', '2025-05-14T09:00:00Z'],
    ['Wed, May 14 2025 09:00:00 GMT', '2025-05-14T09:00:00Z'],
    ['2025-05-14T11:15:00+02:00', '2025-05-14T09:15:00Z'],
    ['2025-05-14T09:15:00.123456Z', '2025-05-14T09:15:00.123Z'],
    ['2025-05-14T09:15Z', '2025-05-14T09:15:00Z'],
    ['  Wed, 14 May 2025 09:00:00 Z  ', '2025-05-14T09:00:00Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseFeedDate(input)).toBe(utc(expected));
  });

  it.each([
    '',
    'yesterday',
    'Wed, 31 Feb 2025 09:00:00 GMT',
    '14 Foo 2025 09:00 GMT',
    'Wed, 14 May 2025 25:00:00 GMT',
    'Wed, 14 May 2025 09:00:00 XYZ',
  ])('refuses %j', (input) => {
    expect(parseFeedDate(input)).toBeNull();
  });

  it('round-trips any RFC 822 date the way Date.toUTCString writes it', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const whole = Math.floor(ms / 1000) * 1000;
        expect(parseRfc822Date(new Date(whole).toUTCString())).toBe(whole);
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const r = parseFeedDate(s);
        expect(r === null || Number.isFinite(r)).toBe(true);
      }),
    );
  });
});
