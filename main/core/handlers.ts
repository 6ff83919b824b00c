/** The contract's handlers: thin reads over the store and the poller. */
import { GAPS_DEFAULT_LOOKBACK_MS } from '../../shared/contract/methods.js';
import type { Poller } from '../sources/poller.js';
import type { Store } from '../store/index.js';
import type { DetectionService } from '../alerts/service.js';
import type { Handlers } from './dispatch.js';
import type { SourceManager } from '../sources/manager.js';

export interface HandlerDeps {
  store: Store;
  poller: Poller;
  version: string;
  startedAt: number;
  sources: SourceManager;
  detection: DetectionService;
  now(): number;
  flushVolume(): void;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { store, poller, detection, sources } = deps;
  const audit = (role: string, action: string, subject: string, detail: Record<string, unknown> = {}) =>
    store.audit.record({ at: deps.now(), actor: role, action, subject, detail });
  return {
    'system.info': (_input, ctx) => ({
      name: 'Surge Desk',
      version: deps.version,
      startedAt: deps.startedAt,
      demo: sources.isDemo(),
      role: ctx.role,
      transport: ctx.transport,
    }),
    'volume.series': (input) => {
      // Push pending increments first, so a client that loads history and then folds in
      // ticks never counts the same posts twice.
      deps.flushVolume();
      return {
        series: input.series,
        buckets: store.bucketsRead.range(input.series, input.limit, input.sinceMinute),
      };
    },
    'volume.seriesList': (input) => store.bucketsRead.list(input.limit),
    'posts.recent': (input) => store.postsRead.recent(input.limit, input.source),
    'sources.list': () => poller.statuses(),
    'sources.gaps': (input) => sources.gaps(input.sinceMs ?? deps.now() - GAPS_DEFAULT_LOOKBACK_MS, input.source),
    'sources.configs': () => sources.views(),
    'sources.add': (input, ctx) => {
      const view = sources.add(input.config);
      audit(ctx.role, 'sources.add', view.name, { type: view.type });
      return view;
    },
    'sources.update': (input, ctx) => {
      const view = sources.update(input.name, input.config);
      audit(ctx.role, 'sources.update', view.name, { type: view.type });
      return view;
    },
    'sources.remove': (input, ctx) => {
      sources.remove(input.name);
      audit(ctx.role, 'sources.remove', input.name);
      return { removed: input.name };
    },
    'sources.setPaused': (input, ctx) => {
      const status = sources.setPaused(input.name, input.paused);
      audit(ctx.role, input.paused ? 'sources.pause' : 'sources.resume', input.name);
      return status;
    },
    'sources.test': (input) => sources.test(input),
    'alerts.list': (input) => store.alertsRead.list(input.limit, input.includeResolved),
    'detection.getSettings': (input) => ({ series: input.series, ...detection.policies.get(input.series) }),
    'detection.saveSettings': (input, ctx) => {
      store.transaction(() => {
        detection.policies.set(input.series, input.policy);
        audit(ctx.role, 'detection.saveSettings', input.series, { policy: input.policy });
      });
      return { series: input.series, ...detection.policies.get(input.series) };
    },
    'alerts.backtest': (input) => detection.backtest(input.series, input.policy, input.days),
  };
}
