import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../../main/lib/log.js';
import { createDispatcher, type Handlers } from '../../../main/core/dispatch.js';
import type { Engine, EventListener } from '../../../main/core/engineTypes.js';
import { authenticate, callerAddress, originAllowed } from '../../../main/hub/auth.js';
import { startHub, type Hub } from '../../../main/hub/server.js';
import { resolveStaticPath } from '../../../main/hub/static.js';
import { methods } from '../../../shared/contract/methods.js';
import { CSP } from '../../../shared/csp.js';
import { expectStrictCsp } from '../../shared/strictCsp.js';

const notUsedHere = () => {
  throw new Error('not used here');
};
const handlers: Handlers = {
  ...(Object.fromEntries(Object.keys(methods).map((name) => [name, notUsedHere])) as unknown as Handlers),
  'system.info': (_i, ctx) => ({
    name: 'Surge Desk',
    version: 't',
    startedAt: 0,
    demo: true,
    role: ctx.role ?? 'operator',
    transport: ctx.transport,
  }),
  'volume.series': (input) => ({ series: input.series, buckets: [{ minute: 1, count: 2 }] }),
  'alerts.list': () => {
    throw new Error('secret internal detail');
  },
};

function fakeEngine(): Engine & { emit(event: string, data: unknown): void } {
  const listeners = new Set<EventListener>();
  const dispatch = createDispatcher(handlers, silentLogger, { transaction: (fn) => fn(), recordAudit: () => undefined, now: () => 0 });
  return {
    dispatch,
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (event, data) => listeners.forEach((l) => l(event, data)),
    start: () => undefined,
    stop: async () => undefined,
  };
}

