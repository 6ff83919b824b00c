/** The volume and posts domains of the contract: reads of what ingest stored. */
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import { MINUTE_MS } from '../../shared/domain.js';
import { seriesFilter } from '../detect/mentions.js';
import type { Store } from '../store/index.js';

export interface VolumeHandlerDeps {
  store: Pick<Store, 'bucketsRead' | 'postsRead'>;
  /** Pushes pending live increments, so history read now and ticks folded later never overlap. */
  flushVolume(): void;
}

export function volumeHandlers(deps: VolumeHandlerDeps): DomainHandlers<'volume' | 'posts'> {
  const { store } = deps;
  return {
    'volume.series': (input) => {
      deps.flushVolume();
      return {
        series: input.series,
        buckets: store.bucketsRead.range(input.series, input.limit, input.sinceMinute),
        firstMinute: store.bucketsRead.firstMinute(input.series),
      };
    },
    'volume.seriesList': (input) => store.bucketsRead.list(input.limit),
    'posts.recent': (input) => store.postsRead.recent(input.limit, input.source),
    'posts.inBucket': (input) => {
      const from = input.minute * MINUTE_MS;
      // Read past the limit before filtering: a source's posts may be a small share of the minute.
      return store.postsRead
        .newestBetween(from, from + MINUTE_MS, input.limit * 4)
        .filter(seriesFilter(input.series))
        .slice(0, input.limit);
    },
  };
}
