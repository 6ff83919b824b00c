import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestPipeline } from '../../../main/ingest/pipeline.js';
import { createStore, type Store } from '../../../main/store/index.js';
import type { NormalizedPost } from '../../../shared/domain.js';

const post = (id: string, over: Partial<NormalizedPost> = {}): NormalizedPost => ({
  source: 'demo',
  externalId: id,
  url: null,
  author: 'someone',
  text: `post ${id}`,
  lang: 'en',
  createdAt: Date.UTC(2026, 10, 23, 12, 0, 30),
  fetchedAt: Date.UTC(2026, 10, 23, 12, 1, 0),
  engagement: { likes: 2 },
  ...over,
});

describe('store and ingest', () => {
  const open: Store[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    open.splice(0).forEach((s) => s.close());
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const memoryStore = () => {
    const store = createStore(':memory:');
    open.push(store);
    return store;
  };
  const pipelineFor = (store: Store) =>
    createIngestPipeline({ store, enrich: (p) => ({ terms: p.text.split(' '), outageIntent: 0.5 }), tracksTerm: (t) => t === 'down' });

  it('stores a post once however often it is served, and counts only new ones', () => {
    const store = memoryStore();
    const ingest = pipelineFor(store);
    const first = ingest.ingest([post('1'), post('2'), post('1')]);
    expect(first.inserted.map((p) => p.externalId)).toEqual(['1', '2']);
    expect(first.duplicates).toBe(1);
    const again = ingest.ingest([post('2'), post('3')]);
    expect(again.inserted.map((p) => p.externalId)).toEqual(['3']);
    expect(store.postsRead.count()).toBe(3);
  });

  it('keeps the same external id from two sources apart', () => {
    const store = memoryStore();
    pipelineFor(store).ingest([post('1'), post('1', { source: 'other' })]);
    expect(store.postsRead.count()).toBe(2);
  });

  it('adds per-minute buckets for total, source and tracked terms', () => {
    const store = memoryStore();
    pipelineFor(store).ingest([post('1', { text: 'is it down' }), post('2', { text: 'fine here' })]);
    const minute = Math.floor(Date.UTC(2026, 10, 23, 12, 0, 30) / 60_000);
    expect(store.bucketsRead.range('total', 10)).toEqual([{ minute, count: 2 }]);
    expect(store.bucketsRead.range('source:demo', 10)).toEqual([{ minute, count: 2 }]);
    expect(store.bucketsRead.range('term:down', 10)).toEqual([{ minute, count: 1 }]);
    expect(store.bucketsRead.range('term:fine', 10)).toEqual([]);
  });

  it("answers a series' oldest stored minute whatever range is read, null for a series with none", () => {
    const store = memoryStore();
    const older = Date.UTC(2026, 10, 23, 9, 0, 30);
    pipelineFor(store).ingest([post('1', { createdAt: older }), post('2')]);
    const minute = Math.floor(older / 60_000);
    expect(store.bucketsRead.range('total', 10, minute + 60)).toHaveLength(1);
    expect(store.bucketsRead.firstMinute('total')).toBe(minute);
    expect(store.bucketsRead.firstMinute('term:never')).toBeNull();
  });

  it('round-trips text with markup and engagement as plain data', () => {
    const store = memoryStore();
    const hostile = '<img src=x onerror=alert(1)> \u202Egnp.exe';
    pipelineFor(store).ingest([post('1', { text: hostile })]);
    const [stored] = store.postsRead.recent(1);
    expect(stored?.text).toBe(hostile);
    expect(stored?.engagement).toEqual({ likes: 2 });
    expect(stored?.outageIntent).toBe(0.5);
  });

  it('rolls back a whole batch when one write fails, leaving stored data intact', () => {
    const store = memoryStore();
    const ingest = pipelineFor(store);
    ingest.ingest([post('1')]);
    store.db.exec("CREATE TRIGGER boom BEFORE INSERT ON posts WHEN NEW.external_id = 'bad' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => ingest.ingest([post('2'), post('bad')])).toThrow(/disk full/);
    expect(store.postsRead.count()).toBe(1);
    expect(store.bucketsRead.range('total', 10)[0]?.count).toBe(1);
  });

  it('keeps data across close and reopen of a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-store-'));
    dirs.push(dir);
    const file = join(dir, 'surge.db');
    const first = createStore(file);
    pipelineFor(first).ingest([post('1'), post('2')]);
    first.close();
    const second = createStore(file);
    open.push(second);
    expect(second.postsRead.count()).toBe(2);
  });

  it('fsyncs durable transactions and returns to NORMAL afterwards', () => {
    const store = memoryStore();
    let during = -1;
    store.durableTransaction(() => {
      during = store.db.pragma('synchronous', { simple: true }) as number;
    });
    expect(during).toBe(2);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(() =>
      store.durableTransaction(() => {
        throw new Error('nope');
      }),
    ).toThrow('nope');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('issues tokens whose hash alone is stored and verifies them', () => {
    const store = memoryStore();
    const token = store.tokens.issue('first admin', 'admin', 1);
    expect(store.tokens.verify(token)).toBe('admin');
    expect(store.tokens.verify(`${token}x`)).toBeNull();
    const raw = store.db.prepare('SELECT token_hash FROM access_tokens').get() as { token_hash: string };
    expect(raw.token_hash).not.toContain(token);
  });

  it('uses the indexes for the hot reads (query plans)', () => {
    const store = memoryStore();
    const plan = (sql: string) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT minute, count FROM buckets WHERE series = 'total' AND minute >= 0 ORDER BY minute")).toMatch(/PRIMARY KEY/);
    expect(plan("SELECT * FROM posts WHERE source = 'demo' ORDER BY created_at DESC")).toMatch(/posts_source_created/);
  });
});
