/** The sources domain of the contract. Changes are audited by the dispatcher (see `audit` in the contract). */
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import { GAPS_DEFAULT_LOOKBACK_MS } from '../../shared/contract/sources.js';
import type { SourceManager } from './manager.js';
import type { Poller } from './poller.js';

export interface SourcesHandlerDeps {
  poller: Pick<Poller, 'statuses'>;
  sources: SourceManager;
  now(): number;
}

export function sourcesHandlers({ poller, sources, now }: SourcesHandlerDeps): DomainHandlers<'sources'> {
  return {
    'sources.list': () => poller.statuses(),
    'sources.gaps': (input) => sources.gaps(input.sinceMs ?? now() - GAPS_DEFAULT_LOOKBACK_MS, input.source),
    'sources.configs': () => sources.views(),
    'sources.add': (input) => sources.add(input.config),
    'sources.update': (input) => sources.update(input.name, input.config),
    'sources.remove': (input) => {
      sources.remove(input.name);
      return { removed: input.name };
    },
    'sources.setPaused': (input) => sources.setPaused(input.name, input.paused),
    'sources.test': (input) => sources.test(input),
  };
}
