/**
 * HTML → plain text for post content from every connector.
 *
 * Text from the outside is data: this never builds a DOM, never evaluates anything and
 * never keeps markup. It is a single forward scan (no backtracking regexes) so hostile
 * input cannot make it slow: the fuzz budget is 1 s per input.
 */
import type { NormalizedPost } from '../../shared/domain.js';

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  deg: '°',
  middot: '·',
  bull: '•',
  times: '×',
  divide: '÷',
  zwj: '\u200d',
  zwnj: '\u200c',
};

/** Decode HTML character references (named subset, decimal, hex). Unknown ones stay as typed. */
export function decodeEntities(input: string): string {
  if (!input.includes('&')) return input;
  return input.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      // NUL, surrogates and out-of-range points would make invalid strings; HTML maps them to U+FFFD.
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return NAMED[ref] ?? NAMED[ref.toLowerCase()] ?? whole;
  });
}

const BLOCK_TAGS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'hr']);
/** Elements whose content is never text a person wrote for reading. */
const DROP_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math']);

/** Strip tags, drop script/style bodies and comments, decode entities, tidy whitespace. */
export function htmlToText(html: string): string {
  return tidy(decodeEntities(stripTags(html)));
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number): boolean => isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 45;

/**
 * Tags out, block tags as '\n', comments and script/style bodies dropped; entities and
 * whitespace untouched. Posts are mostly `<p>`, `<a>`, `<span>` and `<br>`, so this reads tag
 * names by char code and lower-cases the input only when a script-like element needs its end
 * found.
 */
function stripTags(html: string): string {
  let lower: string | null = null;
  let out = '';
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out += i === 0 ? html : html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    const next = html.charCodeAt(lt + 1);
    if (!(isAsciiLetter(next) || next === 47 || next === 33 || next === 63)) {
      out += '<';
      i = lt + 1;
      continue;
    }
    if (next === 33 && html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) {
      // No '>' anywhere after this: every later '<' is literal text too, so the scan stays linear.
      out += html.slice(lt);
      break;
    }
    // The tag name: [a-zA-Z][a-zA-Z0-9-]* after an optional '/', read no further than 39
    // characters past '<' (longer names are never ones we act on).
    const closing = next === 47;
    let start = lt + (closing ? 2 : 1);
    const limit = Math.min(gt, lt + 40);
    let end = start;
    if (end < limit && isAsciiLetter(html.charCodeAt(end))) {
      end++;
      while (end < limit && isNameChar(html.charCodeAt(end))) end++;
    } else {
      start = end;
    }
    i = gt + 1;
    const len = end - start;
    if (len === 0 || len > 10) continue;
    const name = html.slice(start, end).toLowerCase();
    if (!closing && DROP_CONTENT.has(name)) {
      lower ??= html.toLowerCase();
      const close = lower.indexOf(`</${name}`, i);
      if (close === -1) {
        i = n;
      } else {
        const endGt = html.indexOf('>', close);
        i = endGt === -1 ? n : endGt + 1;
      }
      continue;
    }
    if (BLOCK_TAGS.has(name)) out += '\n';
  }
  return out;
}

/**
 * Collapse runs of spaces, keep paragraph breaks, trim. Text that holds no whitespace but
 * ' ' and '\n' and nothing `cleanText` removes (nearly every post) is tidied in one pass;
 * anything else takes the regex chain, which defines the result.
 */
function tidy(text: string): string {
  const fast = tidySimple(text);
  return fast ?? tidyFull(text);
}

