/**
 * Coverage gaps: loaded for the chart's window with `sources.gaps` on every connect, then kept
 * live from the recent gaps each `sources.status` event carries (a gap opening or closing
 * always comes with a status).
 */
import { MINUTE_MS, type SourceStatus } from '../../../../shared/domain.js';
import type { DeskSliceCreator } from '../types.js';
import { mergeGaps, pruneGaps } from './bands.js';

export interface CoverageAction {
  loadCoverageGaps(): Promise<void>;
  applyStatusGaps(status: SourceStatus): void;
  forgetCoverage(name: string): void;
}

export const createCoverageSlice: DeskSliceCreator<CoverageAction> = (set, get, _api, deps) => {
  const windowStart = () => deps.now() - get().volumeWindowMinutes * MINUTE_MS;
  return {
    async loadCoverageGaps() {
      if (get().coverageStatus !== 'ready') set({ coverageStatus: 'loading' });
      const answer = await deps.client.call('sources.gaps', { sinceMs: Math.max(0, Math.floor(windowStart())) });
      if (!answer.ok) {
        set({ coverageStatus: 'error', coverageError: answer.error.message });
        return;
      }
      // The answer replaces what events brought: the connection is ordered, so every status
      // that arrived before it describes a state at least as old as the one it was read from.
      const loaded = Object.fromEntries(answer.value.map(({ source, gaps }) => [source, gaps]));
      set({ coverageGaps: loaded, coverageStatus: 'ready', coverageError: null });
    },

    applyStatusGaps(status) {
      const all = get().coverageGaps;
      const current = all[status.name] ?? [];
      const next = pruneGaps(mergeGaps(current, status.recentGaps), windowStart());
      if (next !== current) set({ coverageGaps: { ...all, [status.name]: next } });
    },

    forgetCoverage(name) {
      const { [name]: gone, ...rest } = get().coverageGaps;
      if (gone) set({ coverageGaps: rest });
    },
  };
};
