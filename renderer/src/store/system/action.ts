import type { DeskSliceCreator } from '../types.js';

export interface SystemAction {
  loadSystemInfo(): Promise<void>;
}

export const createSystemSlice: DeskSliceCreator<SystemAction> = (set, _get, _api, deps) => ({
  async loadSystemInfo() {
    const answer = await deps.client.call('system.info', {});
    if (answer.ok) set({ systemInfo: answer.value, systemError: null });
    else set({ systemError: answer.error.message });
  },
});
