import type { SourceStatus } from '../../../../shared/domain.js';

export interface SourcesState {
  sources: SourceStatus[];
  sourcesStatus: 'idle' | 'loading' | 'ready' | 'error';
  sourcesError: string | null;
  /** When the list was last loaded or updated by an event (epoch ms). */
  sourcesUpdatedAt: number | null;
}

export const initialSourcesState: SourcesState = {
  sources: [],
  sourcesStatus: 'idle',
  sourcesError: null,
  sourcesUpdatedAt: null,
};
