import type { SystemInfo } from '../../../../shared/contract/methods.js';

export interface SystemState {
  systemInfo: SystemInfo | null;
  systemError: string | null;
  /** Set when the hub speaks another protocol version: the sentence the shell shows instead of the views. */
  contractMismatch: string | null;
}

export const initialSystemState: SystemState = { systemInfo: null, systemError: null, contractMismatch: null };
