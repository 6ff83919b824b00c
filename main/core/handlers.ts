/** The contract's handlers: thin reads over the store and the poller. */
import type { Poller } from '../sources/poller.js';
import type { Store } from '../store/index.js';
import type { Handlers } from './dispatch.js';

export interface HandlerDeps {
  store: Store;
  poller: Poller;
  version: string;
  startedAt: number;
  demo: boolean;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { store, poller } = deps;
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
  };
}
