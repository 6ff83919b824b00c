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
  /** How often volume history (the wall's extra series too) is reloaded, to correct any drift from missed or doubled ticks. */
  resyncMs?: number;
  /** The board copy is written this long after a change (a burst is one write) and at most once per `boardCacheEveryMs`. */
  boardCacheDelayMs?: number;
  boardCacheEveryMs?: number;
}

/** Runs `task` once, `delayMs` after the first call, and no sooner than `everyMs` after the last run. */
export function throttled(task: () => void, delayMs: number, everyMs: number, now: () => number = Date.now) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRun = -Infinity;
  const run = () => {
    timer = null;
    lastRun = now();
    task();
  };
  return {
    schedule() {
      if (timer === null) timer = setTimeout(run, Math.max(delayMs, lastRun + everyMs - now()));
    },
    /** Runs a pending call at once (the page is going away, or the link just dropped). */
    flush() {
      if (timer === null) return;
      clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

export function startDesk(store: DeskStoreApi, transport: Pick<ManagedTransport, 'onStatus'>, options: StartOptions = {}): () => void {
  const unbind = store.getState().bindEvents();
  store.getState().restoreBoardQueue();
  const offStatus = transport.onStatus((status) => {
    // Only once a connect failed: a hub that answers replaces the copy before anyone sees it.
    if (status.state === 'closed') store.getState().restoreBoardCache();
    store.getState().applyLinkStatus(status);
  });
  const saveBoard = throttled(
    () => store.getState().saveBoardCache(),
    options.boardCacheDelayMs ?? 1_000,
    options.boardCacheEveryMs ?? 10_000,
  );
  const offSave = store.subscribe((state, previous) => {
    if (state.boardCards !== previous.boardCards || state.boardPeople !== previous.boardPeople || state.boardSeq !== previous.boardSeq)
      saveBoard.schedule();
    if (previous.connectionPhase === 'live' && state.connectionPhase !== 'live') saveBoard.flush();
  });
  const clock = setInterval(() => store.getState().advanceVolumeClock(), options.clockMs ?? 10_000);
  const resync = setInterval(
    () => {
      const state = store.getState();
      if (state.connectionPhase !== 'live' || state.contractMismatch !== null) return;
      void state.loadVolume();
      void state.loadBands({ rereadHistory: true });
    },
    options.resyncMs ?? 5 * 60_000,
  );
  return () => {
    clearInterval(clock);
    clearInterval(resync);
    offStatus();
    offSave();
    saveBoard.flush();
    unbind();
  };
}
