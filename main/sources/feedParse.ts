/**
 * RSS 2.0 / RSS 1.0 (RDF) / Atom 1.0 → a flat list of items, handling the quirks listed in
 * connectors.md §7. Pure: no I/O, no clock (the caller passes `fetchedAt`), so every quirk is
 * testable on a string.
 *
 * Safety: the parser runs with entity processing off and the DOCTYPE removed beforehand, so a
 * billion-laughs document is just text; we decode the five XML entities ourselves.
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { SourceError } from './types.js';
import { decodeXmlContent, normalizeWhitespace } from './feedText.js';
import { htmlToText, truncate } from './html.js';
import { parseFeedDate } from './feedDates.js';
import { looksLikeHtmlText } from './feedHttp.js';

export interface FeedItem {
  /** guid / Atom id / canonical link / content hash, in that order of preference. */
  id: string;
  url: string | null;
  /** `url` with tracking parameters removed; used to spot the same article under a new guid. */
  compareUrl: string | null;
  title: string;
  body: string;
  author: string;
  lang: string | null;
  /** Epoch ms UTC, or the fetch time when the feed's date could not be parsed (see flag). */
  publishedAt: number;
  /** True when `publishedAt` is the fetch time because the feed gave no usable date. */
  dateEstimated: boolean;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  title: string;
  /** RSS `<ttl>` in minutes, when present and sane. */
  ttlMinutes: number | null;
  items: FeedItem[];
}

type XNode = Record<string, unknown>;

// Raw (unparsed) content is kept for every element that may carry markup, so we decide per
// element and per Atom @type how to decode it, rather than the parser guessing.
const TEXT_NODES = ['title', 'description', 'content:encoded', 'content', 'summary', 'subtitle', 'link'];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  stopNodes: TEXT_NODES.map((n) => `*.${n}`),
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name === 'author',
});

const TRACKING_PARAM = /^(?:utm_[a-z0-9_]*|fbclid|gclid|mc_cid|mc_eid)$/i;

/** Absolute URL with utm_* and click-id parameters removed, or null when not a URL. */
export function canonicalUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    for (const key of [...u.searchParams.keys()]) if (TRACKING_PARAM.test(key)) u.searchParams.delete(key);
    return u.href;
  } catch {
    return null;
  }
}

function resolveUrl(ref: string | null, base: string | null): string | null {
  if (!ref) return null;
  try {
    return base ? new URL(ref, base).href : new URL(ref).href;
  } catch {
    return null;
  }
}

function isNode(v: unknown): v is XNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

/** The raw text of an element (still XML-escaped), or null when absent. */
function raw(v: unknown): string | null {
  const n = first(v);
  if (n === undefined || n === null) return null;
  if (typeof n === 'string') return n;
  if (typeof n === 'number' || typeof n === 'boolean') return String(n);
  if (isNode(n)) return raw(n['#text']) ?? '';
  return null;
}

function attr(v: unknown, name: string): string | null {
  const n = first(v);
  if (!isNode(n)) return null;
  const a = n[`@_${name}`];
  return typeof a === 'string' ? decodeXmlContent(a).trim() : null;
}

/** Plain element text (guid, dates, names): one layer of XML decoding, whitespace collapsed. */
function plain(v: unknown): string | null {
  const r = raw(v);
  if (r === null) return null;
  const s = normalizeWhitespace(decodeXmlContent(r));
  return s === '' ? null : s;
}

/**
 * Titles: XML-decode, then treat as HTML. That covers Atom type="html", escaped markup in RSS
 * titles (common, though the Profile says plain text) and double escaping (`&amp;amp;`).
 */
function titleText(v: unknown): string {
  const r = raw(v);
  if (r === null) return '';
  return attr(v, 'type') === 'xhtml' ? htmlToText(r) : htmlToText(decodeXmlContent(r));
}

/** Bodies: RSS description is escaped HTML; Atom content follows its @type. */
function bodyText(v: unknown, atom: boolean): string {
  const r = raw(v);
  if (r === null) return '';
  const type = (attr(v, 'type') ?? 'text').toLowerCase();
  if (type === 'xhtml') return htmlToText(r);
  if (!atom || type === 'html' || type.includes('html')) return htmlToText(decodeXmlContent(r));
  if (type === 'text' || type.startsWith('text/')) return normalizeWhitespace(decodeXmlContent(r));
  return ''; // base64 media and other non-text content is not a post body
}

function contentHash(...parts: (string | null)[]): string {
  return (
    'sha256:' +
    createHash('sha256')
      .update(parts.map((p) => p ?? '').join('\u0000'))
      .digest('hex')
      .slice(0, 40)
  );
}

function langOf(v: string | null): string | null {
  if (!v) return null;
  const s = v.trim().toLowerCase();
  // eslint-disable-next-line security/detect-unsafe-regex -- '-' separates the repeats: linear
  return /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(s) ? truncate(s, 16) : null;
}

