import { afterEach, describe, expect, it } from 'vitest';
import { classifyResponse, createHttpClient, parseJson } from '../../../main/sources/http.js';
import { type HttpResponse, SourceError } from '../../../main/sources/types.js';
import { type FakeReply, type FakeServer, startFakeServer } from '../../fixtures/fakes/server.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()?.close();
});

async function server(handler: Parameters<typeof startFakeServer>[0] = () => ({ body: { ok: true } })): Promise<FakeServer> {
  const s = await startFakeServer(handler);
  servers.push(s);
  return s;
}

const client = (o: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
  createHttpClient({ userAgent: 'surge-test/1', timeoutMs: 2_000, ...o });

async function rejection(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SourceError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

const res = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  body,
  headers,
  url: 'https://x.example/',
});

describe('HTTP client', () => {
  it('returns status, lower-cased headers, body and final URL; sends the user agent', async () => {
    const s = await server((r): FakeReply =>
      r.url.pathname === '/a' ? { status: 301, headers: { Location: '/b?x=1' } } : { headers: { 'X-Thing': 'y' }, body: { at: r.path } },
    );
    const r = await client().request(`${s.url}/a`);
    expect(r.status).toBe(200);
    expect(r.headers['x-thing']).toBe('y');
    expect(JSON.parse(r.body)).toEqual({ at: '/b?x=1' });
    expect(r.url).toBe(`${s.url}/b?x=1`);
    expect(s.requests[0]?.headers['user-agent']).toBe('surge-test/1');
  });

  it('rejects a 50 MB streamed body without reading it all, and a declared one without reading any', async () => {
    const s = await server();
    s.inject({ kind: 'huge', bytes: 50 * 1024 * 1024 });
    const e = await rejection(client().request(s.url));
    expect(e.kind).toBe('too_large');
    expect(e.message).toBe('127.0.0.1 sent a response larger than 5 MB; it was not read');
    expect(s.hugeBytesSent).toBeLessThan(50 * 1024 * 1024);
    s.inject({ kind: 'huge', bytes: 50 * 1024 * 1024, declareLength: true });
    expect((await rejection(client().request(s.url))).kind).toBe('too_large');
  });

  it('accepts a body exactly at the cap', async () => {
    const s = await server(() => ({ body: 'x'.repeat(1000) }));
    expect((await client({ maxBodyBytes: 1000 }).request(s.url)).body).toHaveLength(1000);
    expect((await rejection(client({ maxBodyBytes: 999 }).request(s.url))).kind).toBe('too_large');
  });

  it('detects redirect loops and too many redirects', async () => {
    const s = await server((r) => ({ status: 302, headers: { Location: `/hop${Number(r.url.pathname.slice(4) || 0) + 1}` } }));
    expect((await rejection(client().request(`${s.url}/loop-a`))).message).toMatch(/redirects in a loop/);
    expect((await rejection(client({ maxRedirects: 3 }).request(`${s.url}/hop0`))).message).toBe('127.0.0.1 redirected more than 3 times');
  });

  it('drops credentials on a cross-origin redirect and turns a 303 POST into a GET', async () => {
    const target = await server((r) => ({ body: { auth: r.headers.authorization ?? null, method: r.method } }));
    const s = await server(() => ({ status: 303, headers: { Location: `${target.url}/there` } }));
    const r = await client().request(s.url, { method: 'POST', headers: { Authorization: 'Bearer secret' }, body: '{}' });
    expect(JSON.parse(r.body)).toEqual({ auth: null, method: 'GET' });
  });

  it('refuses non-web URLs', async () => {
    expect((await rejection(client().request('file:///etc/passwd'))).kind).toBe('config');
  });

  it('times out stalled headers and stalled bodies', async () => {
    const s = await server();
    s.inject({ kind: 'stallHeaders' });
    s.inject({ kind: 'stallBody' });
    for (let i = 0; i < 2; i++) {
      const t = Date.now();
      const e = await rejection(client({ timeoutMs: 200 }).request(s.url));
      expect(e.kind).toBe('timeout');
      expect(e.message).toBe('127.0.0.1 did not answer within 0.2 s');
      expect(Date.now() - t).toBeLessThan(2_000);
    }
  });

  it('names DNS, refused and TLS failures in plain words', async () => {
    expect((await rejection(client().request('http://surge-test.invalid/'))).message).toBe('Could not resolve host surge-test.invalid');
    const dead = await startFakeServer(() => ({}));
    await dead.close();
    expect((await rejection(client().request(dead.url))).message).toMatch(/^Connection refused by 127\.0\.0\.1:\d+$/);
    const plain = await server();
    const tls = await rejection(client().request(plain.url.replace('http:', 'https:')));
    expect(tls.kind).toBe('network');
    expect(tls.message).toMatch(/^Secure connection to 127\.0\.0\.1 failed/);
    const fakeFetch = (() =>
      Promise.reject(
        new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }) }),
      )) as typeof fetch;
    const cert = await rejection(client({ fetchImpl: fakeFetch }).request('https://mastodon.example/'));
    expect(cert.message).toBe('Secure connection to mastodon.example failed: its certificate was not accepted (CERT_HAS_EXPIRED)');
  });
});

describe('classifyResponse and parseJson', () => {
  const kind = (r: HttpResponse, api: Parameters<typeof classifyResponse>[1]) => {
    try {
      classifyResponse(r, api, 0);
      return null;
    } catch (e) {
      return e instanceof SourceError ? { kind: e.kind, message: e.message, retryAt: e.retryAt } : null;
    }
  };

  it("maps statuses to kinds with the server's own words", () => {
    expect(kind(res(200, '[]'), 'mastodon')).toBeNull();
    expect(kind(res(401, '{"error":"The access token is invalid"}'), 'mastodon')).toMatchObject({
      kind: 'auth',
      message: 'Mastodon rejected the credentials (HTTP 401): The access token is invalid',
    });
    expect(kind(res(403, 'Forbidden', { 'content-type': 'text/html' }), 'bluesky')?.kind).toBe('blocked');
    expect(kind(res(403, '<!doctype html><title>Blocked</title>'), 'reddit')?.message).toMatch(/Reddit blocked the request/);
    expect(kind(res(400, '{"error":"ExpiredToken","message":"Token has expired"}'), 'bluesky')?.kind).toBe('auth');
    expect(kind(res(404, '{"error":"Record not found"}'), 'mastodon')?.kind).toBe('not_found');
    expect(kind(res(429, '{"error":"Too many requests"}', { 'retry-after': '30' }), 'mastodon')).toMatchObject({
      kind: 'rate_limited',
      retryAt: 30_000,
    });
    expect(kind(res(429, '<html>busy</html>', { 'retry-after': '0' }), 'reddit')?.retryAt).toBe(1_000);
    expect(kind(res(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' }), 'bluesky')?.message).toBe(
      'Bluesky is having trouble (HTTP 502)',
    );
    expect(kind(res(200, '<!DOCTYPE html><html>login</html>'), 'x')?.kind).toBe('malformed');
    expect(kind(res(400, '{"errors":[{"code":88,"message":"Rate limit exceeded"}]}'), 'x')?.message).toBe(
      'X rejected the request (HTTP 400): Rate limit exceeded',
    );
  });

  it('turns bad JSON into malformed', () => {
    expect(() => parseJson(res(200, '{"a":'), 'mastodon')).toThrow(/not valid JSON/);
    expect(parseJson(res(200, '{"a":1}'))).toEqual({ a: 1 });
  });
});
