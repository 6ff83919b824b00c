/** What a publisher is: one account's sender. The scheduler owns claims, retries and the gate. */
import type { DeliveryResult } from '../store/publishGate.js';

export interface SendRequest {
  text: string;
  /** Mastodon: the Idempotency-Key; Bluesky: the record key; X: only logged. */
  key: string;
  /** 1 for the first try. */
  attempt: number;
}

/**
 * Never throws: every answer, including a crash of the network stack, becomes a result with
 * the service's reason in plain words. `retry.at` is when to try again (the scheduler caps
 * the attempts); `unknown` says the send may or may not have happened and must not be repeated.
 */
export interface Publisher {
  send(request: SendRequest): Promise<DeliveryResult>;
}
