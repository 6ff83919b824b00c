/**
 * Messages between the engine and the source worker. Both ends are this code base, started
 * by us, so messages are typed rather than schema-checked; what the outside sends (HTTP
 * bodies) is still validated by the adapters, inside the worker.
 */
import type { NormalizedPost } from '../../../shared/domain.js';
import type { SourceConfig } from '../../sources/config.js';
import { SourceError, type HttpRequest, type HttpResponse, type SourceErrorKind } from '../../sources/types.js';
import type { Enrichment, StatusIncident } from '../../../shared/domain.js';

export interface WireError {
  kind: SourceErrorKind | null;
  message: string;
  retryAt: number | null;
}

export type ToWorker =
  | { t: 'open'; key: number; config: SourceConfig }
  | { t: 'close'; key: number }
  | {
      t: 'poll';
      id: number;
      key: number;
      cursor: string | null;
      backfill: { maxPosts: number; maxAgeMs: number };
      intervalMs: number | undefined;
      now: number;
    }
  | { t: 'http-result'; id: number; now: number; res: HttpResponse | null; error: WireError | null };

export type FromWorker =
  | { t: 'http'; id: number; poll: number; url: string; init: HttpRequest | undefined }
  /** `result` is JSON: V8 parses it faster than it deserializes the same objects cloned. */
  | { t: 'done'; id: number; result: string }
  | { t: 'failed'; id: number; error: WireError };

/** A post decoded in the worker carries its enrichment with it. */
export type EnrichedPost = NormalizedPost & Enrichment;

export const isEnriched = (post: NormalizedPost): post is EnrichedPost =>
  Array.isArray((post as Partial<EnrichedPost>).terms) && typeof (post as Partial<EnrichedPost>).outageIntent === 'number';

/**
 * A post as one JSON array: V8 parses arrays of plain values about twice as fast as the
 * same objects, and this thread has only the store's work left to do.
 */
export type WirePost = [
  source: string,
  externalId: string,
  url: string | null,
  author: string,
  text: string,
  lang: string | null,
  createdAt: number,
  fetchedAt: number,
  likes: number | null,
  reposts: number | null,
  replies: number | null,
  quotes: number | null,
  terms: string[],
  outageIntent: number,
];

export function toWirePost(p: NormalizedPost, e: Enrichment): WirePost {
  const g = p.engagement;
  return [
    p.source,
    p.externalId,
    p.url,
    p.author,
    p.text,
    p.lang,
    p.createdAt,
    p.fetchedAt,
    g.likes ?? null,
    g.reposts ?? null,
    g.replies ?? null,
    g.quotes ?? null,
    e.terms,
    e.outageIntent,
  ];
}

export function fromWirePost(w: WirePost): EnrichedPost {
  const engagement: NormalizedPost['engagement'] = {};
  if (w[8] !== null) engagement.likes = w[8];
  if (w[9] !== null) engagement.reposts = w[9];
  if (w[10] !== null) engagement.replies = w[10];
  if (w[11] !== null) engagement.quotes = w[11];
  return {
    source: w[0],
    externalId: w[1],
    url: w[2],
    author: w[3],
    text: w[4],
    lang: w[5],
    createdAt: w[6],
    fetchedAt: w[7],
    engagement,
    terms: w[12],
    outageIntent: w[13],
  };
}

/** A poll's result as the worker encodes it. */
export interface WirePollResult {
  posts: WirePost[];
  incidents?: StatusIncident[];
  cursor: string | null;
  hasMore?: boolean;
}

export function toWireError(error: unknown): WireError {
  if (error instanceof SourceError) return { kind: error.kind, message: error.message, retryAt: error.retryAt };
  return { kind: null, message: error instanceof Error ? error.message : String(error), retryAt: null };
}

/** Back into the error the poller and the Sources view already understand. */
export function fromWireError(wire: WireError): Error {
  return wire.kind === null ? new Error(wire.message) : new SourceError(wire.kind, wire.message, wire.retryAt);
}
