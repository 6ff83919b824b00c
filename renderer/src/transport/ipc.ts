/**
 * Electron transport: the preload's narrow `window.surgeBridge` (one call, one event
 * subscription). IPC cannot drop the way a socket can, so its state is always 'open'.
 */
import type { SurgeBridge } from '../../../shared/contract/wire.js';
import type { LinkStatus, ManagedTransport } from './types.js';

export function createIpcTransport(bridge: SurgeBridge): ManagedTransport {
  const status: LinkStatus = { state: 'open', attempt: 0, retryAt: null };
  return {
    kind: 'ipc',
    call: (method, params) => bridge.call(method, params),
    onEvent: (listener) => bridge.onEvent(listener),
    onState(listener) {
      listener('open');
      return () => {};
    },
    status: () => status,
    onStatus(listener) {
      listener(status);
      return () => {};
    },
    reconnectNow() {},
    close() {},
  };
}
