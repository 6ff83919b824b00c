/**
 * The hand-tuned paths of ingest (HTML → text, timestamps, Mastodon status guard, post
 * bounds) against the plain implementations they replaced, which stay here as the oracle:
 * on any input the two must agree exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundPost, cleanText, decodeEntities, htmlToText, safeUrl, truncate } from '../../../main/sources/html.js';
import { quickStatus, status } from '../../../main/sources/mastodon.js';
import { parseTimestamp } from '../../../main/sources/time.js';
import type { NormalizedPost } from '../../../shared/domain.js';

// ---- the reference implementations (verbatim from before the fast paths) ----

const BLOCK_TAGS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'hr']);
const DROP_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math']);

function referenceHtmlToText(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
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
  return cleanText(decodeEntities(out))
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,12}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

function referenceParseTimestamp(raw: string): number | null {
  const m = ISO.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  if (hour === 24 && (minute !== 0 || second !== 0)) return null;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return Number.isFinite(t) ? t : null;
}

function referenceSafeUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    const s = url.toString();
    return s.length <= 2048 ? s : null;
  } catch {
    return null;
  }
}

function referenceBoundPost(p: NormalizedPost): NormalizedPost {
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

// ---- generators ----

/** Pieces real and hostile post HTML is made of, so random strings hit every branch. */
const htmlPiece = fc.oneof(
  fc.constantFrom(
    '<p>',
    '</p>',
    '<br>',
    '<br/>',
    '<BR />',
    '<a href="https://x.example/@a" class="u-url mention">',
    '</a>',
    '<span class="h-card">',
    '</span>',
    '<script>',
    '</script>',
    '</SCRIPT >',
    '<style>',
    '</style>',
    '<svg>',
    '</svg',
    '<!--',
    '-->',
    '<!doctype html>',
    '<?xml?>',
    '< ',
    '<',
    '>',
    '</',
    '<1',
    '<blockquote>',
    '</blockquote>',
    '<h1>',
    '<li>',
    '<x-very-long-custom-element-name-that-goes-on-and-on>',
    '&amp;',
    '&#39;',
    '&lt;',
    '&gt;',
    '&nbsp;',
    '&#10;',
    '&#13;',
    '&#x202e;',
    '&#0;',
    '&bogus;',
    '&',
    ';',
    ' ',
    '  ',
    '\n',
    '\n\n\n',
    '\t',
    '\r\n',
    '\u00a0',
    '\u2003',
    '\u2028',
    '\ufeff',
    '\u202e',
    '\u0007',
    '\u0085',
    'İ',
    'ß',
    '🎉',
    'a',
    'B',
    '#outage',
    "can't",
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const htmlLike = fc.array(htmlPiece, { maxLength: 40 }).map((parts) => parts.join(''));

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
const timestampLike = fc
  .tuple(
    fc.oneof(digits(4), fc.constantFrom('2025', '2024', '1900', '2000', '2100', '0004', '0099', '0100', '9999')),
    fc.oneof(digits(2), fc.constantFrom('01', '02', '12', '13', '00')),
    fc.oneof(digits(2), fc.constantFrom('28', '29', '30', '31', '00')),
    fc.constantFrom('T', 't', ' ', 'X'),
    fc.oneof(digits(2), fc.constantFrom('00', '23', '24')),
    fc.oneof(digits(2), fc.constantFrom('00', '59', '60')),
    fc.oneof(digits(2), fc.constantFrom('00', '59', '60', '61')),
    fc.oneof(
      fc.constant(''),
      fc
        .integer({ min: 0, max: 14 })
        .chain((k) => digits(k))
        .map((d) => `.${d}`),
      fc.constantFrom(',5', '.', '.1a'),
    ),
    fc.constantFrom('Z', 'z', '', '+02:00', '-0500', '+24:00', ' Z', 'ZZ'),
    fc.constantFrom('', ' ', '\n'),
  )
  .map(([y, mo, d, t, h, mi, s, frac, zone, pad]) => `${pad}${y}-${mo}-${d}${t}${h}:${mi}:${s}${frac}${zone}`);

const jsonValue = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constant(''),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(undefined),
  fc.constant('12'),
);
/** Mostly what a server sends (text, null, absent), sometimes anything: both paths get exercised. */
const textish = fc.oneof(
  { arbitrary: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null), fc.constant(undefined)), weight: 30 },
  { arbitrary: jsonValue, weight: 1 },
);
const accountLike = fc.oneof(
  { arbitrary: fc.record({ acct: textish, username: textish, url: textish, id: jsonValue }, { requiredKeys: [] }), weight: 10 },
  { arbitrary: jsonValue, weight: 1 },
);
const statusFields = {
  id: fc.oneof(
    { arbitrary: fc.string({ minLength: 1, maxLength: 20 }), weight: 10 },
    { arbitrary: fc.oneof(fc.constant(''), fc.integer(), fc.double(), fc.constant(null), fc.constant([])), weight: 2 },
  ),
  created_at: textish,
  content: fc.oneof(textish, htmlLike),
  spoiler_text: textish,
  language: textish,
  url: textish,
  uri: textish,
  replies_count: jsonValue,
  reblogs_count: jsonValue,
  favourites_count: jsonValue,
  quotes_count: jsonValue,
  account: accountLike,
  visibility: jsonValue,
  media_attachments: jsonValue,
};
const coreLike = fc.record(statusFields, { requiredKeys: ['id'] });
const statusLike = fc.oneof(
  { arbitrary: fc.record({ ...statusFields, reblog: fc.oneof(coreLike, jsonValue) }, { requiredKeys: ['id'] }), weight: 10 },
  { arbitrary: fc.record({ ...statusFields, reblog: fc.oneof(coreLike, jsonValue) }, { requiredKeys: [] }), weight: 1 },
  { arbitrary: jsonValue, weight: 1 },
);

