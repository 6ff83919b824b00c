/**
 * The fast tokenizer / outage intent / analyzePost must give exactly what the pre-rewrite code
 * gave (referenceTokenizer.ts, a verbatim copy): same terms in the same order, same score to the
 * bit, same signals. Property tests over random Unicode and over texts assembled from the pieces
 * that take the interesting paths (lexicon phrases, codes, hashtags, links, entities, markup,
 * emoji, accents, scripts without spaces, full-width and decomposed forms).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePost } from '../../../main/detect/postSignals.js';
import { extractTerms, normalizeText, termsFromTokens, wordTokens } from '../../../main/detect/tokenize.js';
import { groupIntent, intentFromTokens, outageIntent } from '../../../main/detect/outageIntent.js';
import * as ref from './referenceTokenizer.js';
import { demoCorpus } from './analyzePost.microbench.js';

const RUNS = 2500;

const upperSome = (s: string, mask: number): string => [...s].map((ch, i) => ((mask >> (i % 30)) & 1 ? ch.toUpperCase() : ch)).join('');
const accent = (s: string): string =>
  s.replace(/a/g, 'á').replace(/o/g, 'ö').replace(/e/g, 'é').replace(/n/g, 'ñ').replace(/c/g, 'ç').replace(/u/g, 'ü').replace(/i/g, 'í');

/** A lexicon entry, as written or re-cased, accented (precomposed or decomposed), full-width, or with a curly apostrophe. */
const lexiconPiece = fc
  .tuple(fc.constantFrom(...ref.REFERENCE_LEXICON_TEXTS), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 2 ** 30 - 1 }))
  .map(([text, how, mask]) => {
    switch (how) {
      case 0:
        return text;
      case 1:
        return upperSome(text, mask);
      case 2:
        return accent(text);
      case 3:
        return accent(text).normalize('NFD');
      case 4:
        return [...text].map((ch) => (ch >= '!' && ch <= '~' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');
      case 5:
        return text.replace(/'/g, '’');
      default:
        return upperSome(accent(text), mask);
    }
  });

const FIXED_PIECES = [
  // codes, numbers, hashtags, mentions
  '503',
  '502',
  '500',
  '504',
  '429',
  '408',
  '404',
  '403',
  '401',
  '599',
  '4000',
  '50',
  '5O3',
  '٥٠٣',
  '503x',
  'x503',
  '²',
  '½',
  'Ⅳ',
  '①',
  '#outage',
  '#AcmeApp',
  '#',
  '##x',
  '#_',
  '#_a',
  '#café',
  '#日本',
  '#503',
  '#a1_b2',
  "#it's",
  '#x\u0301',
  '@acme',
  '@user@host.example',
  '@',
  // links and markup, entities
  'https://acme.example/status?x=1',
  'HTTP://ACME.EXAMPLE',
  'http://',
  'www.acme.example',
  'WWW.ACME.example',
  'xwww.foo',
  'nothttp://a',
  'ſhttp://a',
  'Khttp://k',
  '<p>',
  '</b>',
  '<a href="https://x.example">',
  '<',
  '>',
  '<<>>',
  '&amp;',
  '&#39;',
  '&#x2019;',
  '&#x41;',
  '&#0;',
  '&#99999999;',
  '&#xFFFFFF;',
  '&nbsp;',
  '&AMP;',
  '&Lt;',
  '&bogus;',
  '&',
  '&#104;ttp://x',
  '&lt;p&gt;',
  // apostrophes and words
  "can't",
  'can’t',
  "it'",
  "'s",
  "rock'n'roll",
  "x'1",
  "a1'b2",
  "don't's",
  "l'",
  "'",
  '’',
  'ʼ',
  "isn't",
  "O'Brien",
  'ab_cd',
  'snake_case_word',
  'ERR_CONNECTION_RESET',
  'x',
  'I',
  'a',
  'the',
  'The',
  'THE',
  'is',
  'it',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  // accents, other scripts, marks, width
  'café',
  'CAFÉ',
  'Ñandú',
  'ß',
  'STRASSE',
  'İstanbul',
  'ǅ',
  'ﬁx',
  'ﬀ',
  'Σίσυφος',
  'ΣΑΣ',
  'Привет',
  'مرحبا',
  'नमस्ते',
  '안녕하세요',
  '\u1100\u1161',
  'e\u0301',
  'a\u0308',
  '\u0301',
  'ü\u0304',
  'Ｃａｆé',
  'ＡＢＣ１２３',
  'ｻｰﾊﾞｰ',
  'ﾛｸﾞｲﾝ',
  'æøå',
  'þð',
  'µ',
  'ª',
  'º',
  '¿',
  '¡',
  '×',
  '÷',
  '\u00ad',
  'naïve',
  'Störung',
  'caído',
  'sesión',
  'não',
  'instável',
  'lançamento',
  'promoção',
  'ﬂ',
  // scripts without spaces
  '落ちてる',
  'ログインできない',
  'サーバーダウン',
  'つながらない',
  '障害',
  '新発売',
  'キャンペーン',
  'セール',
  'ー',
  'ーー',
  '漢',
  'アプリが落ちた',
  '使えない',
  'エラー',
  '重い',
  '不具合',
  '繋がらない',
  '発売',
  '㍿',
  '〇',
  '々',
  'か\u3099',
  'ハ\u309a',
  'が',
  'ゟ',
  'ヿ',
  '゛',
  '⺀',
  '〆',
  'ㇰ',
  'ｰ',
  'ﾞ',
  '落ちてるacme',
  'acme落ちてる',
  '\u3000',
  '한국어',
  // emoji and symbols
  '🎉',
  '❤️',
  '❤',
  '👍🏽',
  '🇯🇵',
  '👨‍👩‍👧',
  '☕',
  '🚀',
  '🙄',
  '™',
  '…',
  '—',
  '–',
  '“quoted”',
  '«',
  '»',
  '€',
  '©',
  '®',
  '°',
  '·',
  '\uFE0F',
  '\u200D',
  '\u200B',
  '\uFEFF',
  '𝐀𝐁𝐂',
  '𝟓𝟎𝟑',
  '🄰',
  '🅰',
  '\uD83D',
  '\uDE00',
  '\uDBFF\uDFFF',
  '\u{10FFFF}',
  '\u0000',
  '\u2028',
];

const piece = fc.oneof(
  { weight: 4, arbitrary: lexiconPiece },
  { weight: 4, arbitrary: fc.constantFrom(...FIXED_PIECES) },
  { weight: 1, arbitrary: fc.constantFrom(...ref.REFERENCE_STOP_WORDS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-zA-Z0-9_']{1,8}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);
const SEPARATORS = [
  ' ',
  ' ',
  ' ',
  '',
  '  ',
  ',',
  ', ',
  '.',
  '? ',
  '!',
  '\n',
  '\t',
  '\u00a0',
  '\u3000',
  '-',
  '_',
  "'",
  '’',
  '#',
  '/',
  ':',
  '(',
  ')',
];
const text = fc
  .array(fc.tuple(piece, fc.constantFrom(...SEPARATORS)), { maxLength: 24 })
  .map((parts) => parts.map(([p, s]) => p + s).join(''));
/** Long posts, past the point where term dedup switches to a Set and past the term caps. */
const longText = fc
  .array(fc.tuple(fc.oneof(piece, fc.stringMatching(/^[a-z]{2,7}$/)), fc.constantFrom(' ', ' ', ', ', '')), {
    minLength: 30,
    maxLength: 90,
  })
  .map((parts) => parts.map(([p, s]) => p + s).join(''));
const anyText = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 2, arbitrary: longText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }) },
);
const maxTerms = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<number | undefined>(undefined, 32, 64) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, -3, 2.5, Number.NaN, Infinity) },
);

