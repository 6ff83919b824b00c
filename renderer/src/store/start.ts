/**
 * Wires a desk store to its transport: link status → connection slice (which reloads on
 * every connect), client events → slices, and the clock that moves the chart window.
 * Returns one function that undoes all of it.
 */
import type { ManagedTransport } from '../../../shared/transport/types.js';
import type { DeskStoreApi } from './store.js';

export interface StartOptions {
  /** How often the chart window follows the clock when no posts arrive. */
  clockMs?: number;
  /** How often volume history is reloaded, to correct any drift from missed or doubled ticks. */
  resyncMs?: number;
}

export function startDesk(store: DeskStoreApi, transport: Pick<ManagedTransport, 'onStatus'>, options: StartOptions = {}): () => void {
  const unbind = store.getState().bindEvents();
  store.getState().restoreBoardQueue();
  const offStatus = transport.onStatus((status) => store.getState().applyLinkStatus(status));
  const clock = setInterval(() => store.getState().advanceVolumeClock(), options.clockMs ?? 10_000);
  const resync = setInterval(
    () => {
      const state = store.getState();
      if (state.connectionPhase === 'live' && state.contractMismatch === null) void state.loadVolume();
    },
    options.resyncMs ?? 5 * 60_000,
  );
  return () => {
    clearInterval(clock);
    clearInterval(resync);
    offStatus();
    unbind();
  };
}
