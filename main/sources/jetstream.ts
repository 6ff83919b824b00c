/**
 * Bluesky live posts from Jetstream (`/subscribe?wantedCollections=app.bsky.feed.post`):
 * every new post on the network, filtered here against the source's query. Frames are read
 * by hand (the firehose is fast and nearly every frame is thrown away), posts are handed
 * over in batches, and a dropped socket resumes from the last `time_us` minus a rewind; the
 * overlap is deduped here and again by the store. Polling stays the safety net.
 */
import WebSocket, { type RawData } from 'ws';
import type { NormalizedPost } from '../../shared/domain.js';
import { SourceError, type StreamContext } from './types.js';
import { closeReason, connectionFailure } from './streamReason.js';
import { compileQuery, type Matcher } from './jetstreamQuery.js';
import { boundPost, cleanText, safeUrl } from './html.js';
import { clampCreatedAt, parseTimestamp } from './time.js';

export const DEFAULT_JETSTREAM_URL = 'wss://jetstream2.us-east.bsky.network';
const POST = 'app.bsky.feed.post';

export interface JetstreamTuning {
  /** Frames above this close the socket (ws `maxPayload`); the server is asked for half. */
  maxFrameBytes: number;
  /** How far before the last `time_us` a reconnect resumes. */
  rewindMs: number;
  flushMs: number;
  maxBatch: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** No frame for this long means a dead connection (the post firehose is never quiet). */
  idleMs: number;
  /** At most one unreadable-frame report per this many ms, with a count of the rest. */
  errorEveryMs: number;
}

export interface JetstreamOptions extends Partial<JetstreamTuning> {
  /** Source name stamped on every post. */
  name: string;
  /** The searchPosts query, matched on the client. */
  query: string;
  url?: string;
  random?: () => number;
}

const DEFAULTS: JetstreamTuning = {
  maxFrameBytes: 1024 * 1024,
  rewindMs: 5_000,
  flushMs: 250,
  maxBatch: 200,
  backoffBaseMs: 1_000,
  backoffCapMs: 5 * 60_000,
  idleMs: 60_000,
  errorEveryMs: 60_000,
};

// Syntax from the atproto specs; anything else must not reach an at-uri or a web link.
const DID = /^did:[a-z]+:[A-Za-z0-9._:%-]{1,2000}$/;
const RKEY = /^[A-Za-z0-9._:~-]{1,512}$/;
const RECENT_MAX = 2_000;

export interface PostFrame {
  kind: 'post';
  timeUs: number;
  did: string;
  rkey: string;
  text: string;
  record: Record<string, unknown>;
}
export type Frame = PostFrame | { kind: 'skip'; timeUs: number } | { kind: 'bad'; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One text frame → a post, something to skip (identity, account, delete, update…) or a reason it is unreadable. */
export function readFrame(raw: string): Frame {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { kind: 'bad', reason: 'not JSON' };
  }
  if (!isRecord(v)) return { kind: 'bad', reason: 'not an event object' };
  const { time_us: timeUs, did, kind, commit } = v;
  if (typeof timeUs !== 'number' || !Number.isSafeInteger(timeUs) || timeUs <= 0)
    return { kind: 'bad', reason: 'time_us is not whole microseconds' };
  if (typeof did !== 'string' || !DID.test(did)) return { kind: 'bad', reason: 'did is missing or not a DID' };
  if (typeof kind !== 'string') return { kind: 'bad', reason: 'kind is missing' };
  // identity, account and kinds added later carry no posts.
  if (kind !== 'commit') return { kind: 'skip', timeUs };
  if (!isRecord(commit)) return { kind: 'bad', reason: 'commit is missing' };
  const { operation, collection, rkey, record } = commit;
  if (typeof operation !== 'string' || typeof collection !== 'string' || typeof rkey !== 'string') {
    return { kind: 'bad', reason: 'commit lacks operation, collection or rkey' };
  }
  if (operation !== 'create' || collection !== POST) return { kind: 'skip', timeUs };
  if (!RKEY.test(rkey) || rkey === '.' || rkey === '..') return { kind: 'bad', reason: 'rkey is not a record key' };
  if (!isRecord(record) || typeof record.text !== 'string') return { kind: 'bad', reason: 'post record has no text' };
  return { kind: 'post', timeUs, did, rkey, text: record.text, record };
}