const urlLike = fc
  .tuple(
    fc.constantFrom('https://', 'http://', 'HTTPS://', 'ftp://', 'javascript:', 'https:/', ''),
    fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'mastodon',
            'example',
            'social',
            'xn--zz',
            'xn--bcher-kva',
            'a-b',
            '-a',
            'a--b',
            '0x7f',
            '127',
            '1',
            'ß',
            'Ex',
            'localhost',
            '',
          ),
          fc.string({ unit: fc.constantFrom(...'abz09-_.'), maxLength: 5 }),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((labels) => labels.join('.')),
    fc.constantFrom('', '.', ':443', ':8080', '@evil.example', ':'),
    fc
      .array(
        fc.oneof(
          fc.constantFrom('/', '/@user', '/users', '/123', '/.', '/..', '/%2e', '/%41', '/a b', '/\\', '\t', '?q=1', '#f', '/~x', '/-_'),
          fc.string({ unit: fc.constantFrom(...'aZ09-_~@/.%\\ '), maxLength: 4 }),
        ),
        { maxLength: 5 },
      )
      .map((parts) => parts.join('')),
  )
  .map(([scheme, host, port, path]) => `${scheme}${host}${port}${path}`);

/** Near the fast path's edge: plain post URLs with one odd piece now and then. */
const plainishUrl = fc
  .tuple(
    fc.constantFrom('https://', 'http://'),
    fc
      .array(fc.string({ unit: fc.constantFrom(...'abcxn019-'), minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 })
      .map((l) => l.join('.')),
    fc.string({ unit: fc.constantFrom(...'/@aZ09-_~./%'), maxLength: 12 }),
  )
  .map(([scheme, host, path]) => `${scheme}${host}/${path}`);

// ---- the properties ----

describe('fast paths equal the reference implementations', () => {
  it('htmlToText', () => {
    fc.assert(
      fc.property(htmlLike, (html) => {
        expect(htmlToText(html)).toBe(referenceHtmlToText(html));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(htmlToText(s)).toBe(referenceHtmlToText(s));
      }),
      { numRuns: 5_000 },
    );
  });

  it('htmlToText on the shapes Mastodon sends', () => {
    const samples = [
      '<p>Is <a href="https://acme.example">@acme</a> down? can&#39;t log in, getting <b>503</b> #outage</p>',
      '<p>Loving the new Acme Cloud dashboard 🎉 <span class="h-card">@acme</span></p>',
      '<p>one</p><p>two<br />three</p>',
      '<p>  spaced   out  </p>\n<p></p><p></p><p>x</p>',
      '',
      'plain',
      ' \n ',
    ];
    for (const s of samples) expect(htmlToText(s)).toBe(referenceHtmlToText(s));
  });

  it('parseTimestamp', () => {
    fc.assert(
      fc.property(fc.oneof(timestampLike, fc.string({ maxLength: 34 })), (raw) => {
        expect(parseTimestamp(raw)).toBe(referenceParseTimestamp(raw));
      }),
      { numRuns: 30_000 },
    );
    for (const raw of [
      '2024-02-29T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2000-02-29T23:59:60.999Z',
      '2025-05-14T24:00:00Z',
      '0050-02-29T00:00:00Z',
    ]) {
      expect(parseTimestamp(raw)).toBe(referenceParseTimestamp(raw));
    }
  });

  it('quickStatus returns what the status schema does, or leaves the item to it', () => {
    let quick = 0;
    fc.assert(
      fc.property(statusLike, (item) => {
        const fast = quickStatus(item);
        if (fast === undefined) return;
        quick++;
        const r = status.safeParse(item);
        expect(r.success).toBe(true);
        // Equal up to absent vs undefined keys, which no reader can tell apart.
        expect(fast).toEqual(r.data);
      }),
      { numRuns: 20_000 },
    );
    // The generator must reach the fast path often, or this proves nothing.
    expect(quick).toBeGreaterThan(2_000);
  });

  it('safeUrl', () => {
    let plain = 0;
    fc.assert(
      fc.property(fc.oneof(urlLike, plainishUrl, fc.string()), (raw) => {
        const out = safeUrl(raw);
        expect(out).toBe(referenceSafeUrl(raw));
        if (out === raw) plain++;
      }),
      { numRuns: 30_000 },
    );
    expect(plain).toBeGreaterThan(1_000);
    // Hostile hosts stay linear in the fast check.
    for (const raw of [`https://${'a.'.repeat(1000)}`, `https://${'a-'.repeat(1000)}`, `https://${'a'.repeat(2000)}.`]) {
      const t = Date.now();
      expect(safeUrl(raw)).toBe(referenceSafeUrl(raw));
      expect(Date.now() - t).toBeLessThan(100);
    }
    expect(safeUrl('https://mastodon.example/@user1/117665641522790439')).toBe('https://mastodon.example/@user1/117665641522790439');
    expect(safeUrl(`https://a.example/${'x'.repeat(2048)}`)).toBeNull();
  });

  it('boundPost', () => {
    const post = fc.record({
      source: fc.string({ maxLength: 120 }),
      externalId: fc.string({ maxLength: 600 }),
      url: fc.option(fc.string({ maxLength: 10 })),
      author: fc.string({ unit: 'binary', maxLength: 20 }),
      text: fc.string({ maxLength: 50 }),
      lang: fc.option(fc.string({ maxLength: 20 })),
      createdAt: fc.integer(),
      fetchedAt: fc.integer(),
      engagement: fc.record(
        {
          likes: fc.option(fc.nat(), { nil: undefined }),
          reposts: fc.option(fc.nat(), { nil: undefined }),
          replies: fc.option(fc.nat(), { nil: undefined }),
          quotes: fc.option(fc.nat(), { nil: undefined }),
        },
        { requiredKeys: [] },
      ),
    });
    fc.assert(
      fc.property(post, (p) => {
        expect(boundPost(p)).toStrictEqual(referenceBoundPost(p));
      }),
      { numRuns: 5_000 },
    );
  });
});
