/**
 * Unicode-aware term extraction for burst tracking. Posts arrive as plain text that may still
 * carry markup fragments or entities; they are data, so we strip rather than interpret them.
 * Terms: words (any script), #hashtags, HTTP-style error codes, and, for scripts written
 * without spaces (Japanese, Chinese), character bigrams, so "ログインできない" still yields
 * terms that can burst.
 */

import { STOP_WORDS as STOP } from './stopWords.js';

const TAG = /<[^>]{0,200}>/g;
const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+/giu;
const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos|nbsp);/giu;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/** One pass: hashtags, words with inner apostrophes, runs of no-space scripts, or numbers. */
// eslint-disable-next-line security/detect-unsafe-regex -- each repeat starts with an apostrophe the run before it cannot match: linear
const TOKEN = /#[\p{L}\p{N}_]+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+|\p{L}[\p{L}\p{M}\p{N}]*(?:['’][\p{L}]+)*|\p{N}+/gu;
const NO_SPACE_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
function decodeEntity(_m: string, body: string): string {
  const key = body.toLowerCase();
  if (key.startsWith('#x')) return String.fromCodePoint(Math.min(parseInt(key.slice(2), 16), 0x10ffff));
  if (key.startsWith('#')) return String.fromCodePoint(Math.min(parseInt(key.slice(1), 10), 0x10ffff));
  return NAMED[key] ?? ' ';
}

const NON_ASCII = /[^\x00-\x7f]/;

/*
 * Fast paths. The scanner below decides tokens with a char-code class table wherever the
 * answer is certain (ASCII, Latin-1, common punctuation, emoji) and hands the position to the
 * TOKEN regex itself wherever it is not (other scripts, marks, non-ASCII digits), so its
 * output is by construction the regex's output. `normalizeText` skips NFKC for text whose
 * every non-ASCII character is one NFKC leaves alone in any context (computed at load from
 * the engine's own normalizer: singleton-stable, and not a letter, digit or mark, or a
 * Latin-1 letter, which are all composed, combining-class-0 starters).
 */
