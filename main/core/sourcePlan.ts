/**
 * Which sources run: the configured ones, or the demo when none is configured (so a fresh
 * install is alive with no credentials and no network).
 */
import { MINUTE_MS } from '../../shared/domain.js';
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

/**
 * The demo runs at real speed: on first start it backfills a normal day (so the chart has a
 * baseline and the detector is warm, as on an install that has been running), and the
 * outage surge begins as the app opens, ramping up over the first minutes. The two-day loop
 * brings the next surge two days later.
 */
const DEMO_TIMELINE = { simMinutesPerSecond: 1 / 60, surgeStartMinute: 1440, loopMinutes: 2880, alignToClock: true } as const;
const DEMO_BACKFILL = { maxPosts: 50_000, maxAgeMs: 1500 * MINUTE_MS };

export function buildSources(configs: readonly SourceConfig[], deps: { now(): number }): SourcePlan {
  if (configs.length === 0) {
    const adapter = createDemoAdapter({ name: 'demo', ...DEMO_TIMELINE, startAt: deps.now() - DEMO_TIMELINE.surgeStartMinute * MINUTE_MS });
    return {
      sources: [{ adapter, options: { intervalMs: 5000, isDemo: true, backfill: DEMO_BACKFILL } }],
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
