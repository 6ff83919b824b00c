/**
 * TEST-ONLY reference: the tokenizer, outage intent and post signals exactly as they were before
 * the single-pass rewrite (#3), copied verbatim from main/detect/{tokenize,outageIntent,postSignals}.ts
 * (only the cross-file imports and the duplicate NON_ASCII constant dropped). The equivalence
 * property test compares the production code against this, output for output.
 *
 * Since #4 the stop list and the outage lexicon are data both sides share
 * (main/detect/stopWords.ts, main/detect/outageLexicon.ts), and the rules
 * #4 added are written here the plain way: no-space bigrams that are stop words are dropped,
 * a word running on into a no-space script is split at the script change, a French elided
 * article is cut off, and complaint phrases made only of stop words are no terms.
 */
import { BUZZ, CODE_WEIGHT, COMPLAINT } from '../../../main/detect/outageLexicon.js';
import { STOP_WORDS } from '../../../main/detect/stopWords.js';

// ---- main/detect/tokenize.ts ----
/**
 * Unicode-aware term extraction for burst tracking. Posts arrive as plain text that may still
 * carry markup fragments or entities; they are data, so we strip rather than interpret them.
 * Terms: words (any script), #hashtags, HTTP-style error codes, and, for scripts written
 * without spaces (Japanese, Chinese), character bigrams, so "ログインできない" still yields
 * terms that can burst.
 */

const TAG = /<[^>]{0,200}>/g;
const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+/giu;
const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos|nbsp);/giu;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/** One pass: hashtags, words with inner apostrophes, runs of no-space scripts, or numbers. */
const TOKEN = /#[\p{L}\p{N}_]+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+|\p{L}[\p{L}\p{M}\p{N}]*(?:['’][\p{L}]+)*|\p{N}+/gu;
const NO_SPACE_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
const ERROR_CODE = /^(?:4\d\d|5\d\d)$/;
const STOP = STOP_WORDS;
/** A stop word, or one typed stretched: a final run of three or more of one character cut to one or two is one. */
const STRETCHED = /^(.*?)(.)\2{2,}$/su;
function isStopWord(w: string): boolean {
  if (STOP.has(w)) return true;
  const m = STRETCHED.exec(w);
  return m !== null && (STOP.has(`${m[1]}${m[2]}`) || STOP.has(`${m[1]}${m[2]}${m[2]}`));
}

