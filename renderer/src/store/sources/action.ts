import type { SourceStatus } from '../../../../shared/domain.js';
import type { DeskSliceCreator } from '../types.js';

export interface SourcesAction {
  loadSources(): Promise<void>;
  /** A `sources.status` event: replace the source with that name, or add it. */
  applySourceStatus(status: SourceStatus): void;
}

export const createSourcesSlice: DeskSliceCreator<SourcesAction> = (set, get, _api, deps) => ({
  async loadSources() {
    if (get().sourcesStatus !== 'ready') set({ sourcesStatus: 'loading' });
    const answer = await deps.client.call('sources.list', {});
    if (answer.ok) set({ sources: answer.value, sourcesStatus: 'ready', sourcesError: null, sourcesUpdatedAt: deps.now() });
    else set({ sourcesStatus: 'error', sourcesError: answer.error.message });
  },
  applySourceStatus(status) {
    const sources = get().sources;
    const index = sources.findIndex((source) => source.name === status.name);
    const next = index === -1 ? [...sources, status] : sources.map((source, i) => (i === index ? status : source));
    set({ sources: next, sourcesUpdatedAt: deps.now() });
  },
});