/** Paths the generated texts should take, counted on the reference's view of them. */
const hits = {
  phrase: 0,
  multiWord: 0,
  code: 0,
  noSpace: 0,
  buzzed: 0,
  entity: 0,
  link: 0,
  nfkcChanges: 0,
  delegated: 0,
  capped: 0,
  manyTerms: 0,
};
function countPaths(t: string, m: number | undefined): void {
  const plain = ref.normalizeText(t);
  const intent = ref.outageIntent(t);
  if (intent.signals.length > 0) hits.phrase++;
  if (intent.signals.some((s) => s.includes(' '))) hits.multiWord++;
  if (intent.signals.some((s) => /^\d+$/.test(s))) hits.code++;
  if (intent.signals.some((s) => s.charCodeAt(0) >= 0x3000)) hits.noSpace++;
  if (intent.score > 0 && intent.score < Math.round((1 - Math.exp(-1)) * 1000) / 1000 - 0.3) hits.buzzed++;
  if (/&(#|amp|lt|gt|quot|apos|nbsp)/i.test(t)) hits.entity++;
  if (/https?:\/\/|www\./i.test(t)) hits.link++;
  if (/[^\x00-\x7f]/.test(t) && t.normalize('NFKC') !== t) hits.nfkcChanges++;
  if (/[^\x00-\xff]/.test(plain) && ref.wordTokens(plain).length > 0) hits.delegated++;
  const all = ref.extractTerms(t, 999).length;
  if (m !== undefined && all > m) hits.capped++;
  if (all >= 30) hits.manyTerms++;
}

describe('fast tokenizer is output-identical to the reference', () => {
  it('analyzePost and every exported step agree on generated texts', () => {
    fc.assert(
      fc.property(anyText, maxTerms, (t, m) => {
        countPaths(t, m);
        const plain = ref.normalizeText(t);
        const tokens = ref.wordTokens(plain);
        expect(normalizeText(t)).toBe(plain);
        expect(wordTokens(plain)).toEqual(tokens);
        expect(wordTokens(t)).toEqual(ref.wordTokens(t));
        expect(termsFromTokens(tokens, m)).toEqual(ref.termsFromTokens(tokens, m));
        expect(extractTerms(t, m)).toEqual(ref.extractTerms(t, m));
        expect(intentFromTokens(plain, tokens)).toEqual(ref.intentFromTokens(plain, tokens));
        expect(outageIntent(t)).toEqual(ref.outageIntent(t));
        expect(analyzePost(t, m)).toEqual(ref.analyzePost(t, m));
        expect(analyzePost(t)).toEqual(ref.analyzePost(t));
      }),
      { numRuns: RUNS * 4 },
    );
    // The generators must reach the paths that matter, or agreement proves little.
    for (const [path, n] of Object.entries(hits)) expect(n, path).toBeGreaterThan(RUNS / 50);
  });

  it('agrees on arbitrary (non-normalized) token lists', () => {
    const token = fc.oneof(
      fc.constantFrom(...FIXED_PIECES, ...ref.REFERENCE_LEXICON_TEXTS, ...ref.REFERENCE_STOP_WORDS),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), maxTerms, fc.string({ unit: 'grapheme', maxLength: 20 }), (tokens, m, plain) => {
        expect(termsFromTokens(tokens, m)).toEqual(ref.termsFromTokens(tokens, m));
        const p = plain + tokens.join(' ');
        expect(intentFromTokens(p, tokens)).toEqual(ref.intentFromTokens(p, tokens));
      }),
      { numRuns: RUNS },
    );
  });

  it('agrees on the demo corpus and on groups of posts', () => {
    const corpus = demoCorpus(3000);
    for (const t of corpus) {
      expect(analyzePost(t, 32)).toEqual(ref.analyzePost(t, 32));
      expect(analyzePost(t)).toEqual(ref.analyzePost(t));
    }
    expect(groupIntent(corpus.slice(0, 500))).toBe(ref.groupIntent(corpus.slice(0, 500)));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 8 }), (texts) => {
        expect(groupIntent(texts)).toBe(ref.groupIntent(texts));
      }),
      { numRuns: RUNS / 5 },
    );
  });

  it('agrees on every single BMP character and astral samples, alone and inside words', () => {
    const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
    const failures: string[] = [];
    for (let cp = 0; cp < 0x30000; cp += cp < 0x10000 ? 1 : 7) {
      const ch = String.fromCodePoint(cp);
      for (const t of [`a${ch}b`, `#${ch}`, `1${ch}`, `it'${ch} ${ch}`]) {
        const plain = ref.normalizeText(t);
        if (
          normalizeText(t) !== plain ||
          !sameList(wordTokens(plain), ref.wordTokens(plain)) ||
          !sameList(wordTokens(t), ref.wordTokens(t))
        ) {
          failures.push(`U+${cp.toString(16)} in ${JSON.stringify(t)}`);
        }
      }
      if (cp % 17 === 0 || (cp >= 0x80 && cp < 0x3100)) {
        const t = `Café${ch}down ${ch}503 落ち${ch}`;
        if (JSON.stringify(analyzePost(t)) !== JSON.stringify(ref.analyzePost(t))) failures.push(`analyzePost U+${cp.toString(16)}`);
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
