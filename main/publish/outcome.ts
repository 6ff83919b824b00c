/**
 * Turning an HTTP exchange with a network into a delivery result. One place decides which
 * failures are worth another try and which are final, so the three publishers agree.
 */
import { type z } from 'zod';
import { apiLabel, classifyResponse, looksLikeHtml, parseJson, serverMessage } from '../sources/http.js';
import { backoffDelay } from '../sources/rateLimit.js';
import { SourceError, type HttpClient, type HttpResponse } from '../sources/types.js';
import type { DeliveryResult } from '../store/publishGate.js';
import type { Network } from '../../shared/publishing/networks.js';

export interface OutcomeContext {
  network: Network;
  now(): number;
  attempt: number;
  /**
   * Whether sending again is safe when we cannot tell if the first send landed (a timeout,
   * a cut connection, a 2xx we could not read): true for Mastodon (Idempotency-Key) and
   * Bluesky (fixed record key), false for X.
   */
  idempotent: boolean;
  /** Injectable jitter for tests. */
  random?: () => number;
}

export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 30 * 60_000;

const retryAt = (ctx: OutcomeContext, serverAt: number | null): number =>
  serverAt ??
  ctx.now() + backoffDelay(ctx.attempt, { baseMs: RETRY_BASE_MS, capMs: RETRY_CAP_MS, ...(ctx.random ? { random: ctx.random } : {}) });

/** A failure before or after the request reached the service, as a result. */
export function failureOf(error: unknown, ctx: OutcomeContext, answered: boolean): DeliveryResult {
  const label = apiLabel(ctx.network);
  if (!(error instanceof SourceError))
    return { kind: 'failed', error: `${label}: the send failed unexpectedly (${String(error).slice(0, 200)})` };
  switch (error.kind) {
    case 'rate_limited':
      return { kind: 'retry', at: retryAt(ctx, error.retryAt), error: error.message };
    case 'server':
      return { kind: 'retry', at: retryAt(ctx, null), error: error.message };
    case 'network':
    case 'timeout':
    case 'too_large':
    case 'malformed':
      // The request may have reached the service: only an idempotent send may go again.
      if (ctx.idempotent || (!answered && /refused|resolve|No network route/i.test(error.message)))
        return { kind: 'retry', at: retryAt(ctx, null), error: error.message };
      return {
        kind: 'unknown',
        error: `${error.message}. ${label} may or may not have published it, and it has no way to tell a repeat apart: check the account before deciding, so it is not posted twice.`,
      };
    default:
      return { kind: 'failed', error: error.message };
  }
}

/** POSTs JSON and gives back the answer, or the SourceError that explains it. */
export async function postJson(http: HttpClient, url: string, headers: Record<string, string>, body: unknown): Promise<HttpResponse> {
  return http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Throws the SourceError a non-2xx (or an HTML page) means; for 403 the wording is about posting, not searching. */
export function checkAnswer(res: HttpResponse, network: Network, now: number): void {
  if (res.status === 403) {
    const said = serverMessage(res);
    throw new SourceError('blocked', `${apiLabel(network)} refused to publish with this account (HTTP 403)${said ? `: ${said}` : ''}`);
  }
  classifyResponse(res, network, now, true);
  if (looksLikeHtml(res)) throw new SourceError('malformed', `${apiLabel(network)} answered with a web page instead of data`);
}

/** Parses a 2xx body; a body without what proves the post exists is malformed, never a success. */
export function readAnswer<T extends z.ZodType>(res: HttpResponse, network: Network, schema: T, what: string): z.infer<T> {
  const data = parseJson(res, network);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceError(
      'malformed',
      `${apiLabel(network)} answered HTTP ${res.status} without ${what}${issue?.path.length ? ` (${issue.path.join('.')}: ${issue.message})` : ''}`,
    );
  }
  return parsed.data;
}