describe('hub over HTTP and WebSocket', () => {
  let hub: Hub;
  let staticDir: string;
  const engine = fakeEngine();

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'surge-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Surge Desk</title>');
    hub = await startHub({
      engine,
      host: '127.0.0.1',
      port: 0,
      staticDir,
      tokens: { verify: (t) => (t === 'good' ? 'lead' : null) },
      health: () => ({ posts: 3 }),
      metrics: () => 'surge_alerts_open 0\n',
      webhook: (name) => ({ status: 200, body: { ok: true, name } }),
    });
  });
  afterAll(async () => {
    await hub.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  const connect = async (query = '', headers: Record<string, string> = {}) => {
    const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/api/ws${query}`, { headers });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    const next = async (): Promise<Record<string, unknown>> => {
      for (let i = 0; i < 200 && frames.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      const frame = frames.shift();
      if (!frame) throw new Error('no frame arrived');
      return frame as Record<string, unknown>;
    };
    return { ws, next };
  };

  it('answers /healthz and /metrics', async () => {
    const health = await fetch(`${hub.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true, posts: 3 });
    const metrics = await fetch(`${hub.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await metrics.text()).toContain('surge_alerts_open 0');
  });

  it('serves the UI with a strict CSP and falls back to the shell for app routes', async () => {
    const res = await fetch(`${hub.url}/alerts`);
    expect(res.status).toBe(200);
    // The Electron shell's policy: the one renderer runs under the same rules in both.
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expectStrictCsp(res.headers.get('content-security-policy') ?? '');
    expect(await res.text()).toContain('Surge Desk');
    expect((await fetch(`${hub.url}/missing.js`)).status).toBe(404);
  });

  it('never serves files outside the UI folder', () => {
    expect(resolveStaticPath('/srv/ui', '/../etc/passwd')).toBe('/srv/ui/etc/passwd');
    expect(resolveStaticPath('/srv/ui', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/ui/etc/passwd');
    expect(resolveStaticPath('/srv/ui', '/%E0%A4%A')).toBeNull();
    expect(resolveStaticPath('/srv/ui', '/a%00b')).toBeNull();
  });

  it('routes webhook POSTs and refuses other verbs', async () => {
    const ok = await fetch(`${hub.url}/api/webhooks/ops`, { method: 'POST', body: '{}' });
    expect(await ok.json()).toEqual({ ok: true, name: 'ops' });
    expect((await fetch(`${hub.url}/api/webhooks/ops`)).status).toBe(405);
    const big = await fetch(`${hub.url}/api/webhooks/ops`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 10) });
    expect(big.status).toBe(413);
  });

  it('answers calls with envelopes and pushes events', async () => {
    const { ws, next } = await connect();
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'system.info', params: {} }));
    expect(await next()).toMatchObject({ type: 'result', id: 1, result: { ok: true, value: { role: 'admin', transport: 'websocket' } } });
    engine.emit('volume.tick', { minute: 5, increments: { total: 2 } });
    expect(await next()).toEqual({ type: 'event', event: 'volume.tick', data: { minute: 5, increments: { total: 2 } } });
    ws.close();
  });

  it('gives typed errors for bad frames and stays connected', async () => {
    const { ws, next } = await connect();
    ws.send('not json');
    expect(await next()).toMatchObject({ result: { ok: false, error: { code: 'bad_request' } } });
    ws.send(JSON.stringify({ type: 'call', id: 2, method: 'no.such', params: {} }));
    expect(await next()).toMatchObject({ id: 2, result: { ok: false, error: { code: 'unknown_method' } } });
    ws.send(JSON.stringify({ type: 'call', id: 3, method: 'volume.series', params: { series: 42 } }));
    expect(await next()).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'bad_request', message: expect.stringContaining('series') } },
    });
    ws.send(JSON.stringify({ type: 'call', id: 4, method: 'volume.series', params: { series: 'total', extra: true } }));
    expect(await next()).toMatchObject({ id: 4, result: { ok: false, error: { code: 'bad_request' } } });
    ws.send(JSON.stringify({ type: 'call', id: 5, method: 'alerts.list', params: {} }));
    const failure = await next();
    expect(failure).toMatchObject({ id: 5, result: { ok: false, error: { code: 'internal' } } });
    expect(JSON.stringify(failure)).not.toContain('secret internal detail');
    ws.send(JSON.stringify({ type: 'call', id: 6, method: 'system.info', params: {}, pad: 'x'.repeat(1024 * 1024 + 1) }));
    expect(await next()).toMatchObject({ result: { ok: false, error: { code: 'too_large' } } });
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await next()).toMatchObject({ result: { ok: false, error: { code: 'bad_request' } } });
    ws.send(JSON.stringify({ type: 'call', id: 7, method: 'system.info', params: {} }));
    expect(await next()).toMatchObject({ id: 7, result: { ok: true } });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('uses the role of a presented token', async () => {
    const { ws, next } = await connect('?token=good');
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'system.info', params: {} }));
    expect(await next()).toMatchObject({ result: { ok: true, value: { role: 'lead' } } });
    ws.close();
  });

  it('refuses a bad token and a foreign browser origin', async () => {
    await expect(connect('?token=bad')).rejects.toThrow(/401/);
    await expect(connect('', { origin: 'https://evil.example' })).rejects.toThrow(/403/);
  });
});

describe('hub authentication rules', () => {
  const req = (headers: Record<string, string>, url = '/api/ws'): IncomingMessage => ({ headers, url }) as unknown as IncomingMessage;
  const tokens = { verify: (t: string) => (t === 'good' ? ('admin' as const) : null) };

  it('needs a token beyond loopback', () => {
    expect(authenticate(req({ host: '10.0.0.5:4477' }), '0.0.0.0', tokens)).toMatchObject({ ok: false, status: 401 });
    expect(authenticate(req({ host: '10.0.0.5:4477' }, '/api/ws?token=good'), '0.0.0.0', tokens)).toEqual({ ok: true, role: 'admin' });
    expect(authenticate(req({ host: 'x', authorization: 'Bearer good' }), '0.0.0.0', tokens)).toEqual({ ok: true, role: 'admin' });
  });

  it('trusts the local user on loopback but still checks browser origins', () => {
    expect(authenticate(req({ host: '127.0.0.1:4477' }), '127.0.0.1', tokens)).toEqual({ ok: true, role: 'admin' });
    expect(originAllowed(req({ host: '127.0.0.1:4477', origin: 'http://127.0.0.1:4477' }))).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:4477', origin: 'http://localhost:9999' }))).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:4477', origin: 'null' }))).toBe(false);
  });

  it('on loopback, a request a proxy passed on is not the local user: it needs a token', () => {
    const proxyHeaders: Record<string, string>[] = [
      { 'x-forwarded-for': '198.51.100.7' },
      { forwarded: 'for=198.51.100.7' },
      { 'x-real-ip': '198.51.100.7' },
    ];
    for (const proxied of proxyHeaders) {
      expect(authenticate(req({ host: 'surge.example', ...proxied }), '127.0.0.1', tokens)).toMatchObject({ ok: false, status: 401 });
      expect(authenticate(req({ host: 'surge.example', ...proxied }, '/api/ws?token=good'), '127.0.0.1', tokens)).toEqual({
        ok: true,
        role: 'admin',
      });
    }
  });

  it("takes the caller's address from X-Forwarded-For only when a proxy on this machine sent it", () => {
    const from = (remoteAddress: string, forwarded?: string): IncomingMessage =>
      ({
        headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
        socket: { remoteAddress },
      }) as unknown as IncomingMessage;
    expect(callerAddress(from('127.0.0.1', '6.6.6.6, 203.0.113.9'))).toBe('203.0.113.9');
    expect(callerAddress(from('::ffff:127.0.0.1', '2001:db8::7'))).toBe('2001:db8::7');
    expect(callerAddress(from('127.0.0.1', 'not an address'))).toBe('127.0.0.1');
    expect(callerAddress(from('127.0.0.1'))).toBe('127.0.0.1');
    // A remote peer can write any header it likes: its own address counts.
    expect(callerAddress(from('10.0.0.5', '203.0.113.9'))).toBe('10.0.0.5');
  });
});