const TOKEN_AT = new RegExp(TOKEN);
const UNKNOWN = 0;
const SEP = 1;
const LETTER = 2;
const DIGIT = 3;
const HASHTAG = 4;
const APOS = 5;
const UNDER = 6;
/** High surrogate of the emoji planes: a separator if the pair is in ASTRAL_SEP, else unknown. */
const EMOJI_HI = 7;
/** A letter of a script written without spaces (kana, kanji, ー): runs of them are one token. */
const NOSPACE = 8;
const CLS = new Uint8Array(0x10000);
const NFKC_INERT = new Uint8Array(0x10000);
const ASTRAL_BASE = 0x1f000;
const ASTRAL_SEP = new Uint8Array(0xb00);
const WORDISH = /[\p{L}\p{N}\p{M}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー'’#_]/u;
const MARK = /\p{M}/u;
const LETTER_RE = /^\p{L}$/u;
const NOSPACE_LETTER = /^(?=\p{L})[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]$/u;

function buildTables(): void {
  for (let c = 0; c < 0x80; c++) {
    NFKC_INERT[c] = 1;
    CLS[c] =
      (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
        ? LETTER
        : c >= 48 && c <= 57
          ? DIGIT
          : c === 35
            ? HASHTAG
            : c === 39
              ? APOS
              : c === 95
                ? UNDER
                : SEP;
  }
  const ranges: Array<[number, number]> = [
    [0x80, 0x100],
    [0x2000, 0x2070],
    [0x2190, 0x2200],
    [0x2300, 0x27c0],
  ];
  for (const [from, to] of ranges) {
    for (let c = from; c < to; c++) {
      const ch = String.fromCharCode(c);
      const stable = ch.normalize('NFKC') === ch;
      if (!WORDISH.test(ch)) {
        CLS[c] = SEP;
        if (stable) NFKC_INERT[c] = 1;
      } else if (c >= 0xc0 && c <= 0xff && LETTER_RE.test(ch)) {
        CLS[c] = LETTER;
        if (stable) NFKC_INERT[c] = 1;
      }
    }
  }
  // Kana, CJK punctuation and the unified ideographs: runs of no-space letters, separators, or unknown.
  for (const [from, to] of [
    [0x3000, 0x3100],
    [0x4e00, 0xa000],
  ] as Array<[number, number]>) {
    for (let c = from; c < to; c++) {
      const ch = String.fromCharCode(c);
      const stable = ch.normalize('NFKC') === ch;
      if (NOSPACE_LETTER.test(ch)) CLS[c] = NOSPACE;
      else if (!WORDISH.test(ch)) CLS[c] = SEP;
      else continue;
      if (stable) NFKC_INERT[c] = 1;
    }
  }
  // Variation selector 16 (emoji presentation): a mark for the tokenizer, but combining class 0 and NFKC-stable.
  if ('\ufe0f'.normalize('NFKC') === '\ufe0f' && MARK.test('\ufe0f')) NFKC_INERT[0xfe0f] = 1;
  for (let c = 0xd83c; c <= 0xd83e; c++) CLS[c] = EMOJI_HI;
  for (let i = 0; i < ASTRAL_SEP.length; i++) {
    const ch = String.fromCodePoint(ASTRAL_BASE + i);
    if (!WORDISH.test(ch) && ch.normalize('NFKC') === ch) ASTRAL_SEP[i] = 1;
  }
}
buildTables();

/** Whether the pair at `i` (a high surrogate of class EMOJI_HI) is an NFKC-stable non-word emoji. */
function astralSepAt(s: string, i: number): boolean {
  const lo = s.charCodeAt(i + 1);
  if (!(lo >= 0xdc00 && lo <= 0xdfff)) return false;
  const k = ((s.charCodeAt(i) - 0xd800) << 10) + (lo - 0xdc00) + 0x10000 - ASTRAL_BASE;
  return k >= 0 && k < ASTRAL_SEP.length && ASTRAL_SEP[k] === 1;
}

/** Whether the character at `j`, of class `c`, is certainly not part of a token continuing before it. */
function decided(c: number, s: string, j: number): boolean {
  return c !== UNKNOWN && (c !== EMOJI_HI || astralSepAt(s, j));
}

/** Whether NFKC would leave `t` as it is, judged from characters known to be inert. */
function nfkcInert(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (NFKC_INERT[c] === 1) continue;
    if (CLS[c] === EMOJI_HI && astralSepAt(t, i)) i++;
    else return false;
  }
  return true;
}

/** Plain, lower-cased, NFKC text: markup and links removed, entities decoded, accents kept. */
export function normalizeText(text: string): string {
  return normalizeTextAscii(text).plain;
}

/**
 * normalizeText, and whether the result is all ASCII (so intent need not test it again).
 * Lower-casing cannot turn NFKC text that has non-ASCII into ASCII (only the Kelvin sign
 * lower-cases to ASCII, and NFKC has already replaced it), nor the reverse.
 */
export function normalizeTextAscii(text: string): { plain: string; ascii: boolean } {
  // Fast paths: most posts have no markup, no entities, no links and are plain ASCII.
  let t = text;
  if (t.includes('<')) t = t.replace(TAG, ' ');
  if (t.includes('&')) t = t.replace(ENTITY, decodeEntity);
  if (t.includes('http') || t.includes('www.')) t = t.replace(URL_RE, ' ');
  const ascii = !NON_ASCII.test(t);
  if (!ascii) {
    if (!nfkcInert(t)) t = t.normalize('NFKC');
    if (t.includes('’')) t = t.replace(/’/g, "'");
  }
  return { plain: t.toLowerCase(), ascii };
}

/** Every token of normalized text in order, stop words included (phrases need them). */
export function wordTokens(plain: string): string[] {
  return scan(plain, null, 0);
}

/**
 * wordTokens and termsFromTokens in one pass (analyzePost's path): the tokens, and exactly
 * what termsFromTokens(tokens, maxTerms) would return.
 */
export function tokensAndTerms(plain: string, maxTerms: number): { tokens: string[]; terms: string[] } {
  const terms: string[] = [];
  const tokens = scan(plain, terms, maxTerms);
  return { tokens, terms: maxTerms >= terms.length ? terms : terms.slice(0, maxTerms) };
}

/** The current term list's dedup Set, once it is long enough to need one (single-threaded, reset per call). */
let scanSeen: Set<string> | null = null;

/** The token scanner; with `terms`, also applies termsFromTokens' rules token by token. */
function scan(plain: string, terms: string[] | null, maxTerms: number): string[] {
  const out: string[] = [];
  const n = plain.length;
  let open = terms !== null;
  scanSeen = null;
  let i = 0;
  while (i < n) {
    const k = CLS[plain.charCodeAt(i)] as number;
    if (k === SEP || k === APOS || k === UNDER) {
      i++;
      continue;
    }
    let j = i + 1;
    let sure = true;
    let c = SEP;
    /** A word with an apostrophe or a no-space run inside: its terms need wordTerm's rules. */
    let special = false;
    if (k === LETTER) {
      for (;;) {
        while (j < n && ((c = CLS[plain.charCodeAt(j)] as number) === LETTER || c === DIGIT)) j++;
        if (!(j < n && c === NOSPACE)) break;
        special = true;
        j++;
      }
      while (j < n) {
        if (c !== APOS) {
          sure = decided(c, plain, j);
          break;
        }
        if (j + 1 >= n) break;
        const a = CLS[plain.charCodeAt(j + 1)] as number;
        if (a !== LETTER && a !== NOSPACE) {
          sure = decided(a, plain, j + 1);
          break;
        }
        j += 2;
        special = true;
        while (j < n && ((c = CLS[plain.charCodeAt(j)] as number) === LETTER || c === NOSPACE)) j++;
      }
    } else if (k === DIGIT) {
      while (j < n && (c = CLS[plain.charCodeAt(j)] as number) === DIGIT) j++;
      if (j < n) sure = decided(c, plain, j);
    } else if (k === HASHTAG) {
      while (j < n && ((c = CLS[plain.charCodeAt(j)] as number) === LETTER || c === DIGIT || c === UNDER || c === NOSPACE)) j++;
      if (j < n) sure = decided(c, plain, j);
      if (sure && j === i + 1) {
        i = j;
        continue;
      }
    } else if (k === NOSPACE) {
      while (j < n && (c = CLS[plain.charCodeAt(j)] as number) === NOSPACE) j++;
      if (j < n) sure = decided(c, plain, j);
    } else if (k === EMOJI_HI && astralSepAt(plain, i)) {
      i += 2;
      continue;
    } else {
      sure = false;
    }
    let tok: string;
    if (sure) {
      tok = plain.slice(i, j);
      i = j;
    } else {
      TOKEN_AT.lastIndex = i;
      const m = TOKEN_AT.exec(plain);
      if (m === null) break;
      tok = m[0];
      i = TOKEN_AT.lastIndex;
    }
    out.push(tok);
    if (open) {
      const list = terms as string[];
      // A token the fast path cut starts with a Latin-1 letter, an ASCII digit or '#': no CJK test needed.
      if (!sure || k === NOSPACE) termOf(list, tok);
      else if (k === LETTER) {
        if (special) wordTerm(list, tok);
        else if (tok.length > 1 && !isStop(tok)) addTerm(list, tok);
      } else if (k === HASHTAG) addTerm(list, tok);
      else if (tok.length === 3 && (tok.charCodeAt(0) === 52 || tok.charCodeAt(0) === 53)) addTerm(list, tok);
      open = !(list.length >= maxTerms);
    }
  }
  return out;
}

function isNoSpaceScript(tok: string): boolean {
  return tok.charCodeAt(0) >= 0x3000 && NO_SPACE_SCRIPT.test(tok);
}

/**
 * Stop words by their two leading characters and length, and again by their two last
 * characters and length, so most words skip the Set (with some 700 stop words in six
 * languages, the leading pair alone lets many ordinary words through).
 */
const STOP_LENGTHS = new Uint32Array(128 * 128);
const STOP_TAIL_LENGTHS = new Uint32Array(128 * 128);
function pairKey(a: number, b: number): number {
  return a < 128 && b < 128 ? a * 128 + b : -1;
}
for (const w of STOP) {
  const bit = 1 << Math.min(w.length, 31);
  const head = pairKey(w.charCodeAt(0), w.length > 1 ? w.charCodeAt(1) : 0);
  if (head >= 0) STOP_LENGTHS[head] = (STOP_LENGTHS[head] as number) | bit;
  const tail = pairKey(w.length > 1 ? w.charCodeAt(w.length - 2) : 0, w.charCodeAt(w.length - 1));
  if (tail >= 0) STOP_TAIL_LENGTHS[tail] = (STOP_TAIL_LENGTHS[tail] as number) | bit;
}
function isStop(tok: string): boolean {
  const n = tok.length;
  const shift = Math.min(n, 31);
  const head = pairKey(tok.charCodeAt(0), n > 1 ? tok.charCodeAt(1) : 0);
  if (head >= 0 && (((STOP_LENGTHS[head] as number) >>> shift) & 1) === 0) return isStretchedStop(tok, n);
  const tail = pairKey(n > 1 ? tok.charCodeAt(n - 2) : 0, tok.charCodeAt(n - 1));
  if (tail >= 0 && (((STOP_TAIL_LENGTHS[tail] as number) >>> shift) & 1) === 0) return isStretchedStop(tok, n);
  return STOP.has(tok) || isStretchedStop(tok, n);
}

/**
 * Filler is typed stretched ("ughhh", "lolll", "omggg", "plsss", "kkkkk"): a word ending in
 * three or more of one letter is a stop word when it is one with the run cut to one or two.
 * Asked only once the tables or the Set said no, so a listed word costs what it did.
 */
function isStretchedStop(tok: string, n: number): boolean {
  const last = tok.charCodeAt(n - 1);
  if (!(n >= 3 && tok.charCodeAt(n - 2) === last && tok.charCodeAt(n - 3) === last)) return false;
  let start = n - 1;
  while (start > 0 && tok.charCodeAt(start - 1) === last) start--;
  return STOP.has(tok.slice(0, start + 1)) || STOP.has(tok.slice(0, start + 2));
}

/** Whether every word of `phrase` is a stop word ("anyone else", "is it just me"). */
export function isStopPhrase(phrase: string): boolean {
  const words = wordTokens(phrase);
  return words.length > 0 && words.every(isStop);
}

/** Adds `term` to `out` unless present; a linear scan while short, a Set once long. */
function addTerm(out: string[], term: string): void {
  if (scanSeen !== null) {
    if (!scanSeen.has(term)) {
      scanSeen.add(term);
      out.push(term);
    }
    return;
  }
  if (out.includes(term)) return;
  out.push(term);
  if (out.length >= 24) scanSeen = new Set(out);
}

/** termsFromTokens' rule for one token. */
function termOf(out: string[], tok: string): void {
  const c = tok.charCodeAt(0);
  if (isNoSpaceScript(tok)) bigramTerms(out, tok);
  else if (c >= 48 && c <= 57) {
    if (tok.length === 3 && (c === 52 || c === 53) && isAsciiDigit(tok.charCodeAt(1)) && isAsciiDigit(tok.charCodeAt(2))) addTerm(out, tok);
  } else if (c === 35) addTerm(out, tok);
  else wordTerm(out, tok);
}

/** A run of a script without spaces: its bigrams (and itself if short), less particles and auxiliaries ("から", "です"). */
function bigramTerms(out: string[], tok: string): void {
  if (tok.length <= 2 && !STOP.has(tok)) addTerm(out, tok);
  for (let i = 0; i + 2 <= tok.length; i++) {
    const bigram = tok.slice(i, i + 2);
    if (!STOP.has(bigram)) addTerm(out, bigram);
  }
}

const NO_SPACE_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
const SCRIPT_RUNS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;
/** French elided articles and pronouns, as Lucene's French analyzer strips them: "l'app" is "app". */
const ELIDED = new Set(['c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);

/**
 * A word's term. A word that runs on into Japanese ("acmeが落ちてる", a brand and then no
 * space) is its runs: the Latin part a word, the rest bigrams, so "落ち" still counts. An
 * elided French article goes ("l'app" → "app", "d'autre" → "autre"), then stop words.
 */
function wordTerm(out: string[], tok: string): void {
  if (NO_SPACE_CHAR.test(tok)) {
    for (const part of tok.match(SCRIPT_RUNS) ?? []) {
      if (NO_SPACE_CHAR.test(part)) bigramTerms(out, part);
      else for (const w of part.match(TOKEN) ?? []) termOf(out, w);
    }
    return;
  }
  tok = withoutElision(tok);
  if (tok.length > 1 && !isStop(tok)) addTerm(out, tok);
}

/** A token without its French elided article or pronoun: "l'app" is "app", "qu'il" is "il". */
export function withoutElision(tok: string): string {
  const q = tok.indexOf("'");
  return q > 0 && q + 1 < tok.length && ELIDED.has(tok.slice(0, q)) ? tok.slice(q + 1) : tok;
}

/** Terms from tokens: no stop words (see stopWords.ts) or bare numbers (error codes excepted), CJK as bigrams. */
export function termsFromTokens(tokens: readonly string[], maxTerms = 64): string[] {
  const out: string[] = [];
  scanSeen = null;
  for (let t = 0; t < tokens.length; t++) {
    termOf(out, tokens[t] as string);
    if (out.length >= maxTerms) break;
  }
  return maxTerms >= out.length ? out : out.slice(0, maxTerms);
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Terms of one post, deduplicated in first-seen order (a post votes once per term). */
export function extractTerms(text: string, maxTerms = 64): string[] {
  return termsFromTokens(wordTokens(normalizeText(text)), maxTerms);
}
