/**
 * Inbound webhook: "anything else" pushes posts as JSON to POST /api/webhooks/<name> (the hub
 * mounts it). The handler is pure (headers, raw body, now) → response + posts, so the hub owns
 * HTTP and this file owns auth, size, validation and normalization.
 *
 * Auth is either the shared secret in `X-Surge-Secret` or an HMAC-SHA256 of the raw body in
 * `X-Surge-Signature: sha256=<hex>`; both compared in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { NormalizedPost } from '../../shared/domain.js';
import type { PollContext, PollResult, SourceAdapter, StreamContext } from './types.js';
import { htmlToText, safeUrl, truncate } from './html.js';
import { clampCreatedAt, parseTimestamp } from './time.js';

export const WEBHOOK_MAX_BODY_BYTES = 1_048_576;
export const WEBHOOK_MAX_POSTS = 1_000;
/** Posts accepted but not yet polled; beyond this the sender gets 503 and should retry. */
const MAX_QUEUE = 20_000;

export interface WebhookOptions {
  name: string;
  secret: string;
}

export interface WebhookResponse {
  status: number;
  body: { ok: boolean; accepted?: number; error?: string };
  posts: NormalizedPost[];
}

export type WebhookHandler = (headers: Record<string, string | undefined>, rawBody: string, now: number) => WebhookResponse;

const idSchema = z.union([z.string().trim().min(1).max(512), z.number().int().nonnegative()]).transform(String);
const postSchema = z.object({
  id: idSchema,
  text: z.string().max(200_000),
  author: z.string().max(512).nullish(),
  url: z.string().max(2048).nullish(),
  // ISO 8601 string, or epoch milliseconds (epoch seconds are recognised by their size).
  createdAt: z.union([z.string().max(64), z.number().finite()]).nullish(),
  lang: z.string().max(16).nullish(),
});
const batchSchema = z.object({ posts: z.array(postSchema).min(1).max(WEBHOOK_MAX_POSTS) });
type WebhookPost = z.infer<typeof postSchema>;

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Equal-length digests make timingSafeEqual usable on inputs of any length. */
function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

function lowerHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

function authorized(headers: Record<string, string>, rawBody: string, secret: string): boolean {
  const given = headers['x-surge-secret'];
  const signature = headers['x-surge-signature'];
  let ok = false;
  if (given !== undefined) ok = constantTimeEqual(given, secret) || ok;
  if (signature !== undefined) {
    const expected = 'sha256=' + createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
    ok = constantTimeEqual(signature.trim().toLowerCase(), expected) || ok;
  }
  return ok;
}

function createdAtOf(value: WebhookPost['createdAt'], now: number): number {
  if (value === undefined || value === null) return now;
  let ms: number | null;
  if (typeof value === 'number') ms = value < 1e11 ? value * 1000 : value;
  else ms = parseTimestamp(value);
  // Clock skew on the sender's side must not put posts in the future.
  return clampCreatedAt(ms, now).createdAt;
}

function toPost(source: string, p: WebhookPost, now: number): NormalizedPost | null {
  const text = truncate(htmlToText(p.text), 100_000);
  if (text === '') return null;
  const lang = p.lang?.trim().toLowerCase();
  return {
    source,
    externalId: p.id,
    url: safeUrl(p.url ?? null),
    author: truncate(htmlToText(p.author ?? ''), 512),
    text,
    lang: lang && /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(lang) ? lang : null,
    createdAt: createdAtOf(p.createdAt, now),
    fetchedAt: now,
    engagement: {},
  };
}

function fail(status: number, error: string): WebhookResponse {
  return { status, body: { ok: false, error }, posts: [] };
}

export function createWebhookHandler(options: WebhookOptions): WebhookHandler {
  if (options.secret.length < 16) throw new Error(`Webhook "${options.name}": the secret must be at least 16 characters`);
  return (headers, rawBody, now) => {
    // Size first: hashing or parsing a huge body is exactly the work an attacker wants us to do.
    if (Buffer.byteLength(rawBody, 'utf8') > WEBHOOK_MAX_BODY_BYTES) return fail(413, 'Body is larger than 1 MiB');
    const h = lowerHeaders(headers);
    if (!authorized(h, rawBody, options.secret)) {
      return fail(401, 'Missing or wrong X-Surge-Secret / X-Surge-Signature');
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return fail(400, 'Body is not valid JSON');
    }
    // Choosing the shape first keeps error paths precise ("posts.3.text") instead of a union blur.
    const isBatch = typeof json === 'object' && json !== null && !Array.isArray(json) && 'posts' in json;
    const parsed = isBatch ? batchSchema.safeParse(json) : postSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return fail(400, `Expected { posts: [{ id, text, author?, url?, createdAt?, lang? }] } or one post${where}: ${issue?.message ?? 'invalid'}`);
    }
    const list = 'posts' in parsed.data ? parsed.data.posts : [parsed.data];
    const posts: NormalizedPost[] = [];
    for (const p of list) {
      const post = toPost(options.name, p, now);
      if (post) posts.push(post);
    }
    return { status: 200, body: { ok: true, accepted: posts.length }, posts };
  };
}

/** A webhook source: the hub calls `handle`, the poller drains what arrived via poll/stream. */
export interface WebhookAdapter extends SourceAdapter {
  readonly type: 'webhook';
  readonly handle: WebhookHandler;
}

export function isWebhookAdapter(a: SourceAdapter): a is WebhookAdapter {
  return a.type === 'webhook' && typeof (a as Partial<WebhookAdapter>).handle === 'function';
}

export function createWebhookAdapter(options: WebhookOptions): WebhookAdapter {
  const inner = createWebhookHandler(options);
  // Sequence-numbered queue: a post leaves it only once the poller hands back a cursor at or
  // past its number, i.e. after the store accepted it. A failed store re-delivers.
  let queue: { seq: number; post: NormalizedPost }[] = [];
  // Starts from the wall clock so numbers keep growing across restarts (the cursor persists).
  let seq = Date.now() * 1000;
  const listeners = new Set<StreamContext>();

  const handle: WebhookHandler = (headers, rawBody, now) => {
    const res = inner(headers, rawBody, now);
    if (res.status !== 200 || res.posts.length === 0) return res;
    if (listeners.size > 0) {
      for (const l of listeners) l.onPosts(res.posts, null);
      return res;
    }
    if (queue.length + res.posts.length > MAX_QUEUE) {
      // Telling the sender to retry is better than accepting posts we would then drop.
      return fail(503, 'Too many posts waiting to be stored; retry later');
    }
    for (const post of res.posts) queue.push({ seq: ++seq, post });
    return res;
  };

  return {
    type: 'webhook',
    name: options.name,
    handle,
    async poll(ctx: PollContext): Promise<PollResult> {
      const acked = Number(ctx.cursor ?? '0');
      if (Number.isFinite(acked)) queue = queue.filter((q) => q.seq > acked);
      const batch = queue.slice(0, 5_000);
      const last = batch[batch.length - 1];
      return { posts: batch.map((q) => q.post), cursor: last ? String(last.seq) : null, hasMore: queue.length > batch.length };
    },
    stream(ctx: StreamContext) {
      listeners.add(ctx);
      if (queue.length > 0) {
        const pending = queue;
        queue = [];
        ctx.onPosts(pending.map((q) => q.post), null);
      }
      return { close: () => void listeners.delete(ctx) };
    },
  };
}
