import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INTERVAL_SECONDS,
  parseSourcesConfig,
  parseSourcesFile,
  redactSourceConfig,
  sourceConfigSchema,
  type SourceConfigInput,
} from '../../../main/sources/config.js';

describe('source config', () => {
  it('parses the README example exactly as written, filling defaults', () => {
    const r = parseSourcesFile(
      '{ "sources": [ { "type": "mastodon", "name": "m1", "baseUrl": "https://mastodon.social", "hashtags": ["outage"], "intervalSeconds": 30 } ] }',
    );
    expect(r).toEqual({
      ok: true,
      value: [
        {
          type: 'mastodon',
          name: 'm1',
          baseUrl: 'https://mastodon.social',
          hashtags: ['outage'],
          keywords: [],
          intervalSeconds: 30,
          enabled: true,
          backfill: { maxPosts: 500, maxAgeMinutes: 60 },
        },
      ],
    });
  });

  it('accepts every type with its own fields and per-type default intervals', () => {
    const all: SourceConfigInput[] = [
      { type: 'mastodon', name: 'm', baseUrl: 'https://mastodon.example', keywords: ['acme down'], token: 't' },
      {
        type: 'bluesky',
        name: 'b',
        query: 'acme',
        identifier: 'acme.bsky.social',
        appPassword: 'xxxx-xxxx-xxxx-xxxx',
        service: 'https://bsky.social',
      },
      { type: 'reddit', name: 'r', subreddits: ['r/sysadmin', 'devops'], query: 'acme', clientId: 'id', clientSecret: 'secret' },
      { type: 'x', name: 'x', query: 'acme -is:retweet', bearerToken: 'AAAA' },
      { type: 'hackernews', name: 'hn', query: 'acme cloud', tags: '(story,comment)' },
      { type: 'rss', name: 'news', url: 'https://news.acme.example/feed.xml' },
      { type: 'statuspage', name: 'status', url: 'https://status.acme.example' },
      { type: 'webhook', name: 'zapier', secret: 'a-very-long-random-secret', backfill: { maxPosts: 10 } },
    ];
    const r = parseSourcesConfig(all);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    for (const s of r.value) expect(s.intervalSeconds).toBe(DEFAULT_INTERVAL_SECONDS[s.type]);
    const reddit = r.value.find((s) => s.type === 'reddit');
    expect(reddit?.type === 'reddit' && reddit.subreddits).toEqual(['sysadmin', 'devops']);
    expect(r.value.find((s) => s.type === 'webhook')?.backfill).toEqual({ maxPosts: 10, maxAgeMinutes: 60 });
  });

  it('strips a leading # from hashtags', () => {
    const s = sourceConfigSchema.parse({ type: 'mastodon', name: 'm', baseUrl: 'https://m.example', hashtags: ['#acme'] });
    expect(s.type === 'mastodon' && s.hashtags).toEqual(['acme']);
  });

  it('explains problems in plain words, naming the source and field', () => {
    const r = parseSourcesConfig([
      { type: 'mastodon', name: 'm1', baseUrl: 'mastodon.social', hashtags: [] },
      { type: 'myspace', name: 'old' },
      { type: 'x', name: 'x1', query: 'acme' },
      { type: 'rss', url: 'https://a.example/f', intervalSeconds: 5 },
      { type: 'bluesky', name: 'b', query: 'q', identifier: 'me.bsky.social' },
      { type: 'webhook', name: 'w', secret: 'short' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'Source "m1" (mastodon): baseUrl must be a full http:// or https:// address',
      'Source "m1" (mastodon): hashtags and keywords are both empty: add at least one hashtag or keyword to watch',
      'Source "old" (myspace): type is not a known source type; use one of mastodon, bluesky, reddit, x, hackernews, rss, statuspage, webhook',
      'Source "x1" (x): bearerToken is required',
      'Source #4 (rss): name is required',
      'Source #4 (rss): intervalSeconds must be at least 10 seconds',
      'Source "b" (bluesky): appPassword and identifier go together: set both (to search through your account) or neither',
      'Source "w" (webhook): secret must be at least 16 characters (use a long random string)',
    ]);
  });

  it('requires unique names', () => {
    const r = parseSourcesConfig([
      { type: 'rss', name: 'feed', url: 'https://a.example/f' },
      { type: 'statuspage', name: 'Feed', url: 'https://s.example' },
    ]);
    expect(r.ok ? [] : r.errors).toEqual(['Source "Feed" (statuspage): name is already used by source #1; names must be unique']);
  });

  it('rejects names unusable in a webhook URL', () => {
    const r = parseSourcesConfig([{ type: 'webhook', name: '../admin', secret: 'a-very-long-random-secret' }]);
    expect(r.ok).toBe(false);
  });

  it('quotes a huge or HTML-laden name shortened, so the error stays a sentence', () => {
    const name = `<img src=x onerror=alert(1)>${'A'.repeat(100_000)}`;
    const r = parseSourcesConfig([{ type: 'rss', name, url: 'https://a.example/f' }]);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toEqual([
      `Source "<img src=x onerror=alert(1)>AAAAAAAAAAAA…" (rss): name must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    ]);
    // A made-up type is quoted the same way.
    const odd = parseSourcesConfig([{ type: 'z'.repeat(5000), name: 'n' }]);
    expect(odd.ok ? '' : odd.errors[0]).toMatch(/^Source "n" \(z{40}…\): type is not a known source type/);
  });

  it('reports broken JSON and wrong top-level shapes', () => {
    expect(parseSourcesFile('{ "sources": [ }')).toMatchObject({ ok: false, errors: [expect.stringMatching(/not valid JSON/)] });
    expect(parseSourcesFile('[]')).toMatchObject({ ok: false });
    expect(parseSourcesFile('{ "sources": {} }')).toMatchObject({ ok: false, errors: [expect.stringMatching(/must be a list/)] });
    expect(parseSourcesFile('{ "port": 8080 }')).toEqual({ ok: true, value: [] });
  });

  it('redacts credentials for logs and the UI', () => {
    const s = sourceConfigSchema.parse({ type: 'x', name: 'x', query: 'acme', bearerToken: 'AAAA-secret' });
    const red = redactSourceConfig(s);
    expect(JSON.stringify(red)).not.toContain('AAAA-secret');
    expect(red.query).toBe('acme');
  });
});
