/**
 * Outage intent in [0,1]: does this text complain that something is broken? It tells an
 * outage surge ("is it down?", "503", "no funciona") apart from a campaign or PR surge
 * ("new launch", "50% off"), which can be just as loud. A weighted lexicon, because the
 * signal is carried by a small set of stock phrases in every language, and a lexicon is
 * explainable, fast, and testable; phrases found are returned so the alert can show them.
 */
import { BUZZ, CODE_WEIGHT, COMPLAINT } from './outageLexicon.js';
import { normalizeText, wordTokens } from './tokenize.js';

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
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Both lexicons and the error codes behind one lookup per token, and in front of it a bitmask
 * of key lengths per pair of leading ASCII characters, so most tokens cost no hashing.
 */
interface FirstWord {
  complaint: Phrase[] | undefined;
  buzz: Phrase[] | undefined;
  code: boolean;
}
const FIRST = new Map<string, FirstWord>();
const FIRST_LENGTHS = new Uint32Array(128 * 128);
/** Index of a token's two leading characters in FIRST_LENGTHS, or -1 if either is not ASCII (a one-character token uses 0 for the second). */
function pairIndex(tok: string): number {
  const a = tok.charCodeAt(0);
  const b = tok.length > 1 ? tok.charCodeAt(1) : 0;
  return a < 128 && b < 128 ? a * 128 + b : -1;
}
function indexFirst(word: string, set: (e: FirstWord) => void): void {
  let e = FIRST.get(word);
  if (e === undefined) {
    e = { complaint: undefined, buzz: undefined, code: false };
    FIRST.set(word, e);
  }
  set(e);
  const k = pairIndex(word);
  if (k >= 0) FIRST_LENGTHS[k] = (FIRST_LENGTHS[k] as number) | (1 << Math.min(word.length, 31));
}
for (const [w, list] of COMPLAINT_LEX.byFirst) indexFirst(w, (e) => (e.complaint = list));
for (const [w, list] of BUZZ_LEX.byFirst) indexFirst(w, (e) => (e.buzz = list));
for (const w of CODE_WEIGHT.keys()) indexFirst(w, (e) => (e.code = true));

function firstWord(tok: string): FirstWord | undefined {
  const k = pairIndex(tok);
  if (k >= 0 && (((FIRST_LENGTHS[k] as number) >>> Math.min(tok.length, 31)) & 1) === 0) return undefined;
  return FIRST.get(tok);
}

/** The longest of `candidates` matching at `i`: its weight if new to `seen` (and recorded there), else 0. */
function matchAt(candidates: readonly Phrase[], tokens: readonly string[], i: number, seen: string[]): number {
  for (const ph of candidates) {
    let ok = true;
    for (let j = 1; j < ph.words.length && ok; j++) ok = tokens[i + j] === ph.words[j];
    if (ok) {
      if (seen.includes(ph.text)) return 0;
      seen.push(ph.text);
      return ph.weight;
    }
  }
  return 0;
}

/** Phrases of scripts without spaces found in `plain`, added in lexicon order; returns the new total. */
function matchNoSpace(lex: Lexicon, plain: string, total: number, seen: string[]): number {
  for (const [text, weight] of lex.noSpace) {
    if (plain.includes(text) && !seen.includes(text)) {
      seen.push(text);
      total += weight;
    }
  }
  return total;
}

/** Accents folded on Latin tokens only: NFD would also split Japanese kana (で → て + ゙). */
function foldLatin(tok: string): string {
  return tok.charCodeAt(0) < 0x3000 && NON_ASCII.test(tok) ? tok.normalize('NFD').replace(/\p{M}+/gu, '') : tok;
}

/** foldLatin of each Latin-1 character (NFD of Latin-1 text is per character: all are starters). */
const FOLD_LATIN1: string[] = Array.from({ length: 256 }, (_, c) => foldLatin(String.fromCharCode(c)));

/** foldLatin, by table when the token is Latin-1 (identical, since NFD and mark removal are then per character). */
function foldToken(tok: string): string {
  if (!(tok.charCodeAt(0) < 0x3000)) return tok;
  let i = 0;
  while (i < tok.length && tok.charCodeAt(i) < 0x80) i++;
  if (i === tok.length) return tok;
  let out = tok.slice(0, i);
  for (; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c > 0xff) return foldLatin(tok);
    out += c < 0x80 ? tok[i] : FOLD_LATIN1[c];
  }
  return out;
}

function foldTokens(tokens: readonly string[]): readonly string[] {
  let out: string[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    const f = foldToken(tok);
    if (f !== tok && out === null) out = tokens.slice(0, i);
    if (out !== null) out.push(f);
  }
  return out ?? tokens;
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

/**
 * Intent from text already normalized and tokenized (ingest does both once per post). One walk
 * over the tokens finds complaint phrases, buzz phrases and error codes; the sums are added in
 * the order the lexicon-by-lexicon passes used (complaint phrases, complaint no-space phrases,
 * codes; then buzz), so the score is the same to the bit.
 */
export function intentFromTokens(plain: string, tokens: readonly string[]): OutageIntent {
  return intentOf(plain, tokens, NON_ASCII.test(plain));
}

/** intentFromTokens when the caller already knows whether `plain` has non-ASCII characters. */
export function intentOf(plain: string, tokens: readonly string[], nonAscii: boolean): OutageIntent {
  const folded = nonAscii ? foldTokens(tokens) : tokens;
  const hasNoSpace = nonAscii && HAS_NO_SPACE_SCRIPT.test(plain);
  const signals: string[] = [];
  let buzzSeen: string[] | null = null;
  let codes: string[] | null = null;
  let evidence = 0;
  let buzz = 0;
  for (let i = 0; i < folded.length; i++) {
    const tok = folded[i] as string;
    const e = firstWord(tok);
    if (e === undefined) continue;
    if (e.complaint !== undefined) evidence += matchAt(e.complaint, folded, i, signals);
    if (e.buzz !== undefined) buzz += matchAt(e.buzz, folded, i, (buzzSeen ??= []));
    if (e.code) (codes ??= []).push(tok);
  }
  if (hasNoSpace) evidence = matchNoSpace(COMPLAINT_LEX, plain, evidence, signals);
  if (codes !== null) {
    for (const tok of codes) {
      if (!signals.includes(tok)) {
        signals.push(tok);
        evidence += CODE_WEIGHT.get(tok) as number;
      }
    }
  }
  if (evidence === 0) return { score: 0, signals };
  if (hasNoSpace) buzz = matchNoSpace(BUZZ_LEX, plain, buzz, buzzSeen ?? []);
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
