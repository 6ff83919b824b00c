/** The contract's handlers: thin reads over the store and the poller. */
import type { Poller } from '../sources/poller.js';
import type { Store } from '../store/index.js';
import type { DetectionService } from './detection.js';
import type { Handlers } from './dispatch.js';

export interface HandlerDeps {
  store: Store;
  poller: Poller;
  version: string;
  startedAt: number;
  demo: boolean;
  detection: DetectionService;
  now(): number;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { store, poller, detection } = deps;
  return {
    'system.info': (_input, ctx) => ({
      name: 'Surge Desk',
      version: deps.version,
      startedAt: deps.startedAt,
      demo: deps.demo,
      role: ctx.role,
      transport: ctx.transport,
    }),
    'volume.series': (input) => ({
      series: input.series,
      buckets: store.bucketsRead.range(input.series, input.limit, input.sinceMinute),
    }),
    'volume.seriesList': (input) => store.bucketsRead.list(input.limit),
    'posts.recent': (input) => store.postsRead.recent(input.limit, input.source),
    'sources.list': () => poller.statuses(),
    'alerts.list': (input) => store.alertsRead.list(input.limit, input.includeResolved),
    'detection.getSettings': (input) => ({ series: input.series, ...detection.policies.get(input.series) }),
    'detection.saveSettings': (input, ctx) => {
      store.transaction(() => {
        detection.policies.set(input.series, input.policy);
        store.audit.record({ at: deps.now(), actor: ctx.role, action: 'detection.saveSettings', subject: input.series, detail: { policy: input.policy } });
      });
      return { series: input.series, ...detection.policies.get(input.series) };
    },
    'alerts.backtest': (input) => detection.backtest(input.series, input.policy, input.days),
  };
}
