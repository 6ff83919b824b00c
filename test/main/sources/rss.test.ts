import { afterEach, describe, expect, it } from 'vitest';
import { createRssAdapter } from '../../../main/sources/rss.js';
import { QUIRKY_ATOM, rssDoc, startFeedFake, type FeedFake, type RssItemSpec } from '../../fixtures/fakes/feeds.js';
import { T0, harness } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(): Promise<FeedFake> {
  const f = await startFeedFake();
  cleanups.push(() => f.close());
  return f;
}

const BACKFILL = { maxPosts: 500, maxAgeMs: 3_600_000 };
const rfc = (ms: number) => new Date(ms).toUTCString();
const item = (n: number, atMs: number, extra: Partial<RssItemSpec> = {}): RssItemSpec => ({
  title: `Update ${n}`,
  link: `https://news.acme-cloud.example/${n}`,
  guid: `g-${n}`,
  permaLink: false,
  pubDate: rfc(atMs),
  description: `Body ${n}`,
  ...extra,
});

describe('RSS/Atom adapter', () => {
  it('backfills only recent items on first start, then emits only new ones', async () => {
    const f = await fake();
    f.set('/feed.xml', {
      body: rssDoc([item(1, T0 - 10 * 60_000), item(2, T0 - 3 * 3_600_000), item(3, T0 - 20 * 60_000, { pubDate: 'garbage' })]),
    });
    const h = harness();
    const p = h.poller([createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` })], { backfill: BACKFILL });
    const first = await p.pollNow('news');
    expect(first.ok).toBe(true);
    expect([...h.store.posts.values()].map((x) => x.externalId)).toEqual(['g-1']);
    const post = [...h.store.posts.values()][0];
    expect(post?.text).toBe('Update 1\nBody 1');
    expect(post?.source).toBe('news');
    expect(post?.lang).toBe('en-us');

    h.clock.advance(60_000);
    f.set('/feed.xml', { body: rssDoc([item(4, T0 + 30_000), item(1, T0 - 10 * 60_000), item(2, T0 - 3 * 3_600_000)]) });
    const second = await p.pollNow('news');
    expect(second.fetched).toBe(1);
    expect(h.store.delivered).toBe(2);
  });

  it('sends If-None-Match / If-Modified-Since and treats 304 as nothing new', async () => {
    const f = await fake();
    const lm = 'Wed, 14 May 2025 09:30:00 GMT';
    f.set('/feed.xml', { body: rssDoc([item(1, T0 - 60_000)]), etag: '"v1"', lastModified: lm });
    const h = harness();
    const p = h.poller([createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` })], { backfill: BACKFILL });
    await p.pollNow('news');
    expect(f.server.requests[0]?.headers['if-none-match']).toBeUndefined();
    const notModified = await p.pollNow('news');
    expect(notModified.ok).toBe(true);
    expect(notModified.fetched).toBe(0);
    expect(f.server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(f.server.requests[1]?.headers['if-modified-since']).toBe(lm);

    f.set('/feed.xml', { body: rssDoc([item(2, T0), item(1, T0 - 60_000)]), etag: '"v2"', lastModified: lm });
    const changed = await p.pollNow('news');
    expect(changed.fetched).toBe(1);
    expect(f.server.requests[2]?.headers['if-none-match']).toBe('"v1"');
    await p.pollNow('news');
    expect(f.server.requests[3]?.headers['if-none-match']).toBe('"v2"');
  });

  it('respects the RSS ttl by not fetching before it has passed', async () => {
    const f = await fake();
    f.set('/feed.xml', { body: rssDoc([item(1, T0 - 60_000)], { ttl: 30 }) });
    const h = harness();
    const p = h.poller([createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` })], { backfill: BACKFILL });
    await p.pollNow('news');
    h.clock.advance(10 * 60_000);
    const skipped = await p.pollNow('news');
    expect(skipped.ok).toBe(true);
    expect(f.server.requests).toHaveLength(1);
    h.clock.advance(21 * 60_000);
    await p.pollNow('news');
    expect(f.server.requests).toHaveLength(2);
  });

  it('does not re-emit after a restart, nor when the guid changes but the URL (minus utm) does not', async () => {
    const f = await fake();
    f.set('/feed.xml', { body: rssDoc([item(1, T0 - 60_000, { link: 'https://news.acme-cloud.example/a?utm_source=rss' })]) });
    const h = harness();
    const adapter = () => createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` });
    await h.poller([adapter()], { backfill: BACKFILL }).pollNow('news');
    expect(h.store.delivered).toBe(1);
    f.set('/feed.xml', {
      body: rssDoc([item(99, T0 - 60_000, { link: 'https://news.acme-cloud.example/a?utm_source=twitter', guid: 'new-guid' })]),
    });
    h.clock.advance(60_000);
    const out = await h.poller([adapter()], { backfill: BACKFILL }).pollNow('news');
    expect(out.ok).toBe(true);
    expect(h.store.delivered).toBe(1);
  });

  it('reads an Atom feed served with a BOM and resolves links', async () => {
    const f = await fake();
    f.set('/atom.xml', { body: QUIRKY_ATOM, contentType: 'application/atom+xml' });
    const h = harness({ now: Date.parse('2025-05-14T09:00:00Z') });
    const p = h.poller([createRssAdapter({ name: 'blog', url: `${f.url}/atom.xml` })], {
      backfill: { maxPosts: 500, maxAgeMs: 24 * 3_600_000 },
    });
    const out = await p.pollNow('blog');
    expect(out.fetched).toBe(2);
    const urls = [...h.store.posts.values()].map((x) => x.url).sort();
    expect(urls).toEqual([
      'https://blog.acme-cloud.example/posts/2025/05/cold-starts',
      'https://status.acme-cloud.example/incidents/p3mq7w1kx9rb',
    ]);
  });

  it('clamps dates in the future to the fetch time', async () => {
    const f = await fake();
    f.set('/feed.xml', { body: rssDoc([item(1, T0 - 60_000)]) });
    const h = harness();
    const p = h.poller([createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` })], { backfill: BACKFILL });
    await p.pollNow('news');
    f.set('/feed.xml', { body: rssDoc([item(2, T0 + 86_400_000), item(1, T0 - 60_000)]) });
    await p.pollNow('news');
    const future = [...h.store.posts.values()].find((x) => x.externalId === 'g-2');
    expect(future?.createdAt).toBe(T0);
  });

  it('turns HTTP failures and bad bodies into clear source states', async () => {
    const f = await fake();
    const h = harness({ maxBodyBytes: 1_048_576 });
    const p = h.poller([createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` })], { backfill: BACKFILL });
    const missing = await p.pollNow('news');
    expect(missing.error?.kind).toBe('not_found');

    f.set('/feed.xml', { body: rssDoc([item(1, T0 - 60_000)]) });
    f.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '120' }, body: 'slow down' });
    expect((await p.pollNow('news')).error?.kind).toBe('rate_limited');
    expect(h.states.data.get('news')?.retryAt).toBe(h.clock.now() + 120_000);
    f.server.inject({ kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>' });
    expect((await p.pollNow('news')).error?.kind).toBe('server');
    f.server.inject({ kind: 'html' });
    const html = await p.pollNow('news');
    expect(html.error?.kind).toBe('malformed');
    expect(html.error?.message).toMatch(/HTML/);
    f.server.inject({ kind: 'huge', bytes: 30 * 1_048_576 });
    expect((await p.pollNow('news')).error?.kind).toBe('too_large');

    const ok = await p.pollNow('news');
    expect(ok.ok).toBe(true);
    expect(h.store.posts.size).toBe(1);
  });

  it('keeps the cursor bounded on a feed with many items', async () => {
    const f = await fake();
    const many = Array.from({ length: 1500 }, (_, i) =>
      item(i, T0 - 60_000 - i * 1000, { link: `https://news.acme-cloud.example/p/${i}` }),
    );
    f.set('/feed.xml', { body: rssDoc(many) });
    const h = harness();
    const p = h.poller([createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` })], { backfill: BACKFILL });
    await p.pollNow('news');
    const cursor = h.states.data.get('news')?.cursor ?? '';
    expect(cursor.length).toBeLessThan(60_000);
    expect(h.store.posts.size).toBe(500);
  });
  it('carries validators, ttl and seen items across restarts: no fetch before the ttl, nothing twice, nothing missed', async () => {
    const f = await fake();
    f.set('/feed.xml', { body: rssDoc([item(1, T0 - 60_000)], { ttl: 10 }), etag: '"v1"' });
    const h = harness();
    // Every poll is made by a freshly started poller and adapter over the same state store.
    const poll = () => h.poller([createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` })], { backfill: BACKFILL }).pollNow('news');
    expect((await poll()).fetched).toBe(1);
    h.clock.advance(5 * 60_000);
    const early = await poll();
    expect(early.ok).toBe(true);
    expect(f.server.requests).toHaveLength(1);
    h.clock.advance(6 * 60_000);
    const same = await poll();
    expect(same.fetched).toBe(0);
    expect(f.server.requests).toHaveLength(2);
    expect(f.server.requests[1]?.headers['if-none-match']).toBe('"v1"');

    f.set('/feed.xml', { body: rssDoc([item(3, T0 + 600_000), item(2, T0 + 300_000), item(1, T0 - 60_000)], { ttl: 10 }), etag: '"v2"' });
    h.clock.advance(11 * 60_000);
    const changed = await poll();
    expect(changed.fetched).toBe(2);
    expect(f.server.requests[2]?.headers['if-none-match']).toBe('"v1"');
    h.clock.advance(11 * 60_000);
    expect((await poll()).fetched).toBe(0);
    expect(f.server.requests[3]?.headers['if-none-match']).toBe('"v2"');
    expect([...h.store.posts.keys()].map((k) => k.split('\u0000')[1]).sort()).toEqual(['g-1', 'g-2', 'g-3']);
    expect(h.store.delivered).toBe(3);
  });

  it('refuses a feed cut off mid-document, keeps the old validators, and emits each item whole and once later', async () => {
    const f = await fake();
    const h = harness();
    const p = h.poller([createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` })], { backfill: BACKFILL });
    f.set('/feed.xml', { body: rssDoc([item(1, T0 - 60_000)]), etag: '"v1"' });
    await p.pollNow('news');
    const before = h.states.data.get('news')?.cursor;
    const full = rssDoc([item(2, T0 - 30_000, { description: 'The whole story' }), item(1, T0 - 60_000)]);
    const cuts = [
      full.indexOf('<guid'),
      full.indexOf('<description>The whole'),
      full.lastIndexOf('</channel>'),
      full.lastIndexOf('</rss>') + 3,
    ];
    for (const cut of cuts) {
      // A proxy or a dropped connection hands over the first part of the document with a 200.
      f.set('/feed.xml', { body: full.slice(0, cut), etag: '"v2"' });
      const out = await p.pollNow('news');
      expect(out.error?.kind).toBe('malformed');
      expect(out.status.lastError).toMatch(/^The feed is not well-formed XML/);
      expect(h.states.data.get('news')?.cursor).toBe(before);
      expect(f.server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
    }
    expect(h.store.delivered).toBe(1);
    f.set('/feed.xml', { body: full, etag: '"v2"' });
    const ok = await p.pollNow('news');
    expect(ok.fetched).toBe(1);
    expect(ok.sample[0]).toMatchObject({ externalId: 'g-2', text: 'Update 2\nThe whole story' });
    expect(h.store.delivered).toBe(2);
  });

  it('refuses a body that is not a feed at all (JSON, empty, plain text) with a 200', async () => {
    const f = await fake();
    const h = harness();
    const p = h.poller([createRssAdapter({ name: 'news', url: `${f.url}/feed.xml` })], { backfill: BACKFILL });
    for (const [body, contentType] of [
      ['{"items":[]}', 'application/json'],
      ['', 'application/rss+xml'],
      ['Service temporarily unavailable', 'text/plain'],
      ['<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>', 'application/xml'],
    ] as const) {
      f.set('/feed.xml', { body, contentType });
      const out = await p.pollNow('news');
      expect(out.error?.kind).toBe('malformed');
      expect(out.status.health).not.toBe('ok');
    }
    expect(h.states.data.get('news')?.cursor).toBeNull();
    expect(h.store.delivered).toBe(0);
  });
});
