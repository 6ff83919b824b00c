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
/** Short function words that would otherwise top every burst list. */
const STOP = new Set(
  'the a an and or of to in on at for is it its this that be are was i you my me we our your with as by from just so but not no rt de la el en y que los las le les un une et des du est il je der die das und ist ich nicht o os as um uma é'.split(' '),
);

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

/** Terms from tokens: no stop words or bare numbers (error codes excepted), CJK as bigrams. */
export function termsFromTokens(tokens: readonly string[], maxTerms = 64): string[] {
  const seen = new Set<string>();
  for (const tok of tokens) {
    const c = tok.charCodeAt(0);
    if (isNoSpaceScript(tok)) {
      if (tok.length <= 2) seen.add(tok);
      for (let i = 0; i + 2 <= tok.length; i++) seen.add(tok.slice(i, i + 2));
    } else if (c >= 48 && c <= 57) {
      if (ERROR_CODE.test(tok)) seen.add(tok);
    } else if (c === 35 || (tok.length > 1 && !STOP.has(tok))) {
      seen.add(tok);
    }
    if (seen.size >= maxTerms) break;
  }
  return [...seen].slice(0, maxTerms);
}

/** Terms of one post, deduplicated in first-seen order (a post votes once per term). */
export function extractTerms(text: string, maxTerms = 64): string[] {
  return termsFromTokens(wordTokens(normalizeText(text)), maxTerms);
}
