/**
 * Inbound webhook: "anything else" pushes posts as JSON to POST /api/webhooks/<name> (the hub
 * mounts it). The validator is pure (headers, raw body, now) → response + posts, so the hub owns
 * HTTP and this file owns auth, size, validation, normalization and the inbox protocol.
 *
 * Auth is either the shared secret in `X-Surge-Secret` or an HMAC-SHA256 of the raw body in
 * `X-Surge-Signature: sha256=<hex>`; both compared in constant time.
 *
 * "Accepted" means stored: the adapter answers 202 only after the delivery is committed to the
 * durable inbox (main/store/webhookInbox.ts), and poll() drains that inbox, so a crash after
 * the 202 loses nothing (DESIGN: "Nothing accepted is lost").
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { normalizedPostSchema, type NormalizedPost } from '../../shared/domain.js';
import { readCursorWith, type PollContext, type PollResult, type SourceAdapter } from './types.js';
import { htmlToText, safeUrl, truncate } from './html.js';
import { clampCreatedAt, parseTimestamp } from './time.js';
import { isDiskFull } from '../lib/errors.js';

export const WEBHOOK_MAX_BODY_BYTES = 1_048_576;
export const WEBHOOK_MAX_POSTS = 1_000;
/**
 * Per source, what may wait in the inbox; beyond it the sender gets 503 + Retry-After, so a
 * flood (or a stalled store) cannot fill the disk. 64 MiB is 64 full-size deliveries.
 */
export const WEBHOOK_INBOX_LIMITS: InboxLimits = { maxPosts: 20_000, maxBytes: 64 * 1024 * 1024 };
/** Posts handed to the pipeline per poll: one transaction stays short, the rest follows in a second. */
const POLL_MAX_POSTS = 5_000;
const RETRY_AFTER_FULL_SECONDS = 30;
const RETRY_AFTER_FAILED_SECONDS = 60;

export interface WebhookOptions {
  name: string;
  secret: string;
}

export interface WebhookResponse {
  status: number;
  body: { ok: boolean; accepted?: number; error?: string };
  posts: NormalizedPost[];
  /** Extra response headers (Retry-After on a 503). */
  headers?: Record<string, string>;
  /** Why a delivery could not be stored, for the log; never sent to the sender. */
  problem?: unknown;
}

/** Checks and normalizes one delivery; 200 means "valid", nothing is stored yet. */
export type WebhookValidator = (headers: Record<string, string | undefined>, rawBody: string, now: number) => WebhookResponse;

export interface InboxLimits {
  maxPosts: number;
  maxBytes: number;
}

/** The durable inbox as this adapter needs it; main/store/webhookInbox.ts implements it. */
export interface WebhookInbox {
  /** Commits durably and returns the id, or null (nothing written) when `limits` would be passed. Throws when the store fails. */
  append(source: string, receivedAt: number, postsJson: string, postCount: number, limits: InboxLimits): number | null;
  after(source: string, afterId: number, maxPosts: number): { deliveries: { id: number; posts: string }[]; more: boolean };
  deleteThrough(source: string, id: number): number;
}

/** Stores a delivery, then answers: 202 once it is durable, 503 when it could not be. */
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
    // eslint-disable-next-line security/detect-unsafe-regex -- '-' separates the repeats: linear
    lang: lang && /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(lang) ? lang : null,
    createdAt: createdAtOf(p.createdAt, now),
    fetchedAt: now,
    engagement: {},
  };
}

function fail(status: number, error: string): WebhookResponse {
  return { status, body: { ok: false, error }, posts: [] };
}

function unavailable(error: string, retryAfterSeconds: number, problem?: unknown): WebhookResponse {
  return { ...fail(503, error), headers: { 'retry-after': String(retryAfterSeconds) }, ...(problem === undefined ? {} : { problem }) };
}

