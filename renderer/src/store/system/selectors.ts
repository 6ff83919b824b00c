import type { DeskState } from '../types.js';

export const systemSelectors = {
  isDemo: (s: DeskState): boolean => s.systemInfo?.demo === true,
  version: (s: DeskState): string | null => s.systemInfo?.version ?? null,
  role: (s: DeskState) => s.systemInfo?.role ?? null,
  contractMismatch: (s: DeskState): string | null => s.contractMismatch,
};