/** Hashtags from the facets and `tags[]` of a post record; malformed parts are skipped. */
export function recordTags(record: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (Array.isArray(record.tags)) for (const t of record.tags) if (typeof t === 'string') out.push(t);
  if (Array.isArray(record.facets)) {
    for (const facet of record.facets) {
      const features: unknown = isRecord(facet) ? facet.features : null;
      if (!Array.isArray(features)) continue;
      for (const f of features) if (isRecord(f) && f.$type === 'app.bsky.richtext.facet#tag' && typeof f.tag === 'string') out.push(f.tag);
    }
  }
  return out;
}

const langsOf = (record: Record<string, unknown>): string[] =>
  Array.isArray(record.langs) ? record.langs.filter((l): l is string => typeof l === 'string') : [];

/** The same shape searchPosts gives, so the at-uri dedups a post seen by both paths. */
export function framePost(source: string, f: PostFrame, now: number): NormalizedPost {
  const createdAt = typeof f.record.createdAt === 'string' ? parseTimestamp(f.record.createdAt) : null;
  return boundPost({
    source,
    externalId: `at://${f.did}/${POST}/${f.rkey}`,
    url: safeUrl(`https://bsky.app/profile/${f.did}/post/${f.rkey}`),
    // Frames carry no handle; the DID is stable and opens the same profile.
    author: f.did,
    text: cleanText(f.text).trim(),
    lang: langsOf(f.record)[0] ?? null,
    createdAt: clampCreatedAt(createdAt ?? Math.floor(f.timeUs / 1000), now).createdAt,
    fetchedAt: now,
    engagement: {},
  });
}

