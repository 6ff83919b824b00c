/**
 * A browser window as the board tests need one: the renderer's real store (board slice and
 * all) talking to a real hub engine through a link that can be down. While it is down, calls
 * answer `unavailable` and events are lost, as on a dropped WebSocket.
 */
import { createClient, type Transport } from '../../../shared/contract/client.js';
import { fail } from '../../../shared/contract/envelope.js';
import type { CallContext } from '../../../shared/contract/handlers.js';
import { createDeskStore, type DeskStoreApi } from '../../../renderer/src/store/store.js';
import type { BoardRig } from './helpers.js';

export interface WindowOptions {
  /** How far this computer's clock is off the hub's (ms; positive: ahead). */
  skewMs?: number;
}

export function boardWindow(rig: BoardRig, as: CallContext, options: WindowOptions = {}) {
  let up = true;
  const listeners = new Set<(event: string, data: unknown) => void>();
  rig.engine.onEvent((event, data) => {
    if (up) listeners.forEach((listener) => listener(event, data));
  });
  const transport: Transport = {
    kind: 'websocket',
    call: async (method, params) => (up ? rig.engine.dispatch(method, params, as) : fail('unavailable', 'The hub is unreachable.')),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const skew = options.skewMs ?? 0;
  const store: DeskStoreApi = createDeskStore({ client: createClient(transport), now: () => rig.clock.now() + skew });
  store.getState().bindEvents();
  return {
    store,
    setUp(next: boolean) {
      up = next;
      store.setState({ connectionPhase: next ? 'live' : 'disconnected' });
    },
    get up() {
      return up;
    },
  };
}

export type BoardWindow = ReturnType<typeof boardWindow>;
