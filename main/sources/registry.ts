/**
 * Config → adapter, for every configured source type. The composition root (main/core) calls
 * this for each validated SourceConfig; it is the only place that knows which constructor
 * goes with which type, so adding a connector means one schema in config.ts and one case here.
 */
import { SourceError, type SourceAdapter } from './types.js';
import type { SourceConfig } from './config.js';
import { MastodonAdapter } from './mastodon.js';
import { BlueskyAdapter } from './bluesky.js';
import { RedditAdapter } from './reddit.js';
import { XAdapter } from './x.js';
import { createHackerNewsAdapter } from './hackernews.js';
import { createRssAdapter } from './rss.js';
import { createStatuspageAdapter } from './statuspage.js';
import { createWebhookAdapter, type WebhookInbox } from './webhook.js';
import { createDemoAdapter, type DemoAdapter, type DemoOptions } from './demo.js';

/** What some adapters need from the engine beyond their config. */
export interface AdapterDeps {
  /** The durable inbox webhook deliveries are written to before they are acknowledged. */
  webhookInbox?: WebhookInbox;
}

export interface AdapterOverrides {
  /** Point Hacker News at a mirror or a local fake instead of hn.algolia.com. */
  hackernewsBaseUrl?: string;
  /** Point Bluesky's unauthenticated search at another AppView. */
  blueskyAppViewUrl?: string;
}

function exhaustive(config: never): never {
  throw new SourceError('config', `Unknown source type in ${JSON.stringify(config).slice(0, 100)}`);
}

export function createAdapter(config: SourceConfig, overrides: AdapterOverrides = {}, deps: AdapterDeps = {}): SourceAdapter {
  switch (config.type) {
    case 'mastodon':
      return new MastodonAdapter({
        name: config.name,
        baseUrl: config.baseUrl,
        hashtags: config.hashtags,
        keywords: config.keywords,
        token: config.token ?? null,
        ...(config.streamingUrl ? { streamingUrl: config.streamingUrl } : {}),
      });
    case 'bluesky':
      return new BlueskyAdapter({
        name: config.name,
        keywords: [config.query],
        identifier: config.identifier ?? null,
        appPassword: config.appPassword ?? null,
        ...(config.service ? { serviceUrl: config.service } : {}),
        ...(overrides.blueskyAppViewUrl ? { baseUrl: overrides.blueskyAppViewUrl } : {}),
        ...(config.jetstreamUrl ? { jetstreamUrl: config.jetstreamUrl } : {}),
      });
    case 'reddit':
      return new RedditAdapter({
        name: config.name,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        subreddits: config.subreddits,
        keywords: config.query ? [config.query] : [],
      });
    case 'x':
      // The configured query is used verbatim (X search operators included).
      return new XAdapter({ name: config.name, bearerToken: config.bearerToken, query: config.query });
    case 'hackernews':
      return createHackerNewsAdapter({
        name: config.name,
        query: config.query,
        ...(config.tags ? { tags: config.tags } : {}),
        ...(overrides.hackernewsBaseUrl ? { baseUrl: overrides.hackernewsBaseUrl } : {}),
      });
    case 'rss':
      return createRssAdapter({ name: config.name, url: config.url });
    case 'statuspage':
      return createStatuspageAdapter({ name: config.name, url: config.url });
    case 'webhook':
      return createWebhookAdapter({ name: config.name, secret: config.secret, ...(deps.webhookInbox ? { inbox: deps.webhookInbox } : {}) });
    default:
      return exhaustive(config);
  }
}

/** The demo source, which runs only when no source is configured (see issue 3). */
export function createDemoSource(options: DemoOptions = {}): DemoAdapter {
  return createDemoAdapter(options);
}

/** For the poller's `isDemo` flag and the "demo" label in the Sources view. */
export function isDemoAdapter(adapter: SourceAdapter): boolean {
  return adapter.type === 'demo';
}
