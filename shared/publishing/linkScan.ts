/**
 * Finds links in post text in one pass, linear in the text's length. The pattern it follows
 * (kept as the reference in test/shared/publishing/linkScan.property.test.ts) is
 *
 *   \b(?:https?://[^\s<>"]+ | www\.[^\s<>"]+ | LABEL+(?:\.LABEL+)*\.TLD(?:/[^\s<>"]*)?)   (flags giu)
 *
 * where LABEL is [a-z0-9-]. As a regular expression it is quadratic at worst: on "a.a.a…" or
 * "a-a-a…" every word boundary starts the dotted-name branch again over the whole run (about
 * 80 ms on a 10,000-character post). Here a run of dotted names that makes no link is read
 * once, not again from every start inside it. Each character test is a one-character regular expression
 * with the same flags, so case folding (`ſ`, the Kelvin sign) and word boundaries agree with
 * the pattern exactly.
 */

export interface LinkMatch {
  /** Where the match starts in the text (UTF-16 index). */
  index: number;
  /** The matched text, before trailing punctuation is taken off. */
  value: string;
}

const BOUNDARY = /\b/iuy;
const SCHEME = /https?:\/\//iuy;
const WWW = /www\./iuy;
const URL_CHARS = /[^\s<>"]+/iuy;
const LABEL_CHARS = /[a-z0-9-]+/iuy;
// Tried in this order, as the pattern's alternation is (com before co, dev before de).
const TLD = /(?:com|org|net|io|co|dev|app|ly|me|info|biz|uk|de|fr|eu|us|ca|gg|tv|ai|social)/iuy;

/** Where a sticky pattern's match at `at` ends, or -1 when it does not match there. */
function endOf(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/**
 * The dotted-name branch at `from`: the link's end, or where the run of dotted names it read
 * ends when it makes no link (-1 and the start: no name there). The pattern gives names back
 * from the right, so the link ends after the last "." in the run followed by a known TLD.
 */
function readNames(text: string, from: number): { linkEnd: number; runEnd: number } {
  const first = endOf(LABEL_CHARS, text, from);
  if (first < 0) return { linkEnd: -1, runEnd: from };
  const ends = [first];
  for (;;) {
    const last = ends[ends.length - 1]!;
    if (text[last] !== '.') break;
    const next = endOf(LABEL_CHARS, text, last + 1);
    if (next < 0) break;
    ends.push(next);
  }
  for (let i = ends.length - 1; i >= 0; i--) {
    const dot = ends[i]!;
    if (text[dot] !== '.') continue;
    const tldEnd = endOf(TLD, text, dot + 1);
    if (tldEnd < 0) continue;
    if (text[tldEnd] !== '/') return { linkEnd: tldEnd, runEnd: tldEnd };
    const path = endOf(URL_CHARS, text, tldEnd + 1);
    return { linkEnd: path < 0 ? tldEnd + 1 : path, runEnd: tldEnd };
  }
  return { linkEnd: -1, runEnd: ends[ends.length - 1]! };
}

/** Every match of the pattern above, left to right, none overlapping (as `matchAll` gives them). */
export function findLinks(text: string): LinkMatch[] {
  const found: LinkMatch[] = [];
  // A run of names read without finding a link has none starting anywhere inside it either:
  // from a later name the pattern sees the same dots and TLDs. Not read again.
  let noNameLinkBefore = 0;
  let at = 0;
  while (at < text.length) {
    let end = -1;
    if (endOf(BOUNDARY, text, at) >= 0) {
      const scheme = Math.max(endOf(SCHEME, text, at), endOf(WWW, text, at));
      if (scheme >= 0) end = endOf(URL_CHARS, text, scheme);
      if (end < 0 && at >= noNameLinkBefore) {
        const names = readNames(text, at);
        if (names.linkEnd >= 0) end = names.linkEnd;
        else noNameLinkBefore = names.runEnd;
      }
    }
    if (end > at) {
      found.push({ index: at, value: text.slice(at, end) });
      at = end;
    } else {
      // As the pattern does with the u flag: the next start is the next code point.
      const code = text.charCodeAt(at);
      const next = text.charCodeAt(at + 1);
      at += code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
    }
  }
  return found;
}

/** `value` without trailing punctuation (a link is rarely meant to end in "." or ")"). */
export function trimTrailing(value: string): string {
  let end = value.length;
  while (end > 0 && `.,;:!?)]}'"`.includes(value[end - 1]!)) end--;
  return value.slice(0, end);
}