function decodeEntity(_m: string, body: string): string {
  const key = body.toLowerCase();
  if (key.startsWith('#x')) return String.fromCodePoint(Math.min(parseInt(key.slice(2), 16), 0x10ffff));
  if (key.startsWith('#')) return String.fromCodePoint(Math.min(parseInt(key.slice(1), 10), 0x10ffff));
  return NAMED[key] ?? ' ';
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Plain, lower-cased, NFKC text: markup and links removed, entities decoded, accents kept. */
export function normalizeText(text: string): string {
  // Fast paths: most posts have no markup, no entities, no links and are plain ASCII.
  let t = text;
  if (t.includes('<')) t = t.replace(TAG, ' ');
  if (t.includes('&')) t = t.replace(ENTITY, decodeEntity);
  if (t.includes('http') || t.includes('www.')) t = t.replace(URL_RE, ' ');
  if (NON_ASCII.test(t)) t = t.normalize('NFKC').replace(/’/g, "'");
  return t.toLowerCase();
}

/** Every token of normalized text in order, stop words included (phrases need them). */
export function wordTokens(plain: string): string[] {
  return plain.match(TOKEN) ?? [];
}

function isNoSpaceScript(tok: string): boolean {
  return tok.charCodeAt(0) >= 0x3000 && NO_SPACE_SCRIPT.test(tok);
}

const NO_SPACE_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
const ELIDED = ['c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu'];

function bigrams(tok: string, seen: Set<string>): void {
  if (tok.length <= 2 && !STOP.has(tok)) seen.add(tok);
  for (let i = 0; i + 2 <= tok.length; i++) if (!STOP.has(tok.slice(i, i + 2))) seen.add(tok.slice(i, i + 2));
}

function termsOfToken(tok: string, seen: Set<string>): void {
  const c = tok.charCodeAt(0);
  if (isNoSpaceScript(tok)) {
    bigrams(tok, seen);
  } else if (c >= 48 && c <= 57) {
    if (ERROR_CODE.test(tok)) seen.add(tok);
  } else if (c === 35) {
    seen.add(tok);
  } else if (NO_SPACE_CHAR.test(tok)) {
    // Split where the script changes: no-space runs as bigrams, the rest tokenized again.
    let run = '';
    const flush = (): void => {
      if (run === '') return;
      if (NO_SPACE_CHAR.test(run)) bigrams(run, seen);
      else for (const w of run.match(TOKEN) ?? []) termsOfToken(w, seen);
      run = '';
    };
    for (const ch of tok) {
      if (run !== '' && NO_SPACE_CHAR.test(ch) !== NO_SPACE_CHAR.test(run)) flush();
      run += ch;
    }
    flush();
  } else {
    const q = tok.indexOf("'");
    const word = q > 0 && q + 1 < tok.length && ELIDED.includes(tok.slice(0, q)) ? tok.slice(q + 1) : tok;
    if (word.length > 1 && !isStopWord(word)) seen.add(word);
  }
}

/** Terms from tokens: no stop words or bare numbers (error codes excepted), CJK as bigrams. */
export function termsFromTokens(tokens: readonly string[], maxTerms = 64): string[] {
  const seen = new Set<string>();
  for (const tok of tokens) {
    termsOfToken(tok, seen);
    if (seen.size >= maxTerms) break;
  }
  return [...seen].slice(0, maxTerms);
}

/** Terms of one post, deduplicated in first-seen order (a post votes once per term). */
export function extractTerms(text: string, maxTerms = 64): string[] {
  return termsFromTokens(wordTokens(normalizeText(text)), maxTerms);
}

// ---- main/detect/outageIntent.ts ----
/**
 * Outage intent in [0,1]: does this text complain that something is broken? It tells an
 * outage surge ("is it down?", "503", "no funciona") apart from a campaign or PR surge
 * ("new launch", "50% off"), which can be just as loud. A weighted lexicon, because the
 * signal is carried by a small set of stock phrases in every language, and a lexicon is
 * explainable, fast, and testable; phrases found are returned so the alert can show them.
 */

interface Phrase {
  text: string;
  words: string[];
  weight: number;
}

interface Lexicon {
  /** Phrases in space-separated scripts, indexed by first word: matching is a token walk. */
  byFirst: Map<string, Phrase[]>;
  /** Phrases in scripts written without spaces: matched as substrings. */
  noSpace: Array<[string, number]>;
}

function compile(words: Record<string, number>): Lexicon {
  const byFirst = new Map<string, Phrase[]>();
  const noSpace: Array<[string, number]> = [];
  for (const [text, weight] of Object.entries(words)) {
    if (text.charCodeAt(0) >= 0x3000) {
      noSpace.push([text, weight]);
      continue;
    }
    const parts = wordTokens(text);
    const first = parts[0];
    if (!first) continue;
    const list = byFirst.get(first) ?? [];
    list.push({ text, words: parts, weight });
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((x, y) => y.words.length - x.words.length);
  return { byFirst, noSpace };
}

const COMPLAINT_LEX = compile(COMPLAINT);
const BUZZ_LEX = compile(BUZZ);
const HAS_NO_SPACE_SCRIPT = /[\u3000-\u9fff\uff66-\uff9f]/;

/** Sums the weights of distinct lexicon phrases present; `found` collects their text. */
function matchLexicon(lex: Lexicon, tokens: readonly string[], plain: string, hasNoSpace: boolean, found: string[] | null): number {
  let total = 0;
  const seen = found ?? [];
  for (let i = 0; i < tokens.length; i++) {
    const candidates = lex.byFirst.get(tokens[i] as string);
    if (!candidates) continue;
    for (const ph of candidates) {
      let ok = true;
      for (let j = 1; j < ph.words.length && ok; j++) ok = tokens[i + j] === ph.words[j];
      if (ok) {
        if (!seen.includes(ph.text)) {
          seen.push(ph.text);
          total += ph.weight;
        }
        break;
      }
    }
  }
  if (hasNoSpace) {
    for (const [text, weight] of lex.noSpace) {
      if (plain.includes(text) && !seen.includes(text)) {
        seen.push(text);
        total += weight;
      }
    }
  }
  return total;
}

/** Accents folded on Latin tokens only: NFD would also split Japanese kana (で → て + ゙). */
function foldLatin(tok: string): string {
  return tok.charCodeAt(0) < 0x3000 && NON_ASCII.test(tok) ? tok.normalize('NFD').replace(/\p{M}+/gu, '') : tok;
}

export interface OutageIntent {
  score: number;
  /** Complaint phrases and error codes found, for the alert's "why". */
  signals: string[];
}

export function outageIntent(text: string): OutageIntent {
  const plain = normalizeText(text);
  return intentFromTokens(plain, wordTokens(plain));
}

/** Intent from text already normalized and tokenized (ingest does both once per post). */
export function intentFromTokens(plain: string, tokens: readonly string[]): OutageIntent {
  const folded = NON_ASCII.test(plain) ? tokens.map(foldLatin) : tokens;
  const hasNoSpace = HAS_NO_SPACE_SCRIPT.test(plain);
  const signals: string[] = [];
  let evidence = matchLexicon(COMPLAINT_LEX, folded, plain, hasNoSpace, signals);
  for (const tok of folded) {
    const c = tok.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const w = CODE_WEIGHT.get(tok);
    if (w !== undefined && !signals.includes(tok)) {
      signals.push(tok);
      evidence += w;
    }
  }
  if (evidence === 0) return { score: 0, signals };
  const buzz = matchLexicon(BUZZ_LEX, folded, plain, hasNoSpace, null);
  const score = (1 - Math.exp(-evidence)) * Math.exp(-0.8 * buzz);
  return { score: Math.round(score * 1000) / 1000, signals };
}

/** Intent of a group of posts (an alert's sample): the share-weighted mean, so one angry post in a campaign does not flip it. */
export function groupIntent(texts: readonly string[]): number {
  if (texts.length === 0) return 0;
  let sum = 0;
  for (const t of texts) sum += outageIntent(t).score;
  return sum / texts.length;
}

// ---- main/detect/postSignals.ts ----
/**
 * What ingest derives from one post's text for detection: its terms (words, hashtags, error
 * codes, and the complaint phrases it contains, so "can't log in" bursts as one term) and its
 * outage intent. Pure.
 */

export interface PostSignals {
  terms: string[];
  outageIntent: number;
  signals: string[];
}

export function analyzePost(text: string, maxTerms = 64): PostSignals {
  const plain = normalizeText(text);
  const tokens = wordTokens(plain);
  const intent = intentFromTokens(plain, tokens);
  const terms = termsFromTokens(tokens, maxTerms);
  for (const phrase of intent.signals) {
    if (phrase.includes(' ') && !wordTokens(phrase).every(isStopWord) && !terms.includes(phrase)) terms.push(phrase);
  }
  return { terms: terms.slice(0, maxTerms + intent.signals.length), outageIntent: intent.score, signals: intent.signals };
}

// ---- test helpers (not part of the copied code) ----
/** Every lexicon entry and error code the reference knows, for the equivalence test's generators. */
export const REFERENCE_LEXICON_TEXTS: readonly string[] = [...Object.keys(COMPLAINT), ...Object.keys(BUZZ), ...CODE_WEIGHT.keys()];
/** The reference's stop words, for the same purpose. */
export const REFERENCE_STOP_WORDS: readonly string[] = [...STOP];