export function createWebhookHandler(options: WebhookOptions): WebhookValidator {
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
      return fail(
        400,
        `Expected { posts: [{ id, text, author?, url?, createdAt?, lang? }] } or one post${where}: ${issue?.message ?? 'invalid'}`,
      );
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

/** A webhook source: the hub calls `handle`, the poller drains the inbox via poll. */
export interface WebhookAdapter extends SourceAdapter {
  readonly type: 'webhook';
  readonly handle: WebhookHandler;
}

export function isWebhookAdapter(a: SourceAdapter): a is WebhookAdapter {
  return a.type === 'webhook' && typeof (a as Partial<WebhookAdapter>).handle === 'function';
}

export interface WebhookAdapterOptions extends WebhookOptions {
  limits?: InboxLimits;
  /** The store's durable inbox; without one (a source being tested) deliveries get 503. */
  inbox?: WebhookInbox;
}

/**
 * The cursor is the id of the last inbox row whose posts the poller stored. Its own shape, so
 * a cursor from the old in-memory queue (a bare number near 1.7e15) reads as "none" instead
 * of hiding every inbox row below it.
 */
const cursorSchema = z.object({ inboxId: z.number().int().nonnegative() });

function decodePosts(json: string): NormalizedPost[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const posts: NormalizedPost[] = [];
  // Post by post: one odd entry must not take the rest of its delivery with it.
  for (const item of raw) {
    const parsed = normalizedPostSchema.safeParse(item);
    if (parsed.success) posts.push(parsed.data);
  }
  return posts;
}

export function createWebhookAdapter(options: WebhookAdapterOptions): WebhookAdapter {
  const validate = createWebhookHandler(options);
  const limits = options.limits ?? WEBHOOK_INBOX_LIMITS;
  const inbox: WebhookInbox | null = options.inbox ?? null;

  const store = (posts: NormalizedPost[], now: number): WebhookResponse => {
    if (!inbox) return unavailable('This webhook is not accepting deliveries here; retry shortly.', RETRY_AFTER_FAILED_SECONDS);
    let id: number | null;
    try {
      id = inbox.append(options.name, now, JSON.stringify(posts), posts.length, limits);
    } catch (error) {
      // The transaction rolled back, so nothing was half-written; the sender keeps the delivery.
      const message = isDiskFull(error)
        ? 'The hub is out of disk space, so this delivery was not accepted; retry later.'
        : 'This delivery could not be stored right now, so it was not accepted; retry later.';
      return unavailable(message, RETRY_AFTER_FAILED_SECONDS, error);
    }
    if (id === null) return unavailable('Too many posts are waiting to be stored; retry later.', RETRY_AFTER_FULL_SECONDS);
    return { status: 202, body: { ok: true, accepted: posts.length }, posts };
  };

  const handle: WebhookHandler = (headers, rawBody, now) => {
    const res = validate(headers, rawBody, now);
    if (res.status !== 200) return res;
    if (res.posts.length === 0) return { ...res, status: 202 };
    return store(res.posts, now);
  };

  return {
    type: 'webhook',
    name: options.name,
    handle,
    async poll(ctx: PollContext): Promise<PollResult> {
      if (!inbox) return { posts: [], cursor: null };
      // The poller moves the cursor only after the pipeline stored the posts it covers, so
      // rows at or below it are safe to forget; a crash before that re-reads them and the
      // store's (source, external id) dedup keeps each post once.
      const acked = readCursorWith(cursorSchema, ctx.cursor)?.inboxId ?? 0;
      if (acked > 0) inbox.deleteThrough(options.name, acked);
      const { deliveries, more } = inbox.after(options.name, acked, POLL_MAX_POSTS);
      const last = deliveries[deliveries.length - 1];
      return {
        posts: deliveries.flatMap((d) => decodePosts(d.posts)),
        cursor: last ? JSON.stringify({ inboxId: last.id }) : null,
        hasMore: more,
      };
    },
  };
}
