import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookAdapter, type InboxLimits, type WebhookInbox } from '../../../main/sources/webhook.js';
import type { PollContext } from '../../../main/sources/types.js';
import { createStore, type Store } from '../../../main/store/index.js';

const SECRET = 'correct-horse-battery-staple-42';
const NOW = Date.parse('2025-05-14T10:00:00Z');
const auth = { 'x-surge-secret': SECRET };
const batch = (...ids: string[]) => JSON.stringify({ posts: ids.map((id) => ({ id, text: `post ${id}` })) });
const ctx = (cursor: string | null): PollContext => ({
  http: { request: () => Promise.reject(new Error('no network for webhooks')) },
  now: () => NOW,
  cursor,
  backfill: { maxPosts: 500, maxAgeMs: 3_600_000 },
});

describe('webhook adapter with its durable inbox', () => {
  const stores: Store[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    stores.splice(0).forEach((s) => s.close());
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const setup = (limits?: InboxLimits, file = ':memory:') => {
    const store = createStore(file);
    stores.push(store);
    const adapter = createWebhookAdapter({ name: 'hooks', secret: SECRET, inbox: store.webhookInbox, ...(limits ? { limits } : {}) });
    return { store, adapter };
  };

  it('answers 202 only once the delivery is in the inbox, and drains it through the cursor', async () => {
    const { store, adapter } = setup();
    const reply = adapter.handle(auth, batch('1', '2'), NOW);
    expect(reply).toMatchObject({ status: 202, body: { ok: true, accepted: 2 } });
    expect(store.webhookInbox.waiting('hooks')).toMatchObject({ deliveries: 1, posts: 2 });

    const first = await adapter.poll(ctx(null));
    expect(first.posts.map((p) => p.externalId)).toEqual(['1', '2']);
    expect(first.posts[0]).toMatchObject({ source: 'hooks', text: 'post 1', fetchedAt: NOW, engagement: {} });
    // The store failed, so the poller kept the old cursor: the same posts come again.
    expect((await adapter.poll(ctx(null))).posts.map((p) => p.externalId)).toEqual(['1', '2']);

    adapter.handle(auth, batch('3'), NOW);
    const next = await adapter.poll(ctx(first.cursor));
    expect(next.posts.map((p) => p.externalId)).toEqual(['3']);
    // Acknowledged rows are forgotten on the next poll, not before.
    expect(store.webhookInbox.waiting('hooks').deliveries).toBe(1);
    expect(await adapter.poll(ctx(next.cursor))).toMatchObject({ posts: [], cursor: null });
    expect(store.webhookInbox.waiting('hooks').deliveries).toBe(0);
  });

  it('reads a cursor left by the old in-memory queue as "none", so no inbox row hides below it', async () => {
    const { adapter } = setup();
    adapter.handle(auth, batch('1'), NOW);
    const legacy = String(Date.now() * 1000 + 5);
    expect((await adapter.poll(ctx(legacy))).posts.map((p) => p.externalId)).toEqual(['1']);
  });

  it('hands big backlogs over in whole deliveries of at most 5,000 posts', async () => {
    const { adapter } = setup();
    const ids = (from: number) => Array.from({ length: 1_000 }, (_, i) => String(from + i));
    for (let d = 0; d < 6; d++) expect(adapter.handle(auth, batch(...ids(d * 1_000)), NOW).status).toBe(202);
    const first = await adapter.poll(ctx(null));
    expect(first.posts).toHaveLength(5_000);
    expect(first.hasMore).toBe(true);
    const second = await adapter.poll(ctx(first.cursor));
    expect(second.posts.map((p) => p.externalId)).toEqual(ids(5_000));
    expect(second.hasMore).toBe(false);
  });

  it('refuses with 503 + Retry-After once the bound is reached, and accepts again after a drain', async () => {
    const { store, adapter } = setup({ maxPosts: 3, maxBytes: 1024 * 1024 });
    expect(adapter.handle(auth, batch('1', '2'), NOW).status).toBe(202);
    const refused = adapter.handle(auth, batch('3', '4'), NOW);
    expect(refused).toMatchObject({ status: 503, body: { ok: false, error: expect.stringMatching(/waiting.*retry later/) } });
    expect(refused.headers).toEqual({ 'retry-after': '30' });
    expect(store.webhookInbox.waiting('hooks')).toMatchObject({ deliveries: 1, posts: 2 });

    const drained = await adapter.poll(ctx(null));
    await adapter.poll(ctx(drained.cursor));
    expect(adapter.handle(auth, batch('3', '4'), NOW).status).toBe(202);
  });

  it('bounds bytes as well as posts', () => {
    const { adapter } = setup({ maxPosts: 1_000, maxBytes: 2_000 });
    const long = JSON.stringify({ id: 'x', text: 'y'.repeat(1_500) });
    expect(adapter.handle(auth, long, NOW).status).toBe(202);
    expect(adapter.handle(auth, long, NOW).status).toBe(503);
  });

  it('answers 503 with a plain message when the store reports a full disk, never 202', () => {
    const full = new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
    const inbox: WebhookInbox = {
      append: () => {
        throw full;
      },
      after: () => ({ deliveries: [], more: false }),
      deleteThrough: () => 0,
    };
    const adapter = createWebhookAdapter({ name: 'hooks', secret: SECRET, inbox });
    const reply = adapter.handle(auth, batch('1'), NOW);
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({ ok: false, error: 'The hub is out of disk space, so this delivery was not accepted; retry later.' });
    expect(reply.headers).toEqual({ 'retry-after': '60' });
    expect(reply.problem).toBe(full);
    expect(JSON.stringify(reply.body)).not.toContain('SQLITE');
  });

  it('a real SQLITE_FULL rolls the insert back whole: 503, inbox unchanged, database intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-inbox-'));
    dirs.push(dir);
    // A file in WAL, as in production; max_page_count makes SQLite itself answer SQLITE_FULL.
    const { store, adapter } = setup(undefined, join(dir, 'surge.db'));
    expect(adapter.handle(auth, batch('small'), NOW).status).toBe(202);
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 2}`);
    const big = JSON.stringify({ posts: Array.from({ length: 50 }, (_, i) => ({ id: `b${i}`, text: 'z'.repeat(10_000) })) });
    const reply = adapter.handle(auth, big, NOW);
    expect(reply.status).toBe(503);
    expect(reply.body.error).toMatch(/out of disk space/);
    expect(store.webhookInbox.waiting('hooks')).toMatchObject({ deliveries: 1, posts: 1 });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The durable write put synchronous back to NORMAL even though it failed.
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('is unavailable (503) rather than accepting into memory before it has an inbox', async () => {
    const adapter = createWebhookAdapter({ name: 'hooks', secret: SECRET });
    expect(adapter.handle(auth, batch('1'), NOW)).toMatchObject({ status: 503, headers: { 'retry-after': '60' } });
    expect(await adapter.poll(ctx(null))).toEqual({ posts: [], cursor: null });
  });

  it('still answers 401 / 400 / 413 before touching the inbox', () => {
    const { store, adapter } = setup();
    expect(adapter.handle({}, batch('1'), NOW).status).toBe(401);
    expect(adapter.handle(auth, '{nope', NOW).status).toBe(400);
    expect(adapter.handle(auth, JSON.stringify({ id: '1', text: 'x'.repeat(1_100_000) }), NOW).status).toBe(413);
    expect(store.webhookInbox.waiting('hooks').deliveries).toBe(0);
  });

  it('skips an unreadable entry without losing the rest of its delivery', async () => {
    const { store, adapter } = setup();
    adapter.handle(auth, batch('1', '2'), NOW);
    const row = store.db.prepare<[], { id: number; posts: string }>('SELECT id, posts FROM webhook_inbox').get()!;
    const damaged = (JSON.parse(row.posts) as unknown[]).map((p, i) => (i === 0 ? { broken: true } : p));
    store.db.prepare('UPDATE webhook_inbox SET posts = ? WHERE id = ?').run(JSON.stringify(damaged), row.id);
    expect((await adapter.poll(ctx(null))).posts.map((p) => p.externalId)).toEqual(['2']);
  });
});
