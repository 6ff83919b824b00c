/**
 * HTML → plain text for post content from every connector.
 *
 * Text from the outside is data: this never builds a DOM, never evaluates anything and
 * never keeps markup. It is a single forward scan (no backtracking regexes) so hostile
 * input cannot make it slow: the fuzz budget is 1 s per input.
 */
import type { NormalizedPost } from '../../shared/domain.js';

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»',
  copy: '©', reg: '®', trade: '™', euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°',
  middot: '·', bull: '•', times: '×', divide: '÷', zwj: '\u200d', zwnj: '\u200c',
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
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  // Once no '>' is left, every later '<' is literal text: remembering that keeps the scan linear.
  let noMoreGt = false;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1 || noMoreGt) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    const next = html.charCodeAt(lt + 1);
    const isTagStart = (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 47 || next === 33 || next === 63;
    if (!isTagStart) {
      out += '<';
      i = lt + 1;
      continue;
    }
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) {
      noMoreGt = true;
      out += html.slice(lt);
      break;
    }
    const nameMatch = /^\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(lt + 1, Math.min(gt, lt + 40)));
    const name = nameMatch?.[1]?.toLowerCase() ?? '';
    const closing = html[lt + 1] === '/';
    i = gt + 1;
    if (!closing && DROP_CONTENT.has(name)) {
      const end = lower.indexOf(`</${name}`, i);
      if (end === -1) {
        i = html.length;
      } else {
        const endGt = html.indexOf('>', end);
        i = endGt === -1 ? html.length : endGt + 1;
      }
      continue;
    }
    if (BLOCK_TAGS.has(name)) out += '\n';
  }
  return tidy(decodeEntities(out));
}

/** Collapse runs of spaces, keep paragraph breaks, trim. */
function tidy(text: string): string {
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
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Cut a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Only http(s) URLs survive: a `javascript:` link from a post must never reach the UI. */
export function safeUrl(raw: string | null | undefined, base?: string): string | null {
  if (!raw) return null;
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
  return {
    ...p,
    source: p.source.slice(0, 100),
    externalId: p.externalId.slice(0, 512),
    url: p.url && p.url.length <= 2048 ? p.url : null,
    author: truncate(cleanText(p.author), 512),
    text: truncate(p.text, 100_000),
    lang,
    engagement: Object.fromEntries(Object.entries(p.engagement).filter(([, v]) => v !== undefined)),
  };
}
