import type { CoverageGap } from '../../../../shared/domain.js';

export interface CoverageState {
  /** Per source name: its coverage gaps that touch the chart's window, oldest first. */
  coverageGaps: Record<string, CoverageGap[]>;
  coverageStatus: 'idle' | 'loading' | 'ready' | 'error';
  coverageError: string | null;
}

export const initialCoverageState: CoverageState = {
  coverageGaps: {},
  coverageStatus: 'idle',
  coverageError: null,
};
