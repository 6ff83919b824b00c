/** The hub's /metrics: what a team's Prometheus scrapes to know the engine is alive. */
import type { SourceStatus, StoredPost } from '../../shared/domain.js';
import type { Store } from '../store/index.js';
import { createMetrics } from '../lib/metrics.js';
import { NETWORKS, type Network } from '../../shared/publishing/networks.js';

export function createEngineMetrics(store: Store, statuses: () => readonly SourceStatus[]) {
  const metrics = createMetrics();
  const ingested = metrics.counter('surge_posts_ingested_total', 'Posts newly stored (duplicates are not counted), by source.');

  metrics.gauge('surge_alerts_open', 'Alerts that are open or escalating.', () => [{ labels: {}, value: store.alertsRead.openCount() }]);
  // Up while polling succeeds or while it waits out a rate limit the server told us about.
  metrics.gauge('surge_source_up', '1 when the last poll succeeded or the source is waiting out a rate limit, else 0.', () =>
    statuses().map((s) => ({ labels: { source: s.name }, value: s.health === 'failing' ? 0 : 1 })),
  );
  metrics.gauge('surge_source_lag_seconds', 'Seconds between now and the newest post or success seen.', () =>
    statuses()
      .filter((s) => s.lagSeconds !== null)
      .map((s) => ({ labels: { source: s.name }, value: s.lagSeconds ?? 0 })),
  );

  metrics.gauge('surge_incident_mode', '1 while incident mode is on (nothing it covers is published), else 0.', () => [
    { labels: {}, value: store.publishGate.incident().active ? 1 : 0 },
  ]);
  metrics.gauge('surge_posts_held', 'Scheduled posts held by incident mode, waiting in catch-up.', () => [
    { labels: {}, value: store.publishGate.heldCount() },
  ]);
  const published = metrics.counter('surge_posts_published_total', 'Scheduled posts delivered, per network (one per account).');
  for (const network of NETWORKS) published.touch({ network });

  return {
    countPublished: (network: Network) => published.inc({ network }),
    countInserted(posts: readonly StoredPost[]): void {
      const bySource = new Map<string, number>();
      for (const post of posts) bySource.set(post.source, (bySource.get(post.source) ?? 0) + 1);
      for (const [source, count] of bySource) ingested.inc({ source }, count);
    },
    touchSource(source: string): void {
      ingested.touch({ source });
    },
    render: () => metrics.render(),
  };
}
