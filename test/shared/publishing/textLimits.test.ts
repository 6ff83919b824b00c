import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText, checkTextFor, countFor, DEFAULT_LIMITS, LINK_LENGTH } from '../../../shared/publishing/textLimits.js';

describe('post length as each network counts it', () => {
  it('Bluesky counts graphemes: a family emoji or an accented letter is one', () => {
    expect(countFor('bluesky', 'e\u0301')).toBe(1);
    expect(countFor('bluesky', '👨‍👩‍👧')).toBe(1);
    expect(countFor('bluesky', 'abc')).toBe(3);
    expect(checkText('bluesky', 'a'.repeat(300)).ok).toBe(true);
    expect(checkText('bluesky', '👍'.repeat(301))).toMatchObject({ ok: false, used: 301, remaining: -1 });
  });

  it('X weighs Latin 1, CJK 2, an emoji sequence 2, a link 23', () => {
    expect(countFor('x', 'hello')).toBe(5);
    expect(countFor('x', '你好')).toBe(4);
    expect(countFor('x', 'こんにちは')).toBe(10);
    expect(countFor('x', '👍🏽')).toBe(2);
    expect(countFor('x', '👨‍👩‍👧‍👦')).toBe(2);
    expect(countFor('x', '🇩🇪')).toBe(2);
    expect(countFor('x', 'see https://example.com/a/very/long/path/that/goes/on?and=on')).toBe(4 + LINK_LENGTH);
    expect(countFor('x', 'see example.com.')).toBe(4 + LINK_LENGTH + 1);
    // General punctuation (U+2010–U+201F) weighs 1: “quotes” and – dashes.
    expect(countFor('x', '“a” – b')).toBe(7);
    expect(checkText('x', '你'.repeat(140)).ok).toBe(true);
    expect(checkText('x', '你'.repeat(141))).toMatchObject({ ok: false, used: 282 });
  });

  it('X normalises to NFC first: a decomposed é counts once', () => {
    expect(countFor('x', 'e\u0301')).toBe(1);
  });

  it('Mastodon counts a link as 23 and a mention without its domain', () => {
    expect(countFor('mastodon', '@brand@mastodon.example hello')).toBe('@brand hello'.length);
    expect(countFor('mastodon', 'https://example.com/' + 'x'.repeat(200))).toBe(LINK_LENGTH);
    expect(countFor('mastodon', 'example.com')).toBe(11);
    expect(checkText('mastodon', 'a'.repeat(501)).ok).toBe(false);
    expect(checkText('mastodon', 'a'.repeat(501), 1000).ok).toBe(true);
  });

  it('each limit holds at its edge when the text mixes plain letters with joined clusters', () => {
    // A family, a flag, a skin tone, a decomposed accent, CRLF and Hangul jamo count one each.
    const joined = ['👨‍👩‍👧', '🇩🇪', '👍🏽', 'e\u0301', '\r\n', '\u1100\u1161\u11a8'];
    const post = (plain: number) => 'a'.repeat(plain) + joined.join('');
    expect(checkText('bluesky', post(300 - joined.length))).toMatchObject({ ok: true, used: 300, remaining: 0 });
    expect(checkText('bluesky', post(301 - joined.length))).toMatchObject({ ok: false, used: 301 });
    expect(checkText('mastodon', post(500 - joined.length))).toMatchObject({ ok: true, used: 500 });
    expect(checkText('mastodon', post(501 - joined.length))).toMatchObject({ ok: false, used: 501 });
    // X: each emoji sequence 2, é 1 and the jamo 2 (both composed by NFC), CR and LF 1 each.
    const xJoined = 2 + 2 + 2 + 1 + 2 + 2;
    expect(countFor('x', post(0))).toBe(xJoined);
    expect(checkText('x', post(280 - xJoined))).toMatchObject({ ok: true, used: 280 });
    expect(checkText('x', post(281 - xJoined))).toMatchObject({ ok: false, used: 281 });
  });

  it('refuses an empty post and says why in plain words', () => {
    expect(checkText('x', '   ')).toMatchObject({ ok: false, problem: 'The post is empty.' });
    expect(checkText('x', 'a'.repeat(290)).problem).toBe('Too long for X: 290 of 280 weighted characters (10 over).');
  });

  it('checks every target of a post', () => {
    const text = 'a'.repeat(400);
    const checks = checkTextFor([{ network: 'mastodon' }, { network: 'bluesky' }, { network: 'x', charLimit: null }], text);
    expect(checks.map((c) => [c.network, c.ok])).toEqual([
      ['mastodon', true],
      ['bluesky', false],
      ['x', false],
    ]);
  });

  it('for any text: Latin-only X weight equals its length, counts never go negative, appending never shrinks Bluesky', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcdefgh ,;!?'.split('')) }), (s) => {
        expect(countFor('x', s)).toBe(s.length);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        for (const n of ['x', 'bluesky', 'mastodon'] as const) expect(countFor(n, a)).toBeGreaterThanOrEqual(0);
        expect(countFor('bluesky', a + b)).toBeGreaterThanOrEqual(countFor('bluesky', a) - 1);
        const check = checkText('bluesky', a);
        expect(check.remaining).toBe(DEFAULT_LIMITS.bluesky - check.used);
      }),
      { numRuns: 500 },
    );
  });

  it('for any text, X weight is between the code point count and twice it (links aside)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        fc.pre(!/[a-z0-9-]\.[a-z]/i.test(s));
        const points = Array.from(s.normalize('NFC')).length;
        const w = countFor('x', s);
        expect(w).toBeLessThanOrEqual(2 * points);
        expect(w).toBeGreaterThanOrEqual(Math.min(points, 1));
      }),
      { numRuns: 1000 },
    );
  });
});
