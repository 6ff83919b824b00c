import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler, WEBHOOK_MAX_BODY_BYTES } from '../../../main/sources/webhook.js';
import type { NormalizedPost } from '../../../shared/domain.js';

const SECRET = 'correct-horse-battery-staple-42';
const NOW = Date.parse('2025-05-14T10:00:00Z');
const handler = createWebhookHandler({ name: 'hooks', secret: SECRET });
const sign = (body: string, secret = SECRET) => 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
const one = JSON.stringify({ id: 'a1', text: 'is acme down?' });

describe('webhook handler: auth', () => {
  it('accepts the shared secret header (any case)', () => {
    const r = handler({ 'X-Surge-Secret': SECRET }, one, NOW);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, accepted: 1 });
  });

  it('accepts an HMAC-SHA256 signature of the raw body', () => {
    expect(handler({ 'x-surge-signature': sign(one) }, one, NOW).status).toBe(200);
    expect(handler({ 'x-surge-signature': sign(one).toUpperCase().replace('SHA256=', 'sha256=') }, one, NOW).status).toBe(200);
  });

  it.each([
    ['no credentials', {}],
    ['wrong secret', { 'x-surge-secret': 'correct-horse-battery-staple-43' }],
    ['secret prefix', { 'x-surge-secret': SECRET.slice(0, -1) }],
    ['empty secret', { 'x-surge-secret': '' }],
    ['signature of another body', { 'x-surge-signature': sign('{"id":"x","text":"y"}') }],
    ['signature with another key', { 'x-surge-signature': sign(one, 'another-secret-of-some-length') }],
    ['bare hex signature', { 'x-surge-signature': sign(one).slice(7) }],
  ])('rejects %s with 401 and no posts', (_label, headers: Record<string, string>) => {
    const r = handler(headers, one, NOW);
    expect(r.status).toBe(401);
    expect(r.body.ok).toBe(false);
    expect(r.posts).toEqual([]);
    expect(JSON.stringify(r.body)).not.toContain(SECRET);
  });

  it('refuses a short secret at setup', () => {
    expect(() => createWebhookHandler({ name: 'h', secret: 'short' })).toThrowError(/16 characters/);
  });
});

describe('webhook handler: body', () => {
  const auth = { 'x-surge-secret': SECRET };

  it('normalizes a batch: HTML to text, ISO / epoch times, url and lang checks', () => {
    const body = JSON.stringify({
      posts: [
        {
          id: 'p1',
          text: '<p>Checkout <b>503</b> again</p><script>alert(1)</script>',
          author: 'ana',
          url: 'https://social.example/p1',
          createdAt: '2025-05-14T09:58:00+02:00',
          lang: 'EN',
        },
        { id: 42, text: 'plain', createdAt: Math.floor((NOW - 60_000) / 1000) },
        { id: 'p3', text: 'ms epoch', createdAt: NOW - 5_000, url: 'javascript:alert(1)', lang: 'not a lang' },
        { id: 'p4', text: 'from the future', createdAt: '2030-01-01T00:00:00Z' },
      ],
    });
    const r = handler(auth, body, NOW);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(4);
    const [a, b, c, d] = r.posts as [NormalizedPost, NormalizedPost, NormalizedPost, NormalizedPost];
    expect(a).toEqual({
      source: 'hooks',
      externalId: 'p1',
      url: 'https://social.example/p1',
      author: 'ana',
      text: 'Checkout 503 again',
      lang: 'en',
      createdAt: Date.parse('2025-05-14T07:58:00Z'),
      fetchedAt: NOW,
      engagement: {},
    });
    expect(b.externalId).toBe('42');
    expect(b.createdAt).toBe(Math.floor((NOW - 60_000) / 1000) * 1000);
    expect(b.author).toBe('');
    expect(c.createdAt).toBe(NOW - 5_000);
    expect(c.url).toBeNull();
    expect(c.lang).toBeNull();
    expect(d.createdAt).toBe(NOW);
  });

  it('accepts a single post without the wrapper and defaults createdAt to now', () => {
    const r = handler(auth, one, NOW);
    expect(r.posts[0]).toMatchObject({ externalId: 'a1', text: 'is acme down?', createdAt: NOW });
  });

  it('drops posts whose text is empty once markup is gone', () => {
    const r = handler(
      auth,
      JSON.stringify({
        posts: [
          { id: '1', text: '<script>only()</script>' },
          { id: '2', text: 'real' },
        ],
      }),
      NOW,
    );
    expect(r.body.accepted).toBe(1);
  });

  it.each([
    ['not JSON', 'id=1&text=hi', /not valid JSON/],
    ['missing text', JSON.stringify({ id: '1' }), /text/],
    ['wrong type', JSON.stringify({ posts: [{ id: '1', text: 5 }] }), /posts\.0\.text/],
    ['empty list', JSON.stringify({ posts: [] }), /posts/],
    ['array body', JSON.stringify([{ id: '1', text: 'x' }]), /Expected/],
    ['too many posts', JSON.stringify({ posts: Array.from({ length: 1001 }, (_, i) => ({ id: String(i), text: 'x' })) }), /posts/],
  ])('answers 400 for %s', (_label, body, message) => {
    const r = handler(auth, body, NOW);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(message);
    expect(r.posts).toEqual([]);
  });

  it('answers 413 above 1 MiB before checking anything else', () => {
    const big = JSON.stringify({ id: '1', text: 'x'.repeat(WEBHOOK_MAX_BODY_BYTES) });
    expect(handler({}, big, NOW).status).toBe(413);
    expect(handler(auth, big, NOW).status).toBe(413);
    // Multi-byte characters count as bytes, not characters.
    const wide = JSON.stringify({ id: '1', text: 'é'.repeat(WEBHOOK_MAX_BODY_BYTES / 2) });
    expect(handler(auth, wide, NOW).status).toBe(413);
  });
});

// The adapter (durable inbox, 202 / 503, draining by poll) is tested in webhookInbox.test.ts.
