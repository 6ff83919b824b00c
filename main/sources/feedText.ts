/**
 * XML text decoding for the feed parser. HTML → text itself lives in html.ts; this is the
 * layer below it: element content as the XML parser hands it over, still escaped.
 */
import { cleanText } from './html.js';

function codePointToString(cp: number): string | null {
  // Surrogates, NUL and out-of-range values are what fuzzers send; drop them rather than throw.
  if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return String.fromCodePoint(cp);
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes one layer of XML escaping in raw element content: the five predefined entities,
 * character references, and CDATA sections (whose content is literal). Custom DTD entities
 * are never expanded: that is how billion-laughs documents stay harmless.
 */
export function decodeXmlContent(raw: string): string {
  let out = '';
  let pos = 0;
  while (pos < raw.length) {
    const start = raw.indexOf('<![CDATA[', pos);
    if (start === -1) {
      out += decodeXmlEntities(raw.slice(pos));
      break;
    }
    out += decodeXmlEntities(raw.slice(pos, start));
    const end = raw.indexOf(']]>', start + 9);
    if (end === -1) {
      out += raw.slice(start + 9);
      break;
    }
    out += raw.slice(start + 9, end);
    pos = end + 3;
  }
  return out;
}

function decodeXmlEntities(input: string): string {
  if (!input.includes('&')) return input;
  return input.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|amp|lt|gt|quot|apos);/g, (_whole, ref: string) => {
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      return codePointToString(Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10)) ?? '';
    }
    return XML_ENTITIES[ref] ?? '';
  });
}

/** Collapses runs of spaces/tabs, keeps single line breaks, trims. */
export function normalizeWhitespace(s: string): string {
  // cleanText drops control characters and bidi overrides, which only hurt when displayed.
  return cleanText(s)
    .replace(/[ \t\u00a0\u2000-\u200b\u3000]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim();
}
