/** What the header shows about the link to the engine. */
export type ConnectionPhase = 'connecting' | 'live' | 'disconnected';

export interface ConnectionState {
  connectionPhase: ConnectionPhase;
  /** Failed attempts since the last successful connect (0 while live). */
  connectionAttempt: number;
  /** When the next automatic retry happens (epoch ms), while disconnected. */
  connectionRetryAt: number | null;
  /** While disconnected: why the hub refused the last connect (e.g. too many requests from here), in plain words. */
  connectionNotice: string | null;
  /** Epoch ms of the last time the link became live; null before the first connect. */
  connectionLiveSince: number | null;
  /** How many times the link came back after a drop (for "reconnected" notices and tests). */
  connectionReconnects: number;
  /** Epoch ms the live link dropped (for "offline since"); null while live or before the first connect. */
  connectionDownSince: number | null;
}

export const initialConnectionState: ConnectionState = {
  connectionPhase: 'connecting',
  connectionAttempt: 0,
  connectionRetryAt: null,
  connectionNotice: null,
  connectionLiveSince: null,
  connectionReconnects: 0,
  connectionDownSince: null,
};
