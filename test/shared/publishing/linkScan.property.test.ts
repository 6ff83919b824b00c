/**
 * The linear link scan finds exactly what the old regular expression found (kept here as the
 * reference), on random text built from the pieces that matter to it and on the inputs that
 * made the expression quadratic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLinks, trimTrailing } from '../../../shared/publishing/linkScan.js';
import { countFor } from '../../../shared/publishing/textLimits.js';

// The pattern as it was in shared/publishing/textLimits.ts (quadratic at worst).
const OLD_LINK =
  /\b(?:https?:\/\/[^\s<>"]+|www\.[^\s<>"]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co|dev|app|ly|me|info|biz|uk|de|fr|eu|us|ca|gg|tv|ai|social)(?:\/[^\s<>"]*)?)/giu;
const OLD_TRAILING = /[.,;:!?)\]}'"]+$/u;
const oldFind = (text: string) => Array.from(text.matchAll(OLD_LINK), (m) => ({ index: m.index, value: m[0] }));

// Pieces of links, near-links and what stops them, including the characters that case folding
// or UTF-16 make special (ſ and the Kelvin sign fold to s and k; an emoji is two code units).
const PIECES = [
  'a',
  'b',
  'x',
  'S',
  'K',
  'ſ',
  'K',
  '0',
  '9',
  '-',
  '_',
  '.',
  '.',
  '..',
  '/',
  ':',
  '@',
  ' ',
  '\n',
  '<',
  '>',
  '"',
  "'",
  ')',
  ']',
  ',',
  '!',
  '?',
  'é',
  'ß',
  '😀',
  '\ud83d',
  '\ude00',
  'com',
  'co',
  'community',
  'uk',
  'de',
  'dev',
  'io',
  'info',
  'social',
  'ai',
  'COM',
  'www',
  'www.',
  'http',
  'https',
  'http://',
  'HTTPS://',
  '://',
  'example',
  '.com',
  '.co.uk',
  '.com/',
  '/path?q=1',
  'a.b',
];
const textOf = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));

const adversarial = (n: number): string[] => [
  'a.'.repeat(n),
  'a-'.repeat(n),
  'a.'.repeat(n) + 'com',
  'a-a.'.repeat(n) + 'x',
  '-.'.repeat(n),
  'a'.repeat(n * 2),
  'a.com'.repeat(n / 2),
  'x.comm'.repeat(n / 3),
  'www.' + '.'.repeat(n),
  'http://' + ')'.repeat(n) + 'x',
  ('a.b.' + 'c'.repeat(7) + ' ').repeat(n / 10),
];

describe('the linear link scan', () => {
  it('finds the same links as the old pattern, at the same places, on random text', () => {
    fc.assert(
      fc.property(textOf, (text) => {
        expect(findLinks(text)).toEqual(oldFind(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('and on any string at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(findLinks(text)).toEqual(oldFind(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('and on the inputs that made the pattern quadratic, with random text around them', () => {
    for (const text of adversarial(2000)) expect(findLinks(text)).toEqual(oldFind(text));
    fc.assert(
      fc.property(textOf, fc.constantFrom(...adversarial(200)), textOf, (before, middle, after) => {
        const text = before + middle + after;
        expect(findLinks(text)).toEqual(oldFind(text));
      }),
      { numRuns: 500 },
    );
  });

  it('takes off trailing punctuation as the old pattern did', () => {
    fc.assert(
      fc.property(textOf, (text) => {
        expect(trimTrailing(text)).toBe(text.replace(OLD_TRAILING, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts a 10,000-character worst case for every network (it used to take about 80 ms)', () => {
    const worst = 'a.'.repeat(5000);
    expect(countFor('x', worst)).toBe(10_000);
    expect(countFor('mastodon', worst)).toBe(10_000);
    expect(countFor('x', `${'a-'.repeat(4990)}see example.com`)).toBe(9980 + 4 + 23);
  });
});
