import type { Transport } from '../contract/client.js';

export type LinkState = 'connecting' | 'open' | 'closed';

/** What the status bar needs beyond open/closed: which retry this is and when it happens. */
export interface LinkStatus {
  state: LinkState;
  /** Consecutive failed connection attempts since the last successful open. */
  attempt: number;
  /** Epoch ms of the next reconnect attempt while closed, else null. */
  retryAt: number | null;
  /** While closed: why the hub refused the last connect, in plain words (absent when it gave no reason). */
  notice?: string;
}

/** A transport the renderer can also steer: show retry details, retry now, shut down. */
export interface ManagedTransport extends Transport {
  status(): LinkStatus;
  onStatus(listener: (status: LinkStatus) => void): () => void;
  /** Skip the wait and try to reconnect immediately (no-op while open or connecting). */
  reconnectNow(): void;
  /** Closes for good: pending calls fail, no reconnect. */
  close(): void;
}
