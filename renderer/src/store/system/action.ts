import type { DeskSliceCreator } from '../types.js';

export interface SystemAction {
  loadSystemInfo(): Promise<void>;
  /** The contract handshake; false when the hub speaks another protocol version (nothing else is then called). */
  sayHello(): Promise<boolean>;
}

export const createSystemSlice: DeskSliceCreator<SystemAction> = (set, _get, _api, deps) => ({
  async loadSystemInfo() {
    const answer = await deps.client.call('system.info', {});
    if (answer.ok) set({ systemInfo: answer.value, systemError: null });
    else set({ systemError: answer.error.message });
  },
  async sayHello() {
    const result = await deps.client.handshake();
    set({ contractMismatch: result.status === 'incompatible' ? result.message : null });
    // 'unknown' (the link dropped mid-hello) is no verdict: the reload then fails as any call would.
    return result.status !== 'incompatible';
  },
});
