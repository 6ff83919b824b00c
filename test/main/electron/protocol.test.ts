import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppPath, securityHeaders } from '../../../main/electron/protocol.js';
import { contentSecurityPolicy, CSP } from '../../../main/electron/security.js';

let root: string;
let outside: string;

beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'surge-protocol-'));
  root = path.join(base, 'out', 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Surge Desk</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
  outside = path.join(base, 'secret.txt');
  writeFileSync(outside, 'TOP SECRET');
  mkdirSync(path.join(base, 'out', 'renderer-evil'));
  writeFileSync(path.join(base, 'out', 'renderer-evil', 'x.js'), 'evil');
});
afterAll(() => rmSync(path.dirname(path.dirname(root)), { recursive: true, force: true }));

const TRAVERSALS = [
  'app://surge/../secret.txt',
  'app://surge/..%2fsecret.txt',
  'app://surge/%2e%2e/secret.txt',
  'app://surge/%2e%2e%2fsecret.txt',
  'app://surge/assets/..%2f..%2fsecret.txt',
  'app://surge/..%5csecret.txt',
  'app://surge/assets/%2E%2E/%2E%2E/secret.txt',
  'app://surge/..\\secret.txt',
  'app://surge/%252e%252e/secret.txt',
  'app://surge/index.html%00.js',
  'app://surge/%c0%ae%c0%ae/secret.txt',
  'app://surge//etc/passwd',
  'app://surge/C:%5cWindows%5cwin.ini',
  'app://surge/../renderer-evil/x.js',
];

describe('resolveAppPath', () => {
  it('maps app://surge paths inside the renderer folder', () => {
    expect(resolveAppPath(root, 'app://surge/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://surge/assets/app.js?v=1#x')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it('refuses other hosts and schemes', () => {
    for (const url of [
      'app://evil/index.html',
      'file:///etc/passwd',
      'https://surge/index.html',
      'app://user@surge/index.html',
      'nonsense',
    ]) {
      expect(resolveAppPath(root, url), url).toBeNull();
    }
  });

  it('refuses path traversal in every spelling, or keeps it inside the folder', () => {
    for (const url of TRAVERSALS) {
      const resolved = resolveAppPath(root, url);
      if (resolved !== null) expect(resolved.startsWith(root + path.sep), `${url} → ${resolved}`).toBe(true);
    }
    // The plain, encoded and backslash forms are refused outright, not rewritten.
    for (const url of TRAVERSALS.slice(0, 8)) expect(resolveAppPath(root, url), url).toBeNull();
  });
});

describe('app:// protocol handler (checklist 7 and 18)', () => {
  const handler = () => createAppProtocolHandler({ root });

  it('serves the renderer with the strict CSP and a correct type', async () => {
    const response = await handler()(new Request('app://surge/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('Surge Desk');
    const js = await handler()(new Request('app://surge/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('the CSP is the strict one', () => {
    expect(CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(CSP).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
    // The literal copy in protocol.ts (there for Electronegativity) must equal CSP.
    expect(securityHeaders()['Content-Security-Policy']).toBe(CSP);
    const widened = contentSecurityPolicy(['wss://hub.example']);
    expect(securityHeaders(widened)['Content-Security-Policy']).toBe(widened);
  });

  it('refuses traversal with 403 and never returns the secret file, CSP included', async () => {
    for (const url of TRAVERSALS) {
      const response = await handler()(new Request(url));
      const body = await response.text();
      expect(body, url).not.toContain('TOP SECRET');
      expect(body, url).not.toContain('evil');
      expect(response.headers.get('content-security-policy'), url).toBe(CSP);
    }
    const plain = await handler()(new Request('app://surge/..%2fsecret.txt'));
    expect(plain.status).toBe(403);
  });

  it('404s a missing asset, falls back to the app shell for routes, 405s writes', async () => {
    const missing = await handler()(new Request('app://surge/assets/nope.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
    const route = await handler()(new Request('app://surge/alerts'));
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('Surge Desk');
    const post = await handler()(new Request('app://surge/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    const head = await handler()(new Request('app://surge/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
  });

  it('answers 500 instead of throwing when reading fails', async () => {
    const broken = createAppProtocolHandler({ root, readFile: () => Promise.reject(new Error('EIO')) });
    const response = await broken(new Request('app://surge/index.html'));
    expect(response.status).toBe(500);
    expect(response.headers.get('content-security-policy')).toBe(CSP);
  });
});
