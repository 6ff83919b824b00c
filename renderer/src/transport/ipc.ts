/**
 * Electron transport: the preload's narrow `window.surgeBridge`. To this computer's engine
 * IPC cannot drop, so the state is 'open'; while the desktop is connected to a team hub the
 * main process relays the hub link's state as `hubLink.status` events, and this transport
 * reports them like the WebSocket transport does (so the window says hello and reloads on
 * every reconnect, and the header shows "reconnecting").
 */
import { HUB_LINK_STATUS_EVENT, hubLinkStateSchema, linkStatusSchema } from '../../../shared/contract/hubLink.js';
import type { SurgeBridge } from '../../../shared/contract/wire.js';
import type { LinkState, LinkStatus, ManagedTransport } from '../../../shared/transport/types.js';

export function createIpcTransport(bridge: SurgeBridge): ManagedTransport {
  let status: LinkStatus = { state: 'open', attempt: 0, retryAt: null };
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const setStatus = (next: LinkStatus) => {
    if (next.state === status.state && next.attempt === status.attempt && next.retryAt === status.retryAt) return;
    status = next;
    for (const listener of [...statusListeners]) listener(status);
  };
  bridge.onEvent((event, data) => {
    if (event !== HUB_LINK_STATUS_EVENT) return;
    const parsed = linkStatusSchema.safeParse(data);
    if (parsed.success) setStatus(parsed.data);
  });
  // The link may have changed before this page subscribed (a hub down at start): ask once.
  void bridge
    .hubLink?.({ action: 'status' })
    .then((answer) => {
      const value = (answer as { ok?: boolean; value?: unknown } | null)?.value;
      const state = hubLinkStateSchema.safeParse(value);
      if (state.success && state.data.mode === 'hub') setStatus(state.data.link);
    })
    .catch(() => undefined);

  return {
    kind: 'ipc',
    call: (method, params) => bridge.call(method, params),
    onEvent: (listener) =>
      bridge.onEvent((event, data) => {
        if (event !== HUB_LINK_STATUS_EVENT) listener(event, data);
      }),
    onState(listener: (state: LinkState) => void) {
      let last: LinkState | null = null;
      const wrapped = (next: LinkStatus) => {
        if (next.state === last) return;
        last = next.state;
        listener(next.state);
      };
      statusListeners.add(wrapped);
      wrapped(status);
      return () => statusListeners.delete(wrapped);
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    // The main process reconnects the hub link itself, with backoff; "Retry now" skips the wait.
    reconnectNow() {
      if (status.state === 'closed') void bridge.hubLink?.({ action: 'reconnect' }).catch(() => undefined);
    },
    close() {
      statusListeners.clear();
    },
  };
}
