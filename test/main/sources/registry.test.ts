import { describe, expect, it } from 'vitest';
import { parseSourcesConfig } from '../../../main/sources/config.js';
import { createAdapter, createDemoSource, isDemoAdapter } from '../../../main/sources/registry.js';
import { isWebhookAdapter } from '../../../main/sources/webhook.js';

function configs() {
  const r = parseSourcesConfig([
    { type: 'mastodon', name: 'm1', baseUrl: 'https://mastodon.social', hashtags: ['outage'], intervalSeconds: 30 },
    { type: 'bluesky', name: 'b1', query: 'acme' },
    { type: 'hackernews', name: 'hn', query: 'acme' },
    { type: 'rss', name: 'news', url: 'https://news.acme.example/feed.xml' },
    { type: 'statuspage', name: 'status', url: 'https://status.acme.example' },
    { type: 'webhook', name: 'hooks', secret: 'a-very-long-random-secret' },
    { type: 'reddit', name: 'r1', subreddits: ['sysadmin'], clientId: 'id', clientSecret: 's' },
    { type: 'x', name: 'x1', query: 'acme', bearerToken: 't' },
  ]);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.value;
}

describe('adapter registry', () => {
  it('builds an adapter of the right type and name for every configured type', () => {
    for (const c of configs()) {
      const adapter = createAdapter(c);
      expect(adapter.type).toBe(c.type);
      expect(adapter.name).toBe(c.name);
      expect(isDemoAdapter(adapter)).toBe(false);
      if (c.type === 'webhook') expect(isWebhookAdapter(adapter)).toBe(true);
    }
  });

  it('builds the demo source separately and labels it', () => {
    const demo = createDemoSource({ seed: 1 });
    expect(demo.name).toBe('demo');
    expect(isDemoAdapter(demo)).toBe(true);
    expect(demo.isDemo).toBe(true);
  });
});
