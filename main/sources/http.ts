/**
 * The one HTTP client every connector uses: global fetch with a hard deadline over
 * headers AND body, a streamed body cap, manual redirects with loop detection, and
 * transport failures turned into SourceError with plain words for the Sources view.
 *
 * Node's fetch (undici) would otherwise wait 300 s for headers and buffer any body size.
 */
import type { z } from 'zod';
import type { SourceType } from '../../shared/domain.js';
import { type HttpClient, type HttpRequest, type HttpResponse, SourceError } from './types.js';
import { rateLimitRetryAt } from './rateLimit.js';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

export interface HttpClientOptions {
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxRedirects?: number;
  /** Reddit throttles default agents; every connector sends ours. */
  userAgent: string;
  fetchImpl?: typeof fetch;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const doFetch = opts.fetchImpl ?? fetch;

  return {
    async request(url: string, init: HttpRequest = {}): Promise<HttpResponse> {
      let current = parseHttpUrl(url);
      // One deadline for the whole exchange, redirects and body included.
      const signal = AbortSignal.timeout(timeoutMs);
      let method = init.method ?? 'GET';
      let body = init.body;
      let headers: Record<string, string> = { 'user-agent': opts.userAgent, ...lowerKeys(init.headers ?? {}) };
      const seen = new Set<string>([current.href]);
      for (let hop = 0; ; hop++) {
        let res: Response;
        try {
          res = await doFetch(current.href, { method, headers, body, redirect: 'manual', signal });
        } catch (err) {
          throw transportError(err, current, timeoutMs);
        }
        const location = res.headers.get('location');
        if (REDIRECT.has(res.status) && location) {
          await res.body?.cancel().catch(() => undefined);
          const next = resolveRedirect(location, current);
          if (seen.has(next.href)) {
            throw new SourceError('server', `${current.hostname} redirects in a loop (${next.pathname} leads back to itself)`);
          }
          if (hop + 1 > maxRedirects) {
            throw new SourceError('server', `${current.hostname} redirected more than ${maxRedirects} times`);
          }
          seen.add(next.href);
          // Credentials are for the host they were configured for, never for a redirect target.
          if (next.origin !== current.origin) {
            const { authorization: _a, cookie: _c, ...rest } = headers;
            headers = rest;
          }
          if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
            const { 'content-type': _ct, ...rest } = headers;
            headers = rest;
          }
          current = next;
          continue;
        }
        const text = await readCapped(res, maxBody, current, timeoutMs);
        const outHeaders: Record<string, string> = {};
        res.headers.forEach((value, key) => {
          outHeaders[key.toLowerCase()] = value;
        });
        return { status: res.status, headers: outHeaders, body: text, url: current.href };
      }
    },
  };
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SourceError('config', `"${raw.slice(0, 200)}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SourceError('config', `Only http and https URLs are allowed, not ${url.protocol}`);
  }
  return url;
}

function resolveRedirect(location: string, from: URL): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new SourceError('server', `${from.hostname} redirected to an invalid address`);
  }
  if (next.protocol !== 'https:' && next.protocol !== 'http:') {
    throw new SourceError('server', `${from.hostname} redirected to a non-web address (${next.protocol})`);
  }
  return next;
}

async function readCapped(res: Response, maxBytes: number, url: URL, timeoutMs: number): Promise<string> {
  const tooLarge = () =>
    new SourceError('too_large', `${url.hostname} sent a response larger than ${formatBytes(maxBytes)}; it was not read`);
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw transportError(err, url, timeoutMs);
  }
  const all = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.byteLength;
  }
  return new TextDecoder('utf-8').decode(all);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** undici hides the useful code several causes deep, sometimes inside an AggregateError. */
function findCode(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 5) return null;
  const e = err as ErrorLike;
  if (typeof e.code === 'string' && !e.code.startsWith('UND_ERR_SOCKET')) return e.code;
  const fromCause = findCode(e.cause, depth + 1);
  if (fromCause) return fromCause;
  if (Array.isArray(e.errors))
    for (const inner of e.errors) {
      const c = findCode(inner, depth + 1);
      if (c) return c;
    }
  return typeof e.code === 'string' ? e.code : null;
}

function isTimeout(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as ErrorLike;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  return isTimeout(e.cause, depth + 1);
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/** Map a fetch/stream failure to a SourceError in words an admin can act on. */
export function transportError(err: unknown, url: URL, timeoutMs: number): SourceError {
  if (err instanceof SourceError) return err;
  const host = url.hostname;
  if (isTimeout(err)) return new SourceError('timeout', `${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s`);
  const code = findCode(err);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new SourceError('network', `Could not resolve host ${host}`);
    case 'ECONNREFUSED':
      return new SourceError('network', `Connection refused by ${host}${url.port ? `:${url.port}` : ''}`);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return new SourceError('network', `Connection to ${host} was cut off`);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new SourceError('timeout', `${host} did not answer in time`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new SourceError('network', `No network route to ${host}`);
    default:
      if (code && TLS_CODES.test(code)) {
        return new SourceError('network', `Secure connection to ${host} failed: its certificate was not accepted (${code})`);
      }
      return new SourceError('network', `Could not connect to ${host}${code ? ` (${code})` : ''}`);
  }
}

/** Which API we were talking to: only changes wording and a few API-specific rules. */
export type ApiName = SourceType | 'generic';

const API_LABEL: Record<ApiName, string> = {
  demo: 'The demo source',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  reddit: 'Reddit',
  x: 'X',
  hackernews: 'Hacker News',
  rss: 'The feed',
  statuspage: 'The status page',
  webhook: 'The webhook',
  generic: 'The server',
};

export function apiLabel(api: ApiName): string {
  return API_LABEL[api];
}

export function looksLikeHtml(res: HttpResponse): boolean {
  const type = res.headers['content-type'] ?? '';
  if (/text\/html|application\/xhtml/i.test(type)) return true;
  // A JSON body starts with '[' or '{': no need to copy and lower-case its head.
  const first = res.body.charCodeAt(0);
  if (first === 91 || first === 123) return false;
  const head = res.body.slice(0, 200).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head') || head.startsWith('<body');
}

/** The server's own explanation, from any of the error shapes these APIs use, kept short. */
export function serverMessage(res: HttpResponse): string | null {
  if (looksLikeHtml(res)) {
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(res.body.slice(0, 4096));
    return title?.[1] ? title[1].trim() : null;
  }
  let data: unknown;
  try {
    data = JSON.parse(res.body);
  } catch {
    const t = res.body.trim();
    return t && t.length <= 200 && !/[<>{}]/.test(t) ? t : null;
  }
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const pick = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : null);
  const first = Array.isArray(d.errors) && d.errors[0] && typeof d.errors[0] === 'object' ? (d.errors[0] as Record<string, unknown>) : null;
  return pick(d.detail) ?? pick(d.error_description) ?? pick(d.message) ?? pick(d.error) ?? pick(d.title) ?? pick(first?.message) ?? null;
}

/**
 * Throw the SourceError a non-success response means; return quietly for a usable 2xx.
 * `expectJson` also rejects an HTML page served with 200 (captive portals, block pages).
 */
export function classifyResponse(res: HttpResponse, api: ApiName, now: number = Date.now(), expectJson = true): void {
  const label = apiLabel(api);
  const s = res.status;
  if (s >= 200 && s < 300) {
    if (expectJson && looksLikeHtml(res)) {
      throw new SourceError(
        'malformed',
        `${label} answered with a web page instead of data (HTTP ${s}); a proxy or login page may be in the way`,
      );
    }
    return;
  }
  // Only an error needs the server's explanation: parsing a good page here would parse it twice.
  const said = serverMessage(res);
  const suffix = said ? `: ${said}` : '';
  if (s === 429) {
    const capped = /usage-capped|usagecap/i.test(res.body.slice(0, 2000));
    const why = capped ? `${label} usage cap reached${suffix}` : `${label} rate limit reached; waiting as the server asked`;
    throw new SourceError('rate_limited', why, rateLimitRetryAt(res.headers, now));
  }
  if (api === 'bluesky' && s === 400 && errorName(res) === 'ExpiredToken') {
    throw new SourceError('auth', 'Bluesky session expired and could not be renewed; check the app password');
  }
  if (s === 401) throw new SourceError('auth', `${label} rejected the credentials (HTTP 401)${suffix}`);
  if (s === 403) {
    // eslint-disable-next-line security/detect-possible-timing-attacks -- api names the service, not a secret
    if (api === 'bluesky') {
      throw new SourceError(
        'blocked',
        'Bluesky refused the search (HTTP 403). Public search is often switched off: add a Bluesky handle and app password to this source so it searches through your account',
      );
    }
    if (api === 'reddit' && looksLikeHtml(res)) {
      throw new SourceError(
        'blocked',
        'Reddit blocked the request (HTTP 403 page). Check the app client id and secret; unauthenticated access is blocked',
      );
    }
    throw new SourceError('blocked', `${label} refused access (HTTP 403)${suffix}`);
  }
  if (s === 404 || s === 410) throw new SourceError('not_found', `${label} says this does not exist (HTTP ${s})${suffix}`);
  if (s === 400 || s === 422) throw new SourceError('config', `${label} rejected the request (HTTP ${s})${suffix}`);
  if (s === 413 || s === 501) throw new SourceError('config', `${label} cannot serve this request (HTTP ${s})${suffix}`);
  if (s >= 500) throw new SourceError('server', `${label} is having trouble (HTTP ${s})${looksLikeHtml(res) ? '' : suffix}`);
  throw new SourceError('server', `${label} answered with unexpected HTTP ${s}${suffix}`);
}

/** The XRPC / OAuth `error` name, when the body is JSON and carries one. */
export function errorName(res: HttpResponse): string | null {
  try {
    const d: unknown = JSON.parse(res.body);
    if (d && typeof d === 'object' && typeof (d as { error?: unknown }).error === 'string') return (d as { error: string }).error;
  } catch {
    // not JSON: no name
  }
  return null;
}

export function parseJson(res: HttpResponse, api: ApiName = 'generic'): unknown {
  if (looksLikeHtml(res)) {
    throw new SourceError('malformed', `${apiLabel(api)} answered with a web page instead of data`);
  }
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    throw new SourceError(
      'malformed',
      `${apiLabel(api)} sent data that is not valid JSON (cut off or corrupted, ${res.body.length} characters)`,
    );
  }
}

/** Validate a parsed body; a wrong shape becomes SourceError('malformed') naming the field. */
export function parseShape<T extends z.ZodType>(schema: T, data: unknown, api: ApiName, what: string): z.infer<T> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new SourceError('malformed', `${apiLabel(api)} sent ${what} in an unexpected shape${where}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Validate list items one by one: a single odd item is skipped rather than sinking the
 * page (the cursor still moves past it), but a page where every item is wrong is an error.
 *
 * `fast` is an optional hand-written guard for the usual shape of an item: it returns exactly
 * what `schema` would, or `undefined` to let `schema` decide (anything unusual, every error).
 */
export function parseItems<T extends z.ZodType>(
  schema: T,
  items: readonly unknown[],
  api: ApiName,
  what: string,
  fast?: (item: unknown) => z.infer<T> | undefined,
): z.infer<T>[] {
  const out: z.infer<T>[] = [];
  let firstError: z.ZodError | null = null;
  for (const item of items) {
    const quick = fast?.(item);
    if (quick !== undefined) {
      out.push(quick);
      continue;
    }
    const r = schema.safeParse(item);
    if (r.success) out.push(r.data);
    else firstError ??= r.error;
  }
  if (items.length > 0 && out.length === 0 && firstError) {
    const issue = firstError.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new SourceError('malformed', `${apiLabel(api)} sent ${what} in an unexpected shape${where}: ${issue?.message ?? 'invalid'}`);
  }
  return out;
}
