import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../main/sources/http.js';
import { createMastodonPublisher } from '../../../main/publish/mastodon.js';
import { createBlueskyPublisher, makeTid, type BlueskySession } from '../../../main/publish/bluesky.js';
import { createXPublisher } from '../../../main/publish/x.js';
import { startPublishingFake, type PublishingFake } from '../../fixtures/fakes/publishing.js';
import type { AccountConfig } from '../../../main/publish/accounts.js';
import { LEE, openDesk, type Desk } from './desk.js';

const NOW = Date.UTC(2027, 0, 4, 9, 0);
const http = createHttpClient({ userAgent: 'SurgeDesk/test', timeoutMs: 3000, maxBodyBytes: 256 * 1024 });
const now = () => NOW;

function accountsAt(url: string): AccountConfig[] {
  return [
    { type: 'mastodon', name: 'brand-m', baseUrl: url, token: 'tok-m', visibility: 'public' },
    { type: 'bluesky', name: 'brand-b', identifier: 'brand.example', appPassword: 'app-pw', service: url, langs: ['en'] },
    { type: 'x', name: 'brand-x', token: 'tok-x', baseUrl: url, handle: 'brand' },
  ];
}

describe('publishers against a fake Mastodon, Bluesky and X', () => {
  let fake: PublishingFake;
  beforeEach(async () => {
    fake = await startPublishingFake({ now });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('Mastodon sends the Idempotency-Key, and a resend with the same key posts nothing new', async () => {
    const m = createMastodonPublisher({ baseUrl: fake.url, token: 'tok-m', visibility: 'public' }, http, now);
    const first = await m.send({ text: 'Spring sale', key: 'mastodon-k1', attempt: 1 });
    const again = await m.send({ text: 'Spring sale', key: 'mastodon-k1', attempt: 2 });
    expect(first).toMatchObject({ kind: 'sent', remoteUrl: expect.stringContaining('mastodon.example') });
    expect(again).toEqual(first);
    expect(fake.server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['mastodon-k1', 'mastodon-k1']);
    expect(fake.created).toHaveLength(1);
  });

  it('Bluesky opens one session, reuses it, refreshes it when the access token expires, and keeps it across restarts', async () => {
    let saved: BlueskySession | null = null;
    const sessions = { load: () => saved, save: (s: BlueskySession | null) => void (saved = s) };
    const account = { service: fake.url, identifier: 'brand.example', appPassword: 'app-pw', langs: ['en'] };
    const b = createBlueskyPublisher(account, http, now, sessions);
    expect(await b.send({ text: 'one', key: makeTid(NOW), attempt: 1 })).toMatchObject({ kind: 'sent' });
    expect(await b.send({ text: 'two', key: makeTid(NOW + 1), attempt: 1 })).toMatchObject({ kind: 'sent' });
    expect(fake.sessionsCreated).toBe(1);
    fake.expireAccessToken();
    expect(await b.send({ text: 'three', key: makeTid(NOW + 2), attempt: 1 })).toMatchObject({ kind: 'sent' });
    expect([fake.sessionsCreated, fake.refreshes]).toEqual([1, 1]);
    // A new process reads the stored session: no new createSession.
    const restarted = createBlueskyPublisher(account, http, now, sessions);
    expect(await restarted.send({ text: 'four', key: makeTid(NOW + 3), attempt: 1 })).toMatchObject({ kind: 'sent' });
    expect(fake.sessionsCreated).toBe(1);
    expect(fake.created.map((c) => c.text)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('Bluesky: resending the same record key is recognised as the post that already exists', async () => {
    const b = createBlueskyPublisher({ service: fake.url, identifier: 'brand.example', appPassword: 'app-pw', langs: [] }, http, now, {
      load: () => null,
      save: () => undefined,
    });
    const key = makeTid(NOW);
    const first = await b.send({ text: 'once', key, attempt: 1 });
    const again = await b.send({ text: 'once', key, attempt: 2 });
    expect(first.kind).toBe('sent');
    expect(again).toMatchObject({ kind: 'sent', remoteId: `at://did:plc:fakebrand/app.bsky.feed.post/${key}` });
    expect(fake.created).toHaveLength(1);
  });

  it('record keys look like Bluesky TIDs and differ per delivery', () => {
    // Made in one millisecond and all with the same clock id: still all different, and in order.
    const made = Array.from({ length: 200 }, () => makeTid(NOW, () => 0));
    expect(new Set(made).size).toBe(200);
    expect([...made].sort()).toEqual(made);
    for (const k of made) expect(k).toMatch(/^[2-7a-z]{13}$/);
  });

  it('says what went wrong in plain words: 401, 429 with its reset, 5xx, malformed JSON, a huge body, a web page', async () => {
    const m = createMastodonPublisher({ baseUrl: fake.url, token: 'wrong', visibility: 'public' }, http, now);
    expect(await m.send({ text: 'x', key: 'k-401', attempt: 1 })).toEqual({
      kind: 'failed',
      error: 'Mastodon rejected the credentials (HTTP 401): The access token is invalid',
    });

    const x = createXPublisher({ baseUrl: fake.url, token: 'tok-x', handle: 'brand' }, http, now);
    const reset = Math.floor(NOW / 1000) + 600;
    fake.server.inject(
      {
        kind: 'status',
        status: 429,
        headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      },
      1,
      '/2/tweets',
    );
    expect(await x.send({ text: 'x', key: 'x-1', attempt: 1 })).toEqual({
      kind: 'retry',
      at: reset * 1000,
      error: 'X rate limit reached; waiting as the server asked',
    });

    fake.server.inject({ kind: 'status', status: 503, body: { error: 'Remote data could not be fetched' } }, 1, '/api/v1/statuses');
    const good = createMastodonPublisher({ baseUrl: fake.url, token: 'tok-m', visibility: 'public' }, http, now);
    const r503 = await good.send({ text: 'x', key: 'k-503', attempt: 1 });
    expect(r503).toMatchObject({ kind: 'retry', error: 'Mastodon is having trouble (HTTP 503): Remote data could not be fetched' });

    fake.server.inject({ kind: 'truncated' }, 1, '/api/v1/statuses');
    expect(await good.send({ text: 'x', key: 'k-cut', attempt: 1 })).toMatchObject({
      kind: 'retry',
      error: expect.stringContaining('not valid JSON'),
    });
    fake.server.inject({ kind: 'truncated' }, 1, '/2/tweets');
    const xCut = await x.send({ text: 'x', key: 'x-cut', attempt: 1 });
    expect(xCut).toMatchObject({ kind: 'unknown', error: expect.stringContaining('check the account before deciding') });

    fake.server.inject({ kind: 'huge', bytes: 5 * 1024 * 1024 }, 1, '/api/v1/statuses');
    expect(await good.send({ text: 'x', key: 'k-huge', attempt: 1 })).toMatchObject({
      kind: 'retry',
      error: expect.stringMatching(/larger|too large|limit/i),
    });
    expect(fake.server.hugeBytesSent).toBeLessThan(5 * 1024 * 1024);

    fake.server.inject({ kind: 'html', status: 200 }, 1, '/api/v1/statuses');
    expect(await good.send({ text: 'x', key: 'k-html', attempt: 1 })).toMatchObject({
      kind: 'retry',
      error: expect.stringContaining('web page'),
    });
  });

  it('a 2xx without an id is never taken for a success', async () => {
    const m = createMastodonPublisher({ baseUrl: fake.url, token: 'tok-m', visibility: 'public' }, http, now);
    fake.server.inject({ kind: 'status', status: 200, body: { error: 'something odd' } }, 1, '/api/v1/statuses');
    expect(await m.send({ text: 'x', key: 'k-noid', attempt: 1 })).toMatchObject({
      kind: 'retry',
      error: 'Mastodon answered HTTP 200 without the id of the new post (id: Invalid input: expected string, received undefined)',
    });
    const x = createXPublisher({ baseUrl: fake.url, token: 'tok-x', handle: null }, http, now);
    fake.server.inject(
      { kind: 'status', status: 200, body: { errors: [{ detail: 'You are not allowed to create a Tweet with duplicate content.' }] } },
      1,
      '/2/tweets',
    );
    expect(await x.send({ text: 'x', key: 'x-dup', attempt: 1 })).toEqual({
      kind: 'failed',
      error: 'X did not publish it: You are not allowed to create a Tweet with duplicate content.',
    });
  });

  it.each([
    [201, {}],
    [201, { uri: 'at://x', url: null }],
    [202, {}],
    [202, ''],
  ] as const)('a %i answer with no id of the new post (%j) is never published', async (status, body) => {
    const sessions = { load: () => null, save: () => undefined };
    const senders = [
      [createMastodonPublisher({ baseUrl: fake.url, token: 'tok-m', visibility: 'public' }, http, now), '/api/v1/statuses'],
      [
        createBlueskyPublisher({ service: fake.url, identifier: 'brand.example', appPassword: 'app-pw', langs: [] }, http, now, sessions),
        '/xrpc/com.atproto.repo.createRecord',
      ],
      [createXPublisher({ baseUrl: fake.url, token: 'tok-x', handle: null }, http, now), '/2/tweets'],
    ] as const;
    for (const [publisher, path] of senders) {
      fake.server.inject({ kind: 'status', status, body }, 1, path);
      const answer = await publisher.send({ text: 'x', key: makeTid(NOW + status), attempt: 1 });
      // Mastodon and Bluesky may send again with the same key; X, which has none, asks a person.
      expect(answer.kind, `${path} ${status}`).toBe(path === '/2/tweets' ? 'unknown' : 'retry');
      expect(answer.kind === 'sent' ? '' : answer.error, path).toMatch(/without|not valid JSON/);
    }
  });
});

describe('the scheduler with real publishers', () => {
  let fake: PublishingFake;
  let dir: string;
  let desk: Desk | null = null;
  beforeEach(async () => {
    fake = await startPublishingFake();
    dir = mkdtempSync(join(tmpdir(), 'surge-publish-'));
  });
  afterEach(async () => {
    desk?.close();
    desk = null;
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a post to two accounts retries only the account that failed', async () => {
    desk = openDesk({ http, accounts: accountsAt(fake.url) });
    const post = await desk.scheduled(5, ['brand-m', 'brand-x']);
    fake.server.inject(
      { kind: 'status', status: 503, body: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank' } },
      1,
      '/2/tweets',
    );
    desk.clock.advance(5 * 60_000);
    expect(await desk.scheduler.tick()).toBe(2);
    let now = await desk.call('scheduled.get', { id: post.id }, LEE);
    expect(now.status.state).toBe('publishing');
    expect(now.deliveries.map((d) => [d.account, d.state])).toEqual([
      ['brand-m', 'sent'],
      ['brand-x', 'retrying'],
    ]);
    expect(now.deliveries[1]!.lastError).toBe('X is having trouble (HTTP 503): Service Unavailable');
    desk.clock.advance(60 * 60_000);
    expect(await desk.scheduler.tick()).toBe(1);
    now = await desk.call('scheduled.get', { id: post.id }, LEE);
    expect(now.status.state).toBe('published');
    expect(fake.server.requests.filter((r) => r.url.pathname === '/api/v1/statuses')).toHaveLength(1);
    expect(fake.created.map((c) => c.network).sort()).toEqual(['mastodon', 'x']);
  });

  it('after the last attempt a delivery fails with the service reason', async () => {
    desk = openDesk({ http, accounts: accountsAt(fake.url), maxAttempts: 2 });
    const post = await desk.scheduled(5, ['brand-m']);
    fake.server.inject({ kind: 'status', status: 503, body: { error: 'Remote data could not be fetched' } }, 5, '/api/v1/statuses');
    desk.clock.advance(5 * 60_000);
    await desk.scheduler.tick();
    desk.clock.advance(60 * 60_000);
    await desk.scheduler.tick();
    const after = await desk.call('scheduled.get', { id: post.id }, LEE);
    expect(after.status).toEqual({
      state: 'failed',
      reason: 'Mastodon is having trouble (HTTP 503): Remote data could not be fetched (gave up after 2 attempts)',
    });
  });

  it('a crash between claim and answer never sends twice (Mastodon and Bluesky resend with the same key; X asks a person)', async () => {
    const file = join(dir, 'surge.db');
    desk = openDesk({ http, accounts: accountsAt(fake.url), file });
    const post = await desk.scheduled(5, ['brand-m', 'brand-b', 'brand-x']);
    desk.clock.advance(5 * 60_000);
    // Claim as the scheduler does, let each send reach the service, then "crash" before recording any answer.
    const { claims } = desk.store.durableTransaction(() => desk!.store.publishGate.claimDue(desk!.clock.now(), 10, 15 * 60_000));
    expect(claims).toHaveLength(3);
    const { publisherFor } = await import('../../../main/publish/accounts.js');
    const { testKeyring } = await import('./desk.js');
    for (const c of claims) {
      const row = desk.store.publishing.accounts().find((a) => a.name === c.account)!;
      await publisherFor(row, { repo: desk.store.publishing, keyring: testKeyring, http, now: () => desk!.clock.now() }).send({
        text: c.text,
        key: c.key,
        attempt: c.attempt,
      });
    }
    expect(fake.created).toHaveLength(3);
    const at = desk.clock.now();
    desk.close();

    desk = openDesk({ http, accounts: accountsAt(fake.url), file, start: at + 60_000 });
    expect(desk.scheduler.recover()).toBe(3);
    await desk.scheduler.tick();
    await desk.scheduler.tick();
    expect(fake.created.map((c) => c.network).sort()).toEqual(['bluesky', 'mastodon', 'x']);
    const after = await desk.call('scheduled.get', { id: post.id }, LEE);
    expect(after.deliveries.map((d) => [d.account, d.state])).toEqual([
      ['brand-b', 'sent'],
      ['brand-m', 'sent'],
      ['brand-x', 'unknown'],
    ]);
    expect(after.status).toMatchObject({ state: 'failed', reason: expect.stringContaining('check the account') });
  });

  it('stores credentials encrypted, never in the clear', async () => {
    desk = openDesk({ http, accounts: accountsAt(fake.url) });
    const rows = desk.store.db.prepare('SELECT * FROM publish_accounts').all();
    const dump = JSON.stringify(rows);
    for (const secret of ['tok-m', 'app-pw', 'tok-x']) expect(dump).not.toContain(secret);
    const listed = await desk.call('accounts.list', {}, LEE);
    expect(listed.map((a) => [a.name, a.network, a.charLimit])).toEqual([
      ['brand-b', 'bluesky', 300],
      ['brand-m', 'mastodon', 500],
      ['brand-x', 'x', 280],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/tok-|app-pw/);
  });
});