/** A cursor this stream handed out (decimal `time_us`); anything else (a poll cursor) means "live". */
function streamCursor(raw: string | null): number | null {
  if (raw === null || !/^\d{13,17}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
}

function text(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export function openJetstream(opts: JetstreamOptions, ctx: StreamContext): { close(): void } {
  let matcher: Matcher;
  try {
    matcher = compileQuery(opts.query);
  } catch (err) {
    ctx.onError(err instanceof SourceError ? err : new SourceError('config', String(err)));
    return { close: () => undefined };
  }
  const stream = new JetstreamStream(opts, ctx, matcher);
  ctx.onState?.('connecting');
  stream.connect();
  return { close: () => stream.close() };
}

class JetstreamStream {
  private readonly t: JetstreamTuning;
  private readonly random: () => number;
  private closed = false;
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private lastTimeUs: number | null;
  /** `lastTimeUs` when a frame was last too big: the same again means the replay would loop. */
  private oversizeAt: number | null = null;
  private batch: NormalizedPost[] = [];
  private readonly recent = new Set<string>();
  private lastErrorAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly opts: JetstreamOptions,
    private readonly ctx: StreamContext,
    private readonly matches: Matcher,
  ) {
    this.t = { ...DEFAULTS, ...definedOnly(opts) };
    this.random = opts.random ?? Math.random;
    this.lastTimeUs = streamCursor(ctx.cursor);
  }

  private url(): URL {
    const url = new URL((this.opts.url ?? DEFAULT_JETSTREAM_URL).trim());
    url.protocol = url.protocol === 'http:' || url.protocol === 'ws:' ? 'ws:' : 'wss:';
    if (!url.pathname.endsWith('/subscribe')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/subscribe`;
    url.searchParams.set('wantedCollections', POST);
    // The server drops what is over this, so our own cap (twice as high) should never trip.
    url.searchParams.set('maxMessageSizeBytes', String(Math.floor(this.t.maxFrameBytes / 2)));
    if (this.lastTimeUs !== null) url.searchParams.set('cursor', String(Math.max(1, this.lastTimeUs - this.t.rewindMs * 1000)));
    else url.searchParams.delete('cursor');
    return url;
  }

  connect(): void {
    this.retryTimer = null;
    if (this.closed) return;
    const ws = new WebSocket(this.url(), { maxPayload: this.t.maxFrameBytes, handshakeTimeout: 15_000, perMessageDeflate: false });
    this.socket = ws;
    let refused = false;
    // Why this socket ended, for the Sources view; the close event alone rarely says.
    let reason: string | null = null;
    const idle = setTimeout(() => {
      reason = `nothing received for ${Math.round(this.t.idleMs / 1000)} s`;
      this.ctx.onError(new SourceError('network', `Jetstream sent nothing for ${Math.round(this.t.idleMs / 1000)} s; reconnecting`));
      ws.terminate();
    }, this.t.idleMs);
    ws.on('open', () => {
      if (!this.closed) this.ctx.onState?.('live');
    });
    ws.on('message', (data, isBinary) => {
      idle.refresh();
      if (isBinary) this.frameError('a binary frame, though no compression was asked for');
      else this.onFrame(text(data));
    });
    ws.on('unexpected-response', (_req, res) => {
      refused = true;
      reason = `the server refused the connection (HTTP ${res.statusCode ?? 0})`;
      this.ctx.onError(new SourceError('server', `Jetstream refused the connection (HTTP ${res.statusCode ?? 0}); polling continues`));
      ws.terminate();
    });
    ws.on('error', (err) => {
      if ('code' in err && err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        reason = 'a message was too large';
        this.oversized();
      } else if (!refused) {
        reason ??= connectionFailure(err);
        this.ctx.onError(new SourceError('network', `Jetstream connection failed: ${err.message.slice(0, 200)}`));
      }
    });
    ws.on('close', (code, why) => {
      clearTimeout(idle);
      if (this.socket === ws) this.socket = null;
      this.flush();
      if (!this.closed) this.ctx.onState?.('reconnecting', reason ?? closeReason(code, why));
      this.retry();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // What is read is handed over: on a hub whose public search is blocked this is the only path.
    this.flush();
    this.socket?.terminate();
    this.socket = null;
  }

  private retry(): void {
    if (this.closed || this.retryTimer) return;
    this.failures += 1;
    const ceiling = Math.min(this.t.backoffCapMs, this.t.backoffBaseMs * 2 ** Math.min(this.failures, 16));
    // Full jitter over the exponential ceiling: many desks must not reconnect in step.
    this.retryTimer = setTimeout(() => this.connect(), this.t.backoffBaseMs + this.random() * ceiling);
  }

  private oversized(): void {
    const stuck = this.oversizeAt !== null && this.oversizeAt === this.lastTimeUs;
    this.oversizeAt = this.lastTimeUs;
    // Resuming replays the same frame; the second time, skip ahead and leave the gap to polling.
    if (stuck) this.lastTimeUs = null;
    const next = stuck ? 'skipping ahead to live posts; polling covers the gap' : 'reconnecting';
    this.ctx.onError(new SourceError('too_large', `Jetstream sent a frame over ${this.t.maxFrameBytes} bytes; ${next}`));
  }

  private onFrame(raw: string): void {
    if (this.closed) return;
    const f = readFrame(raw);
    if (f.kind === 'bad') {
      this.frameError(f.reason);
      return;
    }
    this.failures = 0;
    if (this.lastTimeUs === null || f.timeUs > this.lastTimeUs) this.lastTimeUs = f.timeUs;
    if (f.kind === 'skip') return;
    if (!this.matches({ text: f.text, langs: langsOf(f.record), tags: () => recordTags(f.record) })) return;
    const post = framePost(this.opts.name, f, this.ctx.now());
    if (this.recent.has(post.externalId)) return;
    this.recent.add(post.externalId);
    if (this.recent.size > RECENT_MAX) this.recent.delete(this.recent.values().next().value ?? '');
    this.batch.push(post);
    if (this.batch.length >= this.t.maxBatch) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.t.flushMs);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.batch.length === 0) return;
    const posts = this.batch;
    this.batch = [];
    this.ctx.onPosts(posts, this.lastTimeUs === null ? null : String(this.lastTimeUs));
  }

  private frameError(reason: string): void {
    const now = this.ctx.now();
    if (now - this.lastErrorAt < this.t.errorEveryMs) {
      this.suppressed += 1;
      return;
    }
    const more = this.suppressed > 0 ? ` (and ${this.suppressed} more since the last report)` : '';
    this.lastErrorAt = now;
    this.suppressed = 0;
    this.ctx.onError(new SourceError('malformed', `Jetstream sent an unreadable frame: ${reason}${more}; the stream continues`));
  }
}

function definedOnly(o: Partial<JetstreamTuning>): Partial<JetstreamTuning> {
  const out: Partial<JetstreamTuning> = {};
  for (const key of Object.keys(DEFAULTS) as (keyof JetstreamTuning)[]) {
    const v = o[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[key] = v;
  }
  return out;
}
