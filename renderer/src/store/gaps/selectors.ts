import type { DeskState } from '../types.js';
import { memoLast } from '../memo.js';
import { bandsInWindow, type GapBand } from './bands.js';

const bandsOf = memoLast((gaps: DeskState['coverageGaps'], anchor: number | null, windowMinutes: number): GapBand[] =>
  anchor === null ? [] : bandsInWindow(gaps, anchor - windowMinutes + 1, anchor),
);

export const coverageSelectors = {
  /** Gaps of every source inside the Live chart's window, oldest first. */
  bands: (s: DeskState): GapBand[] => bandsOf(s.coverageGaps, s.volumeAnchorMinute, s.volumeWindowMinutes),
};
