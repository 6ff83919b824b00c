/** The contract's handlers: thin reads over the store and the poller. */
import { answerHello, CONTRACT_VERSION, GAPS_DEFAULT_LOOKBACK_MS } from '../../shared/contract/methods.js';
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
  return {
    'system.hello': (input) => answerHello(CONTRACT_VERSION, input.contractVersion),
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
    // Audited methods: the dispatcher records them in the same transaction (see their `audit` in the contract).
    'sources.add': (input) => sources.add(input.config),
    'sources.update': (input) => sources.update(input.name, input.config),
    'sources.remove': (input) => {
      sources.remove(input.name);
      return { removed: input.name };
    },
    'sources.setPaused': (input) => sources.setPaused(input.name, input.paused),
    'sources.test': (input) => sources.test(input),
    'alerts.list': (input) => store.alertsRead.list(input.limit, input.includeResolved),
    'detection.getSettings': (input) => ({ series: input.series, ...detection.policies.get(input.series) }),
    'detection.saveSettings': (input) => {
      detection.policies.set(input.series, input.policy);
      // Not read back through the policy cache: this runs inside the audit transaction, and a
      // rollback would leave the cache holding a policy that was never stored.
      return { series: input.series, policy: input.policy, inherited: false };
    },
    'alerts.backtest': (input) => detection.backtest(input.series, input.policy, input.days),
  };
}
