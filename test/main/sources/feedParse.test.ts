import { describe, expect, it } from 'vitest';
import { canonicalUrl, parseFeed, prepareXml } from '../../../main/sources/feedParse.js';
import { SourceError } from '../../../main/sources/types.js';
import { QUIRKY_ATOM, QUIRKY_RSS, rssDoc } from '../../fixtures/fakes/feeds.js';

const FETCHED = Date.parse('2025-05-14T10:00:00Z');
const DOC = 'https://news.acme-cloud.example/feed.xml';

describe('RSS parsing quirks', () => {
  const feed = parseFeed(QUIRKY_RSS, DOC, FETCHED);
  const [first, second] = feed.items;

  it('keeps a non-permalink guid as an opaque id and strips tracking from the link', () => {
    expect(feed.format).toBe('rss');
    expect(first?.id).toBe('acme-news-2025-0514-001');
    expect(first?.url).toBe('https://news.acme-cloud.example/2025/05/sao-paulo?ref=home');
    expect(first?.author).toBe('Acme Communications');
    expect(first?.body).toBe('The sa-east region is live.');
    expect(first?.lang).toBe('en-us');
    expect(first?.publishedAt).toBe(Date.parse('2025-05-14T09:00:00Z'));
  });

  it('falls back to the link resolved against channel/link when there is no guid', () => {
    expect(second?.id).toBe('https://news.acme-cloud.example/2025/05/spring-promo');
    expect(second?.url).toBe('https://news.acme-cloud.example/2025/05/spring-promo');
  });

  it('unescapes and strips HTML in titles, including double escaping', () => {
    expect(second?.title).toBe('Spring promo: 3 months free on Functions & DB');
  });

  it('normalizes a named US zone to UTC and reads CDATA content as HTML without scripts', () => {
    expect(second?.publishedAt).toBe(Date.parse('2025-05-14T09:05:00Z'));
    expect(second?.dateEstimated).toBe(false);
    expect(second?.body).toBe('Limited time only.\nUse code SPRING25. See pricing');
    expect(second?.author).toBe('Acme Cloud Newsroom');
  });

  it('hashes title + date + description when there is neither guid nor link, stably', () => {
    const doc = rssDoc([{ title: 'Maintenance window', description: 'DB upgrades tonight', pubDate: 'Tue, 13 May 2025 20:00:00 GMT' }]);
    const a = parseFeed(doc, DOC, FETCHED).items[0];
    const b = parseFeed(doc, DOC, FETCHED + 60_000).items[0];
    expect(a?.id).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(a?.id).toBe(b?.id);
    expect(a?.url).toBeNull();
  });

  it('uses a guid as the URL when isPermaLink is absent or true, never when false', () => {
    const doc = rssDoc([
      { title: 'a', guid: 'https://news.acme-cloud.example/a' },
      { title: 'b', guid: 'https://news.acme-cloud.example/b', permaLink: true },
      { title: 'c', guid: 'https://news.acme-cloud.example/c', permaLink: false },
    ]);
    expect(parseFeed(doc, DOC, FETCHED).items.map((i) => i.url)).toEqual([
      'https://news.acme-cloud.example/a',
      'https://news.acme-cloud.example/b',
      null,
    ]);
  });

  it('falls back to the fetch time and flags the item when the date is unusable', () => {
    const doc = rssDoc([
      { title: 'x', guid: 'g1', pubDate: 'sometime last week' },
      { title: 'y', guid: 'g2' },
    ]);
    const items = parseFeed(doc, DOC, FETCHED).items;
    expect(items.map((i) => [i.publishedAt, i.dateEstimated])).toEqual([
      [FETCHED, true],
      [FETCHED, true],
    ]);
  });

  it('resolves a relative channel/link against the document URL', () => {
    const doc = rssDoc([{ title: 'x', link: 'posts/1' }], { link: '/blog/' });
    expect(parseFeed(doc, 'https://acme-cloud.example/blog/rss.xml', FETCHED).items[0]?.url).toBe(
      'https://acme-cloud.example/blog/posts/1',
    );
  });

  it('skips items with neither title nor description', () => {
    const doc = rssDoc([{ link: 'https://x.example/1' }, { title: 'kept' }]);
    expect(parseFeed(doc, DOC, FETCHED).items.map((i) => i.title)).toEqual(['kept']);
  });

  it('reads RDF (RSS 1.0) feeds', () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://x.example/"><title>X</title><link>https://x.example/</link></channel>
      <item rdf:about="https://x.example/1"><title>One</title><link>https://x.example/1</link><dc:date>2025-05-14T09:00:00Z</dc:date></item>
    </rdf:RDF>`;
    const f = parseFeed(rdf, 'https://x.example/rss', FETCHED);
    expect(f.format).toBe('rdf');
    expect(f.items[0]).toMatchObject({ id: 'https://x.example/1', title: 'One', publishedAt: Date.parse('2025-05-14T09:00:00Z') });
  });

  it('reads the ttl', () => {
    expect(parseFeed(rssDoc([], { ttl: 30 }), DOC, FETCHED).ttlMinutes).toBe(30);
    expect(parseFeed(rssDoc([]), DOC, FETCHED).ttlMinutes).toBeNull();
  });
});

describe('Atom parsing quirks', () => {
  const feed = parseFeed(QUIRKY_ATOM, 'https://blog.acme-cloud.example/atom.xml', FETCHED);
  const [first, second] = feed.items;

  it('parses despite a BOM and no XML declaration', () => {
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Acme Cloud Engineering');
    expect(feed.items).toHaveLength(2);
  });

  it('resolves the alternate link against feed-level xml:base and strips utm', () => {
    expect(first?.url).toBe('https://blog.acme-cloud.example/posts/2025/05/cold-starts');
    expect(first?.id).toBe('tag:blog.acme-cloud.example,2025-05-14:/posts/cold-starts');
  });

  it('decodes type="html" titles, then strips tags and the double escape', () => {
    expect(first?.title).toBe('How we cut cold starts by 40% & more');
  });

  it('prefers published, converts offsets to UTC, takes the entry author and feed language', () => {
    expect(first?.publishedAt).toBe(Date.parse('2025-05-14T08:45:00Z'));
    expect(first?.author).toBe('Priya Nair');
    expect(first?.lang).toBe('en');
    expect(first?.body).toBe('A deep dive into our snapshot restore path.');
  });

  it('handles entry-level xml:base, a link without rel, updated only, xhtml content, feed author', () => {
    expect(second?.url).toBe('https://status.acme-cloud.example/incidents/p3mq7w1kx9rb');
    expect(second?.id).toBe('urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a');
    expect(second?.publishedAt).toBe(Date.parse('2025-05-14T07:30:00Z'));
    expect(second?.body).toBe('Root cause was a stale cache & a bad deploy.');
    expect(second?.author).toBe('Acme Engineering');
    expect(second?.lang).toBe('de');
  });
});

describe('hostile and broken documents', () => {
  it('does not expand entities from a DOCTYPE (billion laughs)', () => {
    const levels = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [${levels.join('')}]><rss version="2.0"><channel><title>t</title><item><title>&lol9;</title><description>&lol9;</description><guid>x</guid></item></channel></rss>`;
    const started = performance.now();
    const feed = parseFeed(bomb, DOC, FETCHED);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(feed.items[0]?.title.length).toBeLessThan(50);
    expect(feed.items[0]?.title).not.toContain('lollol');
  });

  it('refuses external entities as well (no file is read)', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><title>t</title><item><title>&xxe;</title><guid>1</guid></item></channel></rss>`;
    expect(parseFeed(xxe, DOC, FETCHED).items[0]?.title).not.toContain('root:');
  });

  it('strips DOCTYPEs in one pass, as the old pattern did, even from 5 MB of unterminated ones', () => {
    // The old /<!DOCTYPE[^[>]*(?:\[[\s\S]*?\]\s*)?>/gi rescanned to the end for each one: minutes here.
    const pattern = (x: string) => x.replace(/^[\uFEFF\s]+/, '').replace(/<!DOCTYPE[^[>]*(?:\[[\s\S]*?\]\s*)?>/gi, '');
    const parts = ['<!DOCTYPE', '<!doctype', ' rss', '[', ']', ' ', '>', 'x', '<a>', ']>', '] >'];
    let seed = 20270301;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      let x = '';
      for (let j = next() % 12; j > 0; j--) x += parts[next() % parts.length];
      expect(prepareXml(x), JSON.stringify(x)).toBe(pattern(x));
    }
    for (const hostile of [
      '<!DOCTYPE['.repeat(500_000),
      '<!DOCTYPE'.repeat(500_000) + '[',
      '<!DOCTYPE a'.repeat(450_000) + '[' + '] '.repeat(10),
    ]) {
      expect(prepareXml(hostile)).toBe(hostile);
    }
  });

  it('calls an HTML page an HTML page', () => {
    const html = '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>';
    expect(() => parseFeed(html, DOC, FETCHED)).toThrowError(/HTML page/);
    try {
      parseFeed(html, DOC, FETCHED);
    } catch (err) {
      expect(err).toBeInstanceOf(SourceError);
      expect((err as SourceError).kind).toBe('malformed');
    }
  });

  it('rejects JSON or plain text as not a feed', () => {
    expect(() => parseFeed('{"items":[]}', DOC, FETCHED)).toThrowError(SourceError);
    expect(() => parseFeed('', DOC, FETCHED)).toThrowError(SourceError);
  });

  it('refuses RSS, RDF and Atom documents cut off before the root element closes', () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://x.example/"><title>X</title></channel><item rdf:about="https://x.example/1"><title>One</title><link>https://x.example/1</link></item></rdf:RDF>`;
    const rss = rssDoc([{ title: 'A', guid: 'g1', pubDate: 'Wed, 14 May 2025 09:00:00 GMT', description: 'whole' }]);
    for (const doc of [QUIRKY_ATOM, rss, rdf]) {
      expect(parseFeed(doc, DOC, FETCHED).items.length).toBeGreaterThan(0);
      for (const cut of [0.4, 0.6, 0.8, 0.99]) {
        expect(() => parseFeed(doc.slice(0, Math.floor(doc.length * cut)), DOC, FETCHED)).toThrowError(/not well-formed XML/);
      }
    }
  });

  it('accepts whitespace, comments and processing instructions after the root element', () => {
    const tail = '\n<!-- generated by Acme CMS in 12 ms -->\n<?cache hit?>\n\n';
    expect(parseFeed(rssDoc([{ title: 'A', guid: 'g1' }]) + tail, DOC, FETCHED).items).toHaveLength(1);
    expect(parseFeed(QUIRKY_ATOM + tail, DOC, FETCHED).items).toHaveLength(2);
    expect(() => parseFeed(rssDoc([{ title: 'A', guid: 'g1' }]) + '<item>', DOC, FETCHED)).toThrowError(SourceError);
  });

  it('compares URLs without utm_* and click ids', () => {
    expect(canonicalUrl('https://a.example/x?utm_source=rss&id=3&UTM_Medium=y&fbclid=abc#top')).toBe('https://a.example/x?id=3#top');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
  });
});
