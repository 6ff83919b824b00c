/**
 * Which sources run: the configured ones, or the demo when none is configured (so a fresh
 * install is alive with no credentials and no network).
 */
import type { SourceConfig } from '../sources/config.js';
import { createDemoAdapter } from '../sources/demo.js';
import type { SourceOptions } from '../sources/poller.js';
import { createAdapter } from '../sources/registry.js';
import type { SourceAdapter } from '../sources/types.js';
import { isWebhookAdapter, type WebhookHandler } from '../sources/webhook.js';

export interface PlannedSource {
  adapter: SourceAdapter;
  options: SourceOptions;
}

export interface SourcePlan {
  sources: PlannedSource[];
  names: string[];
  demo: boolean;
  webhooks: Map<string, WebhookHandler>;
}

export function buildSources(configs: readonly SourceConfig[], deps: { now(): number }): SourcePlan {
  if (configs.length === 0) {
    const adapter = createDemoAdapter({ name: 'demo' });
    return {
      sources: [{ adapter, options: { intervalMs: 1000, isDemo: true } }],
      names: ['demo'],
      demo: true,
      webhooks: new Map(),
    };
  }
  const sources: PlannedSource[] = [];
  const webhooks = new Map<string, WebhookHandler>();
  for (const config of configs) {
    const adapter = createAdapter(config);
    if (isWebhookAdapter(adapter)) webhooks.set(config.name, adapter.handle);
    sources.push({
      adapter,
      options: {
        intervalMs: config.intervalSeconds * 1000,
        backfill: { maxPosts: config.backfill.maxPosts, maxAgeMs: config.backfill.maxAgeMinutes * 60_000 },
        paused: !config.enabled,
      },
    });
  }
  return { sources, names: configs.map((c) => c.name), demo: false, webhooks };
}
