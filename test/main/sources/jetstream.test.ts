import { afterEach, describe, expect, it } from 'vitest';
import type { NormalizedPost } from '../../../shared/domain.js';
import { BlueskyAdapter, type BlueskyOptions } from '../../../main/sources/bluesky.js';
import { parseSourcesConfig, streamWanted } from '../../../main/sources/config.js';
import { readFrame } from '../../../main/sources/jetstream.js';
import { compileQuery, type MatchInput } from '../../../main/sources/jetstreamQuery.js';
import { SourceError, type StreamContext } from '../../../main/sources/types.js';
import { startBlueskyFake } from '../../fixtures/fakes/bluesky.js';
import { startJetstreamFake, type JetstreamFake } from '../../fixtures/fakes/jetstream.js';
import { blueskyPost } from '../../fixtures/social.js';
import { T0, harness } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function until(cond: () => boolean, ms = 3_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const NOW = Date.parse('2025-05-14T09:30:00.000Z');
const DID = 'did:plc:hbrpoigf3cbfnobm2o4rak3v';

async function fake(opts: Parameters<typeof startJetstreamFake>[0] = {}): Promise<JetstreamFake> {
  const f = await startJetstreamFake(opts);
  cleanups.push(() => f.close());
  return f;
}

function collector(cursor: string | null = null) {
  const batches: NormalizedPost[][] = [];
  const cursors: (string | null)[] = [];
  const errors: SourceError[] = [];
  const ctx: StreamContext = {
    now: () => NOW,
    cursor,
    onPosts: (posts, c) => {
      batches.push(posts);
      cursors.push(c);
    },
    onError: (e) => errors.push(e),
  };
  return { ctx, batches, cursors, errors, posts: () => batches.flat(), ids: () => batches.flat().map((p) => p.externalId) };
}

function open(f: JetstreamFake, extra: Partial<BlueskyOptions> = {}, cursor: string | null = null) {
  const c = collector(cursor);
  const adapter = new BlueskyAdapter({
    name: 'b1',
    keywords: ['acme widgets'],
    jetstreamUrl: f.url,
    ...extra,
    jetstream: { backoffBaseMs: 10, backoffCapMs: 40, flushMs: 20, errorEveryMs: 0, ...extra.jetstream },
  });
  const handle = adapter.stream(c.ctx);
  cleanups.push(() => handle.close());
  return { ...c, close: () => handle.close() };
}

const uri = (did: string, rkey: string) => `at://${did}/app.bsky.feed.post/${rkey}`;

describe('Bluesky Jetstream stream', () => {
  it('turns matching post creates into the posts searchPosts gives, in batches', async () => {
    const f = await fake();
    const s = open(f);
    await until(() => f.clients() === 1);
    const conn = f.connections[0];
    expect(conn?.pathname).toBe('/subscribe');
    expect(conn?.searchParams.getAll('wantedCollections')).toEqual(['app.bsky.feed.post']);
    expect(conn?.searchParams.get('maxMessageSizeBytes')).toBe(String(512 * 1024));
    expect(conn?.searchParams.has('cursor')).toBe(false);

    f.post(DID, '3lp4oc6tndk2l', { text: 'Are the Acme WIDGETS down again?', createdAt: '2025-05-14T09:20:44.318Z', langs: ['pt', 'en'] });
    f.post('did:plc:other1', '3lp4oc6tndk3a', { text: 'acme is fine', createdAt: '2025-05-14T09:20:45.000Z' });
    f.post('did:plc:other2', '3lp4oc6tndk3b', { text: 'acmewidgets rock', createdAt: '2025-05-14T09:20:45.000Z' });
    f.post('did:web:acme.example', '3lp4oc6tndk3c', { text: 'Widgets by ACME: outage?', createdAt: '2025-05-14T11:00:00.000Z' });
    const last = f.post('did:plc:other3', '3lp4oc6tndk3d', { text: 'acme widgets', createdAt: 'not a date' });
    await until(() => s.posts().length === 3);
    await sleep(50);
    expect(s.posts()).toHaveLength(3);
    expect(s.batches.length).toBeLessThan(3);
    expect(s.cursors.at(-1)).toBe(String(last.time_us));
    expect(s.posts()[0]).toEqual({
      source: 'b1',
      externalId: uri(DID, '3lp4oc6tndk2l'),
      url: `https://bsky.app/profile/${DID}/post/3lp4oc6tndk2l`,
      author: DID,
      text: 'Are the Acme WIDGETS down again?',
      lang: 'pt',
      createdAt: Date.parse('2025-05-14T09:20:44.318Z'),
      fetchedAt: NOW,
      engagement: {},
    });
    // A future createdAt is clamped to now; an unreadable one falls back to the event time.
    expect(s.posts()[1]).toMatchObject({ externalId: uri('did:web:acme.example', '3lp4oc6tndk3c'), createdAt: NOW, lang: null });
    expect(s.posts()[2]?.createdAt).toBe(Math.floor(last.time_us / 1000));
    expect(s.errors).toEqual([]);
  });

  it('flushes every maxBatch posts, and what is left on close', async () => {
    const f = await fake();
    const s = open(f, { jetstream: { maxBatch: 2, flushMs: 60_000 } });
    await until(() => f.clients() === 1);
    for (let i = 0; i < 5; i++) f.post(DID, `3lp4oc6tndka${i}`, { text: `acme widgets #${i}`, createdAt: '2025-05-14T09:20:44.318Z' });
    await until(() => s.batches.length === 2);
    await sleep(50);
    expect(s.batches.map((b) => b.length)).toEqual([2, 2]);
    s.close();
    expect(s.batches.map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it('matches #tags against the text, tag facets and tags[], in any case', async () => {
    const f = await fake();
    const s = open(f, { keywords: [], hashtags: ['AcmeWidgets'] });
    await until(() => f.clients() === 1);
    const tagFacet = (tag: string, type = 'app.bsky.richtext.facet#tag') => [
      { index: { byteStart: 0, byteEnd: 5 }, features: [{ $type: type, tag }] },
    ];
    f.post(DID, '3lp4oc6tndkb1', { text: 'new kit #acmewidgets', createdAt: '2025-05-14T09:20:44.318Z', facets: tagFacet('acmewidgets') });
    f.post(DID, '3lp4oc6tndkb2', { text: 'nothing in the text', createdAt: '2025-05-14T09:20:44.318Z', tags: ['ACMEWIDGETS'] });
    f.post(DID, '3lp4oc6tndkb3', { text: 'a tag facet only', createdAt: '2025-05-14T09:20:44.318Z', facets: tagFacet('AcmeWidgets') });
    f.post(DID, '3lp4oc6tndkb4', { text: 'acmewidgets without a hash', createdAt: '2025-05-14T09:20:44.318Z' });
    f.post(DID, '3lp4oc6tndkb5', {
      text: 'a mention',
      createdAt: '2025-05-14T09:20:44.318Z',
      facets: tagFacet('acmewidgets', 'app.bsky.richtext.facet#mention'),
    });
    f.post(DID, '3lp4oc6tndkb6', {
      text: 'broken facets',
      createdAt: '2025-05-14T09:20:44.318Z',
      facets: [null, { features: 'x' }],
      tags: [7],
    });
    f.post(DID, '3lp4oc6tndkb9', { text: 'end #AcmeWidgets', createdAt: '2025-05-14T09:20:44.318Z' });
    await until(() => s.posts().length === 4);
    await sleep(50);
    expect(s.ids()).toEqual(['3lp4oc6tndkb1', '3lp4oc6tndkb2', '3lp4oc6tndkb3', '3lp4oc6tndkb9'].map((r) => uri(DID, r)));
    expect(s.errors).toEqual([]);
  });

  it('ignores deletes, updates, identity, account, other collections and unknown kinds', async () => {
    const f = await fake();
    const s = open(f);
    await until(() => f.clients() === 1);
    const record = { $type: 'app.bsky.feed.post', text: 'acme widgets', createdAt: '2025-05-14T09:20:44.318Z' };
    f.push({
      did: DID,
      kind: 'commit',
      commit: { rev: '3lp4oc7ihe22a', operation: 'delete', collection: 'app.bsky.feed.post', rkey: '3lp4mzu4nzk2l' },
    });
    f.push({
      did: DID,
      kind: 'commit',
      commit: { rev: '3lp4oc7ihe22b', operation: 'update', collection: 'app.bsky.feed.post', rkey: '3lp4mzu4nzk2m', record },
    });
    f.push({
      did: DID,
      kind: 'identity',
      identity: { did: DID, handle: 'tom.example.com', seq: 9123456780, time: '2025-05-14T09:20:45.420Z' },
    });
    f.push({
      did: DID,
      kind: 'account',
      account: { active: false, did: DID, seq: 9123456791, status: 'deactivated', time: '2025-05-14T09:20:45.500Z' },
    });
    f.sendRaw(
      JSON.stringify({
        did: DID,
        time_us: 1747214444900000,
        kind: 'commit',
        commit: { rev: 'r', operation: 'create', collection: 'app.bsky.feed.like', rkey: 'abc', record },
      }),
    );
    f.sendRaw(JSON.stringify({ did: DID, time_us: 1747214444900001, kind: 'sync', sync: {} }));
    // Jetstream v2 adds an integer `cursor`; unknown fields are ignored.
    f.sendRaw(
      JSON.stringify({
        did: DID,
        time_us: 1747214444900002,
        cursor: 42,
        kind: 'commit',
        commit: { rev: 'r', operation: 'create', collection: 'app.bsky.feed.post', rkey: '3lp4oc6tndkc1', record },
      }),
    );
    await until(() => s.posts().length === 1);
    await sleep(50);
    expect(s.ids()).toEqual([uri(DID, '3lp4oc6tndkc1')]);
    expect(s.errors).toEqual([]);
  });

  it('resumes after a drop from the last time_us minus a few seconds: nothing lost, nothing twice', async () => {
    const f = await fake();
    const s = open(f, { jetstream: { backoffBaseMs: 30 } });
    await until(() => f.clients() === 1);
    const created = '2025-05-14T09:20:44.318Z';
    f.post(DID, '3lp4oc6tndkd1', { text: 'acme widgets 1', createdAt: created });
    f.post(DID, '3lp4oc6tndkd9', { text: 'unrelated', createdAt: created });
    const b = f.post(DID, '3lp4oc6tndkd2', { text: 'acme widgets 2', createdAt: created });
    await until(() => s.posts().length === 2);
    f.drop();
    // Written while the desk is away: only the cursor brings these back.
    f.post(DID, '3lp4oc6tndkd3', { text: 'acme widgets 3', createdAt: created });
    f.post(DID, '3lp4oc6tndkd4', { text: 'acme widgets 4', createdAt: created });
    await until(() => f.connections.length === 2 && s.posts().length === 4);
    expect(f.connections[1]?.searchParams.get('cursor')).toBe(String(b.time_us - 5_000_000));
    f.post(DID, '3lp4oc6tndkd5', { text: 'acme widgets 5', createdAt: created });
    await until(() => s.posts().length === 5);
    await sleep(50);
    expect(s.ids()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5'].map((k) => uri(DID, `3lp4oc6tndk${k}`)));
    expect(s.errors.filter((e) => e.kind !== 'network')).toEqual([]);
  });

  it('starts from a cursor it handed out, and treats any other cursor as "live"', async () => {
    const f = await fake();
    f.post(DID, '3lp4oc6tndke1', { text: 'acme widgets', createdAt: '2025-05-14T09:20:44.318Z' });
    const handed = open(f, {}, String(f.events[0]?.time_us ?? 0));
    await until(() => handed.posts().length === 1);
    open(f, {}, '{"v":1,"since":1747214444000,"seen":[],"sweep":null}');
    await until(() => f.connections.length === 2);
    expect(f.connections[0]?.searchParams.get('cursor')).toBe(String((f.events[0]?.time_us ?? 0) - 5_000_000));
    expect(f.connections[1]?.searchParams.has('cursor')).toBe(false);
  });

  it('reports unreadable and wrong-typed frames as stream errors and keeps going', async () => {
    const f = await fake();
    const s = open(f);
    await until(() => f.clients() === 1);
    const post = (over: Record<string, unknown>, commit: Record<string, unknown> = {}) =>
      JSON.stringify({
        did: DID,
        time_us: 1747214444900000,
        kind: 'commit',
        commit: {
          rev: 'r',
          operation: 'create',
          collection: 'app.bsky.feed.post',
          rkey: 'abc',
          record: { text: 'acme widgets' },
          ...commit,
        },
        ...over,
      });
    const bad = [
      '{"did":',
      '[1,2,3]',
      'null',
      post({ time_us: 'soon' }),
      post({ time_us: 1.5 }),
      post({ did: 'javascript:alert(1)' }),
      post({ kind: null }),
      post({ commit: 'yes' }),
      post({}, { operation: 5 }),
      post({}, { rkey: '../../evil' }),
      post({}, { record: { text: 42 } }),
      post({}, { record: null }),
    ];
    for (const b of bad) f.sendRaw(b);
    f.sendRaw(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
    f.post(DID, '3lp4oc6tndkf1', { text: 'acme widgets still here', createdAt: '2025-05-14T09:20:44.318Z' });
    await until(() => s.posts().length === 1);
    expect(s.errors).toHaveLength(bad.length + 1);
    expect(new Set(s.errors.map((e) => e.kind))).toEqual(new Set(['malformed']));
    expect(s.errors[0]?.message).toMatch(/unreadable frame: not JSON; the stream continues/);
    expect(f.connections).toHaveLength(1);
  });

  it('reports a burst of bad frames once, then with a count', async () => {
    const f = await fake();
    const s = open(f, { jetstream: { errorEveryMs: 60_000 } });
    await until(() => f.clients() === 1);
    for (let i = 0; i < 5; i++) f.sendRaw('garbage');
    f.post(DID, '3lp4oc6tndkf2', { text: 'acme widgets', createdAt: '2025-05-14T09:20:44.318Z' });
    await until(() => s.posts().length === 1);
    expect(s.errors).toHaveLength(1);
  });

  it('closes on an oversized frame, resumes from its cursor and carries on', async () => {
    const f = await fake();
    const s = open(f, { jetstream: { maxFrameBytes: 4096 } });
    await until(() => f.clients() === 1);
    expect(f.connections[0]?.searchParams.get('maxMessageSizeBytes')).toBe('2048');
    const a = f.post(DID, '3lp4oc6tndkg1', { text: 'acme widgets', createdAt: '2025-05-14T09:20:44.318Z' });
    await until(() => s.posts().length === 1);
    f.sendRaw(JSON.stringify({ did: DID, time_us: a.time_us + 1, kind: 'commit', pad: 'x'.repeat(10_000) }));
    await until(() => f.connections.length === 2 && f.clients() === 1);
    expect(s.errors.map((e) => e.kind)).toContain('too_large');
    expect(f.connections[1]?.searchParams.get('cursor')).toBe(String(a.time_us - 5_000_000));
    f.post(DID, '3lp4oc6tndkg2', { text: 'acme widgets again', createdAt: '2025-05-14T09:20:44.318Z' });
    await until(() => s.posts().length === 2);
  });

  it('skips ahead to live when a server keeps replaying a frame that is too big', async () => {
    const f = await fake({ ignoreMaxSize: true });
    const s = open(f, { jetstream: { maxFrameBytes: 4096 } });
    await until(() => f.clients() === 1);
    f.post(DID, '3lp4oc6tndkh1', { text: 'acme widgets', createdAt: '2025-05-14T09:20:44.318Z' });
    await until(() => s.posts().length === 1);
    f.post(DID, '3lp4oc6tndkh2', { text: `acme widgets ${'x'.repeat(8_000)}`, createdAt: '2025-05-14T09:20:44.318Z' });
    await until(() => f.connections.length === 3 && f.clients() === 1);
    expect(f.connections[1]?.searchParams.has('cursor')).toBe(true);
    expect(f.connections[2]?.searchParams.has('cursor')).toBe(false);
    expect(s.errors.filter((e) => e.kind === 'too_large').map((e) => e.message)).toEqual([
      expect.stringContaining('reconnecting'),
      expect.stringContaining('skipping ahead to live posts'),
    ]);
    f.post(DID, '3lp4oc6tndkh3', { text: 'acme widgets live', createdAt: '2025-05-14T09:20:44.318Z' });
    await until(() => s.posts().length === 2);
  });

  it('close() ends the socket and any reconnect waiting in backoff', async () => {
    const f = await fake();
    const s = open(f);
    await until(() => f.clients() === 1);
    s.close();
    await until(() => f.clients() === 0);
    const t = open(f, { jetstream: { backoffBaseMs: 150 } });
    await until(() => f.connections.length === 2 && f.clients() === 1);
    f.drop();
    await sleep(60);
    t.close();
    await sleep(400);
    expect(f.connections).toHaveLength(2);
    expect(f.clients()).toBe(0);
  });

  it('keeps HTML and script as plain text and strips bidi overrides', async () => {
    const f = await fake();
    const s = open(f);
    await until(() => f.clients() === 1);
    f.post(DID, '3lp4oc6tndki1', {
      text: '  <script>alert(1)</script> acme widgets <b>down</b> &amp;\u202e ',
      createdAt: '2025-05-14T09:20:44.318Z',
    });
    await until(() => s.posts().length === 1);
    expect(s.posts()[0]?.text).toBe('<script>alert(1)</script> acme widgets <b>down</b> &amp;');
  });

  it('refuses a query the firehose cannot honour without connecting', async () => {
    const f = await fake();
    const a = open(f, { keywords: ['acme from:acme.bsky.social'] });
    const b = open(f, { keywords: [] });
    const c = open(f, { keywords: ['-spam lang:en'] });
    await sleep(50);
    expect(f.connections).toHaveLength(0);
    for (const s of [a, b, c]) expect(s.errors.map((e) => e.kind)).toEqual(['config']);
    expect(a.errors[0]?.message).toMatch(/cannot filter on "from:"/);
  });
});

describe('Jetstream query matching', () => {
  const post = (text: string, langs: string[] = [], tags: string[] = []): MatchInput => ({ text, langs, tags: () => tags });
  const m = (q: string, p: MatchInput) => compileQuery(q)(p);

  it('matches whole words and phrases in any case, AND by default', () => {
    expect(m('acme down', post('Is ACME down?'))).toBe(true);
    expect(m('acme down', post("acme's site is DOWN"))).toBe(true);
    expect(m('acme down', post('acme is up'))).toBe(false);
    expect(m('acme', post('acmes everywhere'))).toBe(false);
    expect(m('"acme down"', post('so acme down again'))).toBe(true);
    expect(m('"acme down"', post('down acme'))).toBe(false);
    expect(m('ＡＣＭＥ', post('acme outage'))).toBe(true);
    expect(m('c++', post('c++ compilers'))).toBe(true);
  });

  it('handles OR groups, exclusions, lang: and scripts written without spaces', () => {
    expect(m('acme (down OR outage)', post('acme outage'))).toBe(true);
    expect(m('acme (down OR outage)', post('acme fine'))).toBe(false);
    expect(m('acme -test', post('acme down'))).toBe(true);
    expect(m('acme -test', post('acme test post'))).toBe(false);
    expect(m('acme -"just kidding"', post('acme down, just kidding'))).toBe(false);
    expect(m('acme lang:en', post('acme', ['en-US']))).toBe(true);
    expect(m('acme lang:en', post('acme', ['ja']))).toBe(false);
    expect(m('障害', post('アクメのサーバー障害です'))).toBe(true);
    expect(m('#acme', post('x', [], ['ACME']))).toBe(true);
    expect(m('#acme', post('acme'))).toBe(false);
  });

  it('refuses operators it cannot evaluate and queries that would pass everything', () => {
    expect(() => compileQuery('acme domain:acme.com')).toThrow(SourceError);
    expect(() => compileQuery('-spam')).toThrow(/at least one word or #tag/);
    expect(() => compileQuery('lang:en')).toThrow(/at least one word or #tag/);
    expect(() => compileQuery('acme status:down')).not.toThrow();
  });

  it('reads frames by hand without trusting their shape', () => {
    expect(readFrame('{"did":"did:plc:a","time_us":1,"kind":"identity"}')).toEqual({ kind: 'skip', timeUs: 1 });
    expect(readFrame('{"did":"did:plc:a","time_us":1e300,"kind":"identity"}').kind).toBe('bad');
    expect(readFrame('{"did":"did:plc:a","time_us":-5,"kind":"identity"}').kind).toBe('bad');
    expect(
      readFrame(
        '{"did":"did:plc:a","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"..","record":{"text":""}}}',
      ).kind,
    ).toBe('bad');
  });
});

describe('Bluesky streaming through the poller', () => {
  it('stores a post seen by both the stream and a poll exactly once', async () => {
    const js = await fake();
    const search = await startBlueskyFake({ now: () => T0 });
    cleanups.push(() => search.close());
    const both = blueskyPost(1, T0 - 30_000);
    search.posts.push(both);
    const h = harness();
    const adapter = new BlueskyAdapter({
      name: 'b1',
      baseUrl: search.url,
      keywords: ['acme widgets'],
      jetstreamUrl: js.url,
      jetstream: { flushMs: 10 },
    });
    const p = h.poller([adapter], { stream: true });
    cleanups.push(() => p.stop());
    p.start();
    await until(() => js.clients() === 1);
    const rkey = both.uri.split('/').pop() ?? '';
    js.post(both.author.did, rkey, { text: both.record.text, createdAt: both.record.createdAt, langs: ['en'] });
    js.post('did:plc:streamonly', '3lp4oc6tndkj1', { text: 'acme widgets outage', createdAt: new Date(T0 - 1_000).toISOString() });
    await until(() => h.store.posts.size === 2);
    await p.pollNow('b1');
    expect(h.store.posts.size).toBe(2);
    expect([...h.store.posts.values()].map((x) => x.externalId).sort()).toEqual(
      [both.uri, uri('did:plc:streamonly', '3lp4oc6tndkj1')].sort(),
    );
    expect(h.store.delivered).toBe(3);
    expect(p.status('b1')).toMatchObject({ health: 'ok', postsToday: 2 });
    await p.stop();
    await until(() => js.clients() === 0);
  });
});

describe('Bluesky stream config', () => {
  const parse = (extra: Record<string, unknown>) => parseSourcesConfig([{ type: 'bluesky', name: 'b', query: 'acme', ...extra }]);
  const wanted = (extra: Record<string, unknown>) => {
    const r = parse(extra);
    if (!r.ok || !r.value[0]) throw new Error(r.ok ? 'empty' : r.errors.join('; '));
    return streamWanted(r.value[0]);
  };

  it('streams when asked, or when a Jetstream address is given, unless stream is false', () => {
    expect(wanted({})).toBe(false);
    expect(wanted({ stream: true })).toBe(true);
    expect(wanted({ jetstreamUrl: 'wss://jetstream1.us-west.bsky.network' })).toBe(true);
    expect(wanted({ jetstreamUrl: 'wss://jetstream1.us-west.bsky.network', stream: false })).toBe(false);
  });

  it('says plainly when the Jetstream address is not one', () => {
    expect(parse({ jetstreamUrl: 'jetstream2.us-east.bsky.network' })).toEqual({
      ok: false,
      errors: ['Source "b" (bluesky): jetstreamUrl must be a full wss:// (or ws://, https://) address'],
    });
    expect(parse({ stream: 'yes' }).ok).toBe(false);
  });
});
