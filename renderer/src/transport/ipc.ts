/**
 * Electron transport: the preload's narrow `window.surgeBridge`. To this computer's engine
 * IPC cannot drop, so the state is 'open'; while the desktop is connected to a team hub the
 * main process relays the hub link's state as `hubLink.status` events, and this transport
 * reports them like the WebSocket transport does (so the window says hello and reloads on
 * every reconnect, and the header shows "reconnecting").
 */
import { HUB_LINK_STATUS_EVENT, hubLinkStateSchema, linkStatusSchema } from '../../../shared/contract/hubLink.js';
import type { SurgeBridge } from '../../../shared/contract/wire.js';
import { createLinkStatusFeed } from '../../../shared/transport/linkStatus.js';
import type { ManagedTransport } from '../../../shared/transport/types.js';

export function createIpcTransport(bridge: SurgeBridge): ManagedTransport {
  const feed = createLinkStatusFeed({ state: 'open', attempt: 0, retryAt: null });
  bridge.onEvent((event, data) => {
    if (event !== HUB_LINK_STATUS_EVENT) return;
    const parsed = linkStatusSchema.safeParse(data);
    if (parsed.success) feed.set(parsed.data);
  });
  // The link may have changed before this page subscribed (a hub down at start): ask once.
  void bridge
    .hubLink?.({ action: 'status' })
    .then((answer) => {
      const value = (answer as { ok?: boolean; value?: unknown } | null)?.value;
      const state = hubLinkStateSchema.safeParse(value);
      if (state.success && state.data.mode === 'hub') feed.set(state.data.link);
    })
    .catch(() => undefined);

  return {
    kind: 'ipc',
    call: (method, params) => bridge.call(method, params),
    onEvent: (listener) =>
      bridge.onEvent((event, data) => {
        if (event !== HUB_LINK_STATUS_EVENT) listener(event, data);
      }),
    onState: feed.onState,
    status: feed.get,
    onStatus: feed.onStatus,
    // The main process reconnects the hub link itself, with backoff; "Retry now" skips the wait.
    reconnectNow() {
      if (feed.get().state === 'closed') void bridge.hubLink?.({ action: 'reconnect' }).catch(() => undefined);
    },
    close: feed.clear,
  };
}
