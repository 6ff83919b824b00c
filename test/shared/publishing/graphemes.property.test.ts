/**
 * Grapheme clusters found without the segmenter where every code point stands alone are
 * exactly Intl.Segmenter's: every code point left out of the joining set is checked against
 * this runtime's segmenter, and many thousands of generated texts (ASCII, mixed scripts, full
 * Unicode, lone surrogates, emoji sequences, flags, skin tones, marks, Hangul, CRLF, Indic
 * conjuncts) split and count the same. X's weight, which walks the clusters, is compared with
 * the old per-cluster rule run over the segmenter's own clusters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eachGrapheme, graphemeCount, graphemes, joins } from '../../../shared/publishing/graphemes.js';
import { countFor } from '../../../shared/publishing/textLimits.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const reference = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment);
const codePoints = (text: string): number => Array.from(text).length;

function expectSame(text: string): void {
  const expected = reference(text);
  expect(graphemes(text)).toEqual(expected);
  expect(graphemeCount(text)).toBe(expected.length);
  const spans: string[] = [];
  let next = 0;
  eachGrapheme(text, (start, end) => {
    expect(start).toBe(next);
    spans.push(text.slice(start, end));
    next = end;
  });
  expect(spans).toEqual(expected);
}

const range = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((c) => String.fromCodePoint(c));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

// Pieces that take part in UAX #29's no-break rules, and ordinary neighbours for them.
const JOINERS = fc.oneof(
  fc.constantFrom(
    '\r',
    '\n',
    '\r\n',
    '\u200d',
    '\u200c',
    '\ufe0f',
    '\ufe0e',
    '\u20e3',
    '\u0e33',
    '\u0eb3',
    '\u094d',
    '\u0d4e',
    '\u0600',
    '\u{111c2}',
    '\u{16d63}',
  ),
  range(0x300, 0x36f), // combining marks
  range(0x1f3fb, 0x1f3ff), // skin tones
  range(0x1f1e6, 0x1f1ff), // regional indicators
  range(0xe0020, 0xe007f), // tags (subdivision flags)
  range(0x1100, 0x11ff), // Hangul jamo L, V, T
  range(0xa960, 0xa97f),
  range(0xd7b0, 0xd7ff),
  range(0xac00, 0xd7a3), // Hangul syllables
  range(0x915, 0x939), // Devanagari consonants (conjuncts with U+094D)
  range(0x93e, 0x94c), // Devanagari vowel signs (spacing marks among them)
  range(0x16d40, 0x16d79), // Kirat Rai
  fc.constantFrom('👨', '👩', '👧', '👦', '❤', '👍', '🏳', '🏴', '☝', '🎉', '⌚'),
);
const ORDINARY = fc.oneof(
  fc.constantFrom('a', 'Z', '1', ' ', '\0', '\t', '.', '#', '*', 'é', 'ß', 'Ω', 'Ж', 'ש', 'ع', '你', 'こ', '한', '©'),
  range(0x20, 0x7e),
  range(0x4e00, 0x4fff),
  loneSurrogate,
);
const anyCodePoint = fc.oneof(range(0, 0xd7ff), range(0xe000, 0x10ffff), loneSurrogate);

describe('grapheme clusters as Intl.Segmenter finds them', () => {
  it('leaves out of the joining set only code points that never join an ordinary neighbour, their own kind or LF', () => {
    // Every code point not in the set, checked in bulk: between 'a's, doubled, before LF. Each
    // must stand alone, so the segmenter finds as many clusters as there are code points. In
    // pieces of a few hundred: the segmenter is quadratic in the length it is given.
    let free = 0;
    let pieces: string[][] = [[], [], []];
    const check = () => {
      for (const piece of pieces) {
        const text = piece.join('');
        let clusters = 0;
        for (const _ of segmenter.segment(text)) clusters++;
        if (clusters !== codePoints(text)) expect(reference(text).filter((c) => codePoints(c) > 1)).toEqual([]);
      }
      pieces = [[], [], []];
    };
    for (let c = 0; c <= 0x10ffff; c++) {
      const s = String.fromCodePoint(c);
      if (joins(s)) continue;
      free++;
      pieces[0]!.push('a', s, 'a');
      pieces[1]!.push(s, s);
      pieces[2]!.push(s, '\n');
      // Checked every 64 code points, and before a high surrogate would meet a low one.
      if (free % 64 === 0 || c === 0xdbff) check();
    }
    check();
    // Sanity: the set is narrow (marks, format characters, jamo, a few letters), not everything.
    expect(free).toBeGreaterThan(1_000_000);
  });

  it('holds every code point UAX #29 lets join', () => {
    for (const s of [
      '\r',
      '\u0301',
      '\u200d',
      '\ufe0f',
      '\u{1f3fd}',
      '\u{1f1e9}',
      '\u{e0067}',
      '\u0903',
      '\u0e33',
      '\u0600',
      '\u1100',
      '\u1161',
      '\u11a8',
      '\u094d',
    ])
      expect(joins(s)).toBe(true);
    for (const s of ['a', '\n', '한', '👍', '你', '\ud800']) expect(joins(s)).toBe(false);
  });

  it('splits known sequences as one cluster each', () => {
    for (const [text, count] of [
      ['👨‍👩‍👧‍👦', 1],
      ['👍🏽', 1],
      ['🇩🇪🇫🇷', 2],
      ['🇩🇪🇫', 2],
      ['🏴󠁧󠁢󠁳󠁣󠁴󠁿', 1],
      ['1️⃣', 1],
      ['e\u0301', 1],
      ['a\r\nb', 3],
      ['\r\r\n', 2],
      ['\u1100\u1161\u11a8', 1],
      ['한국어', 3],
      ['क्षि', 1],
      ['\u0600\u0661', 1],
      ['ok 👍 ok', 7],
      ['', 0],
    ] as const) {
      expect(graphemeCount(text)).toBe(count);
      expectSame(text);
    }
  });

  it('agrees on ASCII, mixed scripts and full Unicode', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), expectSame), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), expectSame), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), expectSame), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: anyCodePoint, maxLength: 60 }), expectSame), { numRuns: 3000 });
  });

  it('agrees on emoji sequences, flags, skin tones, marks, Hangul, conjuncts and CRLF among ordinary text', () => {
    fc.assert(fc.property(fc.string({ unit: JOINERS, maxLength: 30 }), expectSame), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: fc.oneof(JOINERS, ORDINARY), maxLength: 60 }), expectSame), { numRuns: 5000 });
    // Mostly ASCII with a joining piece now and then: the fast stretches between the slow ones.
    const mostlyAscii = fc.oneof({ arbitrary: range(0x20, 0x7e), weight: 12 }, { arbitrary: JOINERS, weight: 1 });
    fc.assert(fc.property(fc.string({ unit: mostlyAscii, maxLength: 200 }), expectSame), { numRuns: 2000 });
  });

  it('agrees on long joined stretches, which go through the segmenter in windows', () => {
    // Past the 256-code-unit window, the window's end falling inside clusters of every kind
    // (inside a flag pair, a ZWJ sequence, a conjunct, a surrogate pair, a run of marks).
    const long = fc.string({ unit: JOINERS, minLength: 100, maxLength: 700 });
    fc.assert(fc.property(long, expectSame), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: fc.oneof(JOINERS, ORDINARY), minLength: 200, maxLength: 900 }), expectSame), { numRuns: 200 });
    const zalgo = fc.integer({ min: 1, max: 1200 }).map((n) => 'x' + '\u0301'.repeat(n) + 'y\u0301');
    fc.assert(
      fc.property(zalgo, fc.integer({ min: 0, max: 300 }), (marks, pad) => expectSame('a'.repeat(pad) + marks)),
      { numRuns: 100 },
    );
    for (const unit of ['🇩🇪', '🇩', '👨‍👩‍👧‍👦', '👍🏽', 'क्ष', '\u1100\u1161\u11a8', '\r\n', 'e\u0301', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'])
      for (const n of [60, 127, 128, 129, 300, 1000]) expectSame(unit.repeat(n));
  });

  it("X's weight matches the per-cluster rule over the segmenter's clusters", () => {
    // The rule as textLimits applies it, run here over Intl.Segmenter's clusters (no links).
    const light = (code: number) =>
      code <= 4351 || (code >= 8192 && code <= 8205) || (code >= 8208 && code <= 8223) || (code >= 8242 && code <= 8247);
    const oldWeight = (text: string) =>
      reference(text.normalize('NFC')).reduce((sum, cluster) => {
        const points = Array.from(cluster, (p) => p.codePointAt(0) ?? 0);
        const emoji = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(cluster) && (points[0]! > 4351 || points.length > 1);
        return sum + (emoji ? 2 : points.reduce((w, c) => w + (light(c) ? 1 : 2), 0));
      }, 0);
    const unit = fc.oneof(JOINERS, ORDINARY, anyCodePoint).filter((s) => !/[.:/]/.test(s));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        fc.pre(!/www|https?/i.test(text));
        expect(countFor('x', text)).toBe(oldWeight(text));
      }),
      { numRuns: 3000 },
    );
  });
});
