/**
 * Hostile servers and hostile bodies (RELIABILITY test cases 22 and 23): whatever comes
 * back, poll() ends in a SourceError or a result, quickly, and the event loop stays free.
 */
import fc from 'fast-check';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { BlueskyAdapter } from '../../../main/sources/bluesky.js';
import { MastodonAdapter } from '../../../main/sources/mastodon.js';
import { RedditAdapter } from '../../../main/sources/reddit.js';
import { XAdapter } from '../../../main/sources/x.js';
import { type HttpClient, type HttpResponse, type SourceAdapter, SourceError } from '../../../main/sources/types.js';
import { startMastodonFake, type MastodonFake } from '../../fixtures/fakes/mastodon.js';
import { mastodonStatus, tweet } from '../../fixtures/social.js';
import { T0, harness } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const adapters = (): SourceAdapter[] => [
  new MastodonAdapter({ name: 'm', baseUrl: 'https://mastodon.example', hashtags: ['acme'] }),
  new MastodonAdapter({ name: 'ms', baseUrl: 'https://mastodon.example', keywords: ['acme'], token: 't' }),
  new BlueskyAdapter({ name: 'b', baseUrl: 'https://public.api.bsky.app', keywords: ['acme'] }),
  new BlueskyAdapter({ name: 'ba', serviceUrl: 'https://pds.example', keywords: ['acme'], identifier: 'a', appPassword: 'p' }),
  new RedditAdapter({ name: 'r', clientId: 'i', clientSecret: 's', subreddits: ['acme'] }),
  new XAdapter({ name: 'x', bearerToken: 'b', keywords: ['acme'] }),
];

/** Bodies that look almost right: real shapes with fields swapped for random JSON. */
const nearMiss = fc
  .oneof(
    fc.jsonValue(),
    fc.array(
      fc.record({
        id: fc.jsonValue(),
        created_at: fc.jsonValue(),
        content: fc.jsonValue(),
        account: fc.jsonValue(),
        reblog: fc.jsonValue(),
      }),
    ),
    fc.record({
      posts: fc.array(
        fc.record({
          uri: fc.oneof(fc.constant('at://did:plc:x/app.bsky.feed.post/3abc'), fc.jsonValue()),
          author: fc.jsonValue(),
          record: fc.jsonValue(),
          indexedAt: fc.jsonValue(),
        }),
      ),
      cursor: fc.jsonValue(),
    }),
    fc.record({
      access_token: fc.jsonValue(),
      expires_in: fc.jsonValue(),
      data: fc.record({
        children: fc.array(fc.record({ kind: fc.constantFrom('t3', 't1', 'x'), data: fc.jsonValue() })),
        after: fc.jsonValue(),
      }),
    }),
    fc.record({ data: fc.array(fc.jsonValue()), includes: fc.jsonValue(), meta: fc.jsonValue() }),
    fc.constant({ accessJwt: 'a', refreshJwt: 'r', did: 'd' }),
  )
  .map((v) => JSON.stringify(v) ?? 'null');

const rawBody = fc.oneof(
  nearMiss,
  fc.string(),
  fc.constant('<html><script>alert(1)</script></html>'),
  nearMiss.map((s) => s.slice(0, Math.floor(s.length / 2))),
);
const response = fc.record({
  status: fc.constantFrom(200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 410, 413, 418, 429, 500, 501, 502, 503),
  body: rawBody,
  headers: fc.dictionary(
    fc.constantFrom('content-type', 'retry-after', 'x-ratelimit-reset', 'x-rate-limit-reset', 'ratelimit-reset', 'link'),
    fc.string(),
  ),
});