function datePair(candidates: (string | null)[], fetchedAt: number): { publishedAt: number; dateEstimated: boolean } {
  for (const c of candidates) {
    const t = parseFeedDate(c);
    if (t !== null) return { publishedAt: t, dateEstimated: false };
  }
  return { publishedAt: fetchedAt, dateEstimated: true };
}

function joinBody(...parts: string[]): string {
  const out: string[] = [];
  for (const p of parts) if (p && !out.some((o) => o.includes(p))) out.push(p);
  return out.join('\n');
}

function rssItems(items: unknown[], base: string | null, channelLang: string | null, feedTitle: string, fetchedAt: number): FeedItem[] {
  const out: FeedItem[] = [];
  for (const it of items) {
    if (!isNode(it)) continue;
    const itemBase = resolveUrl(attr(it, 'xml:base'), base) ?? base;
    const title = titleText(it['title']);
    const description = bodyText(it['description'], false);
    const encoded = bodyText(it['content:encoded'], false);
    const links = Array.isArray(it['link']) ? it['link'] : [];
    const linkRaw = links.map((l) => plain(l)).find((l): l is string => !!l) ?? null;
    const guid = plain(it['guid']);
    // isPermaLink defaults to true; "false" makes the guid an opaque id, never a URL.
    const guidIsLink = guid !== null && attr(it['guid'], 'isPermaLink')?.toLowerCase() !== 'false';
    const url = resolveUrl(linkRaw, itemBase) ?? (guidIsLink ? resolveUrl(guid, itemBase) : null);
    const compareUrl = url ? canonicalUrl(url) : null;
    const dateRaw = plain(it['pubDate']) ?? plain(it['dc:date']);
    if (!title && !description && !encoded) continue; // the spec requires one of them
    out.push({
      id: truncate(guid ?? compareUrl ?? contentHash(title, dateRaw, description), 512),
      url: compareUrl ?? url,
      compareUrl,
      title,
      body: joinBody(description, encoded),
      author: truncate(plain(it['dc:creator']) ?? plain(first(it['author'])) ?? feedTitle, 512),
      lang: langOf(plain(it['dc:language'])) ?? channelLang,
      ...datePair([dateRaw], fetchedAt),
    });
  }
  return out;
}

