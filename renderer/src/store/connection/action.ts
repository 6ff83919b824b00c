/**
 * Connection state machine, fed by the transport's status:
 *
 *   connecting ──open──► live ──drop──► disconnected ──timer──► connecting ─┐
 *        ▲                 ▲                                                │
 *        └─────────────────┴───────────────────── open ─────────────────────┘
 *
 * Every transition into `live` says hello first (is this the protocol version we speak?) and
 * then reloads what the views show, because events pushed while the link was down are gone.
 */
import type { LinkStatus } from '../../../../shared/transport/types.js';
import type { DeskSliceCreator } from '../types.js';
import type { ConnectionPhase, ConnectionState } from './initialState.js';

export interface ConnectionAction {
  applyLinkStatus(status: LinkStatus): void;
  /** "Retry now" in the header. */
  retryConnectionNow(): void;
}

const phaseOf = (status: LinkStatus): ConnectionPhase =>
  status.state === 'open' ? 'live' : status.state === 'connecting' ? 'connecting' : 'disconnected';

/** Pure transition: the next connection state and whether the link just became live. */
export function nextConnectionState(
  previous: ConnectionState,
  status: LinkStatus,
  now: number,
): { state: ConnectionState; becameLive: boolean } {
  const phase = phaseOf(status);
  const becameLive = phase === 'live' && previous.connectionPhase !== 'live';
  return {
    becameLive,
    state: {
      connectionPhase: phase,
      connectionAttempt: status.attempt,
      connectionRetryAt: phase === 'disconnected' ? status.retryAt : null,
      connectionNotice: phase === 'disconnected' ? (status.notice ?? null) : null,
      connectionLiveSince: becameLive ? now : previous.connectionLiveSince,
      connectionReconnects: previous.connectionReconnects + (becameLive && previous.connectionLiveSince !== null ? 1 : 0),
      connectionDownSince: phase === 'live' ? null : (previous.connectionDownSince ?? (previous.connectionPhase === 'live' ? now : null)),
    },
  };
}

export const createConnectionSlice: DeskSliceCreator<ConnectionAction> = (set, get, _api, deps) => ({
  applyLinkStatus(status) {
    const { state, becameLive } = nextConnectionState(get(), status, deps.now());
    set(state);
    if (becameLive)
      void get()
        .sayHello()
        .then((compatible) => (compatible ? get().refreshAll() : undefined));
  },
  retryConnectionNow() {
    deps.reconnectNow?.();
  },
});