/** The one-pass tidy, or null when `text` holds a character only `tidyFull` handles. */
function tidySimple(text: string): string | null {
  const n = text.length;
  let out = '';
  // Start of the text not yet copied, and the pending whitespace run before it.
  let copied = 0;
  let runStart = -1;
  let newlines = 0;
  let changed = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10) {
      if (runStart === -1) {
        runStart = i;
        newlines = 0;
      }
      if (c === 10) newlines++;
      continue;
    }
    if (c < 32 || (c >= 0x7f && c <= 0xa0) || (c >= 0x1680 && isSpecialUnicode(c))) return null;
    if (runStart !== -1) {
      // A whitespace run ends here: one space, or one or two newlines; none at the start.
      const want = runStart === 0 ? '' : newlines === 0 ? ' ' : newlines === 1 ? '\n' : '\n\n';
      if (
        i - runStart !== want.length ||
        (want !== '' && text.charCodeAt(runStart) !== want.charCodeAt(0)) ||
        (want === '\n\n' && text.charCodeAt(runStart + 1) !== 10)
      ) {
        out += text.slice(copied, runStart) + want;
        copied = i;
        changed = true;
      }
      runStart = -1;
    }
  }
  if (runStart !== -1) {
    // Trailing whitespace is trimmed.
    out += text.slice(copied, runStart);
    return out;
  }
  return changed ? out + text.slice(copied) : text;
}

/** Whitespace `trim` removes, bidi controls `cleanText` removes, at or above U+1680. */
function isSpecialUnicode(c: number): boolean {
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202f) ||
    c === 0x205f ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function tidyFull(text: string): string {
  return cleanText(text)
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Remove characters that only hurt when the text is shown: C0/C1 controls (except newline
 * and tab) and bidi overrides/isolates, which can make a post display as something else.
 */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Cut a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * An http(s) URL that `new URL(raw).toString()` gives back unchanged: lower-case DNS host
 * whose last label starts with a letter (so never an IPv4 number), no "xn--", port, userinfo,
 * query, fragment, dot segment, '%' or '\\'. Post URLs are nearly all like this; anything
 * else goes through the URL parser.
 */
// eslint-disable-next-line security/detect-unsafe-regex -- every label repeat ends in '.' or '-': linear
const PLAIN_URL = /^https?:\/\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)*[a-z][a-z0-9]*(?:-[a-z0-9]+)*\/[A-Za-z0-9_~@/-]*$/;

/** Only http(s) URLs survive: a `javascript:` link from a post must never reach the UI. */
export function safeUrl(raw: string | null | undefined, base?: string): string | null {
  if (!raw) return null;
  if (base === undefined && raw.length <= 2048 && PLAIN_URL.test(raw)) return raw;
  try {
    const url = base ? new URL(raw, base) : new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    const s = url.toString();
    return s.length <= 2048 ? s : null;
  } catch {
    return null;
  }
}

/** Engagement counts from untrusted JSON: non-negative integers or absent. */
export function toCount(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  return Math.min(Math.trunc(n), Number.MAX_SAFE_INTEGER);
}

/** Enforce the NormalizedPost field limits so one odd post never makes ingest reject a batch. */
export function boundPost(p: NormalizedPost): NormalizedPost {
  const lang = p.lang ? p.lang.trim().slice(0, 16) || null : null;
  // Absent counters are left out rather than kept as undefined (a plain loop: this runs per post).
  const engagement: NormalizedPost['engagement'] = {};
  const e = p.engagement;
  if (e.likes !== undefined) engagement.likes = e.likes;
  if (e.reposts !== undefined) engagement.reposts = e.reposts;
  if (e.replies !== undefined) engagement.replies = e.replies;
  if (e.quotes !== undefined) engagement.quotes = e.quotes;
  // Every field by name, no spread: spreading a post costs more than all the checks here.
  return {
    source: p.source.length <= 100 ? p.source : p.source.slice(0, 100),
    externalId: p.externalId.length <= 512 ? p.externalId : p.externalId.slice(0, 512),
    url: p.url && p.url.length <= 2048 ? p.url : null,
    author: truncate(cleanText(p.author), 512),
    text: truncate(p.text, 100_000),
    lang,
    createdAt: p.createdAt,
    fetchedAt: p.fetchedAt,
    engagement,
  };
}
