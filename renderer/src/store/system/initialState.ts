import type { SystemInfo } from '../../../../shared/contract/methods.js';

export interface SystemState {
  systemInfo: SystemInfo | null;
  systemError: string | null;
}

export const initialSystemState: SystemState = { systemInfo: null, systemError: null };