describe('hostile input', () => {
  it('fuzz: no adapter lets anything but SourceError escape poll(), and none takes over 1 s', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(response, { minLength: 1, maxLength: 4 }),
        fc.option(fc.string(), { nil: null }),
        async (replies, cursor) => {
          for (const adapter of adapters()) {
            let i = 0;
            const http: HttpClient = {
              request: async (url) => {
                const r = replies[Math.min(i++, replies.length - 1)] ?? { status: 200, body: '', headers: {} };
                return { ...r, url } satisfies HttpResponse;
              },
            };
            const t = Date.now();
            try {
              const out = await adapter.poll({ http, now: () => T0, cursor, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } });
              expect(Array.isArray(out.posts)).toBe(true);
              for (const p of out.posts) expect(p.createdAt).toBeLessThanOrEqual(T0);
            } catch (err) {
              if (!(err instanceof SourceError)) throw err;
              expect(err.message.length).toBeGreaterThan(0);
            }
            expect(Date.now() - t).toBeLessThan(1_000);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('aborts a trickled body within the timeout while the event loop stays responsive', async () => {
    const f: MastodonFake = await startMastodonFake();
    cleanups.push(() => f.close());
    f.server.inject({ kind: 'trickle', everyMs: 20 });
    f.server.inject({ kind: 'huge', bytes: 50 * 1024 * 1024 });
    const h = harness({ timeoutMs: 500 });
    const p = h.poller([new MastodonAdapter({ name: 'm1', baseUrl: f.url, hashtags: ['acme'] })]);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const t = Date.now();
    const trickled = await p.pollNow('m1');
    const elapsed = Date.now() - t;
    const huge = await p.pollNow('m1');
    lag.disable();
    expect(trickled.error?.kind).toBe('timeout');
    expect(elapsed).toBeLessThan(1_500);
    expect(huge.error?.kind).toBe('too_large');
    expect(lag.percentile(99) / 1e6).toBeLessThan(100);
  });

  it('ingests every post exactly once from a Mastodon that rate-limits and sends a malformed page, and ends up', async () => {
    const h = harness();
    const f = await startMastodonFake({ now: () => h.clock.now() });
    cleanups.push(() => f.close());
    f.add(90, T0 - 600_000);
    const p = h.poller([new MastodonAdapter({ name: 'm1', baseUrl: f.url, hashtags: ['acme'] })], { intervalMs: 30_000 });
    f.server.inject({ kind: 'truncated' }, 1);
    f.server.inject(
      {
        kind: 'status',
        status: 429,
        headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': new Date(T0 + 120_000).toISOString() },
        body: { error: 'Too many requests' },
      },
      2,
    );
    p.start();
    for (let i = 0; i < 40; i++) {
      if (i % 5 === 0) f.add(7, h.clock.now() - 1_000);
      h.clock.advance(15_000);
      await p.idle();
    }
    await p.stop();
    expect(h.store.posts.size).toBe(f.statuses.length);
    expect(h.store.delivered).toBe(f.statuses.length);
    const s = p.status('m1');
    expect(s.health).toBe('ok');
    expect(p.gaps('m1').every((g) => g.end !== null)).toBe(true);
  });

  it('keeps script text out of Mastodon posts and keeps X text as the literal characters', async () => {
    const http: HttpClient = {
      request: async (url) => ({
        status: 200,
        headers: {},
        url,
        body: url.includes('tweets')
          ? JSON.stringify({ data: [tweet(1, T0 - 1, { text: '&lt;img src=x onerror=alert(1)&gt;' })], meta: { result_count: 1 } })
          : JSON.stringify([
              mastodonStatus(1, T0 - 1, {
                content: '<p>hi</p><script>fetch("//evil")</script><iframe src="javascript:alert(1)"></iframe>',
              }),
            ]),
      }),
    };
    const ctx = { http, now: () => T0, cursor: null, backfill: { maxPosts: 10, maxAgeMs: 3_600_000 } };
    const m = await new MastodonAdapter({ name: 'm', baseUrl: 'https://mastodon.example', hashtags: ['a'] }).poll(ctx);
    expect(m.posts[0]?.text).toBe('hi');
    const x = await new XAdapter({ name: 'x', bearerToken: 'b', keywords: ['a'] }).poll(ctx);
    expect(x.posts[0]?.text).toBe('<img src=x onerror=alert(1)>');
  });
});
