import type { SourceHealth, SourceStatus } from '../../../../shared/domain.js';
import { memoLast } from '../memo.js';
import type { DeskState } from '../types.js';

const HEALTH_ORDER: Record<SourceHealth, number> = { failing: 0, degraded: 1, paused: 2, ok: 3 };

/** Worst first, so a failing source is the first row anyone reads. */
const sorted = memoLast((sources: SourceStatus[]) =>
  [...sources].sort((a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || a.name.localeCompare(b.name)),
);

export const sourcesSelectors = {
  sorted: (s: DeskState): SourceStatus[] => sorted(s.sources),
  unhealthyCount: (s: DeskState): number =>
    s.sources.filter((source) => source.health === 'failing' || source.health === 'degraded').length,
  byName: (s: DeskState, name: string): SourceStatus | undefined => s.sources.find((source) => source.name === name),
};