function atomAlternate(links: unknown, base: string | null): string | null {
  const list = (Array.isArray(links) ? links : [links]).filter(isNode);
  const alternates = list.filter((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  const pick = alternates.find((l) => (attr(l, 'type') ?? 'text/html').includes('html')) ?? alternates[0];
  if (!pick) return null;
  const linkBase = resolveUrl(attr(pick, 'xml:base'), base) ?? base;
  return resolveUrl(attr(pick, 'href'), linkBase);
}

function atomAuthor(v: unknown): string | null {
  return isNode(first(v)) ? plain((first(v) as XNode)['name']) : null;
}

function atomEntries(feed: XNode, docUrl: string, fetchedAt: number): ParsedFeed {
  const feedBase = resolveUrl(attr(feed, 'xml:base'), docUrl) ?? docUrl;
  const feedLang = langOf(attr(feed, 'xml:lang'));
  const feedTitle = titleText(feed['title']);
  const feedAuthor = atomAuthor(feed['author']) ?? feedTitle;
  const entries = Array.isArray(feed['entry']) ? feed['entry'] : [];
  const items: FeedItem[] = [];
  for (const e of entries) {
    if (!isNode(e)) continue;
    const base = resolveUrl(attr(e, 'xml:base'), feedBase) ?? feedBase;
    const url = atomAlternate(e['link'], base);
    const compareUrl = url ? canonicalUrl(url) : null;
    const title = titleText(e['title']);
    const content = first(e['content']);
    // Out-of-line content (@src) has no text for us; the summary stands in for it.
    const body =
      isNode(content) && attr(content, 'src') ? bodyText(e['summary'], true) : bodyText(content, true) || bodyText(e['summary'], true);
    const updated = plain(e['updated']) ?? plain(e['modified']);
    const published = plain(e['published']) ?? plain(e['issued']);
    const source = isNode(e['source']) ? (e['source'] as XNode) : null;
    items.push({
      id: truncate(plain(e['id']) ?? compareUrl ?? contentHash(title, updated, body), 512),
      url: compareUrl ?? url,
      compareUrl,
      title,
      body,
      author: truncate(atomAuthor(e['author']) ?? (source ? atomAuthor(source['author']) : null) ?? feedAuthor, 512),
      lang: langOf(attr(e, 'xml:lang')) ?? feedLang,
      ...datePair([published, updated], fetchedAt),
    });
  }
  return { format: 'atom', title: feedTitle, ttlMinutes: null, items };
}

/** Drops a leading BOM/whitespace and any DOCTYPE (with its internal subset) before parsing. */
export function prepareXml(xml: string): string {
  return stripDoctypes(xml.replace(/^[\uFEFF\s]+/, ''));
}

const DOCTYPE = /<!DOCTYPE/gi;
const SUBSET_END = /\]\s*>/g;

/**
 * Removes every `<!DOCTYPE …>` and `<!DOCTYPE …[subset]>`, as the pattern
 * /<!DOCTYPE[^[>]*(?:\[[\s\S]*?\]\s*)?>/gi would, in one pass: that pattern rescans to the
 * end for each unterminated DOCTYPE, so a 5 MB feed of them took minutes (security/detect-unsafe-regex).
 */
function stripDoctypes(xml: string): string {
  let out = '';
  let kept = 0;
  // Where the next `]…>` is, once looked up: later DOCTYPEs share the answer.
  let subsetEnd: RegExpExecArray | null | undefined;
  let stop = -1;
  DOCTYPE.lastIndex = 0;
  for (let m = DOCTYPE.exec(xml); m; m = DOCTYPE.exec(xml)) {
    // No '[' or '>' lies between an earlier DOCTYPE and its stop, so a later one inside that span shares it.
    if (stop < m.index) {
      stop = m.index + m[0].length;
      while (stop < xml.length && xml[stop] !== '[' && xml[stop] !== '>') stop++;
    }
    if (stop === xml.length) break;
    let end = stop + 1;
    if (xml[stop] === '[') {
      if (subsetEnd === undefined || (subsetEnd !== null && subsetEnd.index <= stop)) {
        SUBSET_END.lastIndex = stop + 1;
        subsetEnd = SUBSET_END.exec(xml);
      }
      if (subsetEnd === null) continue;
      end = subsetEnd.index + subsetEnd[0].length;
    }
    out += xml.slice(kept, m.index);
    kept = end;
    DOCTYPE.lastIndex = end;
  }
  return out + xml.slice(kept);
}

/** Only whitespace, comments and processing instructions may follow the root's end tag. */
// eslint-disable-next-line security/detect-unsafe-regex -- each alternative starts with its own character: linear
const AFTER_ROOT = /^\s*>(?:\s|<!--(?:(?!-->)[\s\S])*-->|<\?(?:(?!\?>)[\s\S])*\?>)*$/;

/**
 * The parser accepts a document that stops mid-way (a dropped connection, a proxy's partial
 * 200) and returns the items read so far, some of them cut short. A feed whose root element
 * never closes was truncated: refuse it, so its validators are not kept and it is read again.
 */
function assertRootClosed(xml: string, root: string): void {
  const end = xml.lastIndexOf(`</${root}`);
  if (end < 0 || !AFTER_ROOT.test(xml.slice(end + root.length + 2))) {
    throw new SourceError('malformed', `The feed is not well-formed XML (it ends before </${root}>; the download was probably cut off)`);
  }
}

/** Parses any supported feed. Throws SourceError('malformed') for anything else. */
export function parseFeed(xml: string, documentUrl: string, fetchedAt: number): ParsedFeed {
  const text = prepareXml(xml);
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (err) {
    const why = err instanceof Error ? truncate(err.message.split('\n')[0] ?? '', 120) : 'parse error';
    throw new SourceError('malformed', `The feed is not well-formed XML (${why})`);
  }
  if (!isNode(doc)) throw new SourceError('malformed', 'The feed is empty');
  const rss = doc['rss'];
  const rdf = doc['rdf:RDF'];
  const feed = doc['feed'];
  if (isNode(feed)) {
    assertRootClosed(text, 'feed');
    return atomEntries(feed, documentUrl, fetchedAt);
  }
  const root = isNode(rss) ? rss : isNode(rdf) ? rdf : null;
  if (!root) {
    const what = looksLikeHtmlText(xml) ? 'an HTML page' : 'XML that is neither RSS nor Atom';
    throw new SourceError('malformed', `The feed URL returned ${what}`);
  }
  assertRootClosed(text, isNode(rss) ? 'rss' : 'rdf:RDF');
  const channel = isNode(root['channel']) ? (root['channel'] as XNode) : {};
  const channelLink = (Array.isArray(channel['link']) ? channel['link'] : []).map((l) => plain(l)).find((l) => !!l) ?? null;
  const base = resolveUrl(attr(channel, 'xml:base'), documentUrl) ?? resolveUrl(channelLink, documentUrl) ?? documentUrl;
  const title = titleText(channel['title']);
  const ttl = Number(plain(channel['ttl']));
  // RSS 1.0 puts items beside the channel, RSS 2.0 inside it.
  const rawItems = isNode(rss) ? channel['item'] : root['item'];
  const items = rssItems(
    Array.isArray(rawItems) ? rawItems : [],
    base,
    langOf(plain(channel['language']) ?? plain(channel['dc:language'])),
    title,
    fetchedAt,
  );
  return {
    format: isNode(rss) ? 'rss' : 'rdf',
    title,
    ttlMinutes: Number.isInteger(ttl) && ttl > 0 ? ttl : null,
    items,
  };
}
