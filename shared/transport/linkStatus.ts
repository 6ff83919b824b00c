/**
 * A link's status and who listens to it, for every transport (the hub's WebSocket, and IPC
 * following the desktop's hub link): repeats are dropped, and `onState` hears only changes of
 * connecting / open / closed.
 */
import type { LinkState, LinkStatus } from './types.js';

export interface LinkStatusFeed {
  get(): LinkStatus;
  set(next: LinkStatus): void;
  onStatus(listener: (status: LinkStatus) => void): () => void;
  onState(listener: (state: LinkState) => void): () => void;
  /** Drops every listener (the transport closed for good). */
  clear(): void;
}

export function createLinkStatusFeed(initial: LinkStatus): LinkStatusFeed {
  let status = initial;
  const listeners = new Set<(status: LinkStatus) => void>();
  const subscribe = (listener: (status: LinkStatus) => void) => {
    listeners.add(listener);
    listener(status);
    return () => void listeners.delete(listener);
  };
  return {
    get: () => status,
    set(next) {
      const same = next.state === status.state && next.attempt === status.attempt && next.retryAt === status.retryAt;
      if (same && next.notice === status.notice) return;
      status = next;
      for (const listener of [...listeners]) listener(status);
    },
    onStatus: subscribe,
    onState(listener) {
      let last: LinkState | null = null;
      return subscribe((next) => {
        if (next.state === last) return;
        last = next.state;
        listener(next.state);
      });
    },
    clear: () => listeners.clear(),
  };
}
