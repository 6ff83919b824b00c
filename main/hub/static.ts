/** Serves the built renderer: only files under its folder, with the window's strict CSP. */
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { renderCsp } from '../../shared/csp.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const SECURITY_HEADERS: Record<string, string> = {
  // The window's policy (shared/csp.ts): a browser and the Electron shell run the one
  // renderer under the same rules. The UI's WebSocket is same-origin, which
  // `connect-src 'self'` already covers, so nothing is widened here.
  'content-security-policy': renderCsp(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Resolves a URL path inside `root`, or null for traversal attempts and odd input. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const full = resolve(root, relative);
  const base = resolve(root);
  return full === base || full.startsWith(base + sep) ? full : null;
}

export function serveStatic(root: string, urlPath: string, res: ServerResponse): void {
  const missingBuild = (): void => {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('The web UI is not built. Run `npm run build:renderer` (npm run serve does it for you).\n');
  };
  let file = resolveStaticPath(root, urlPath);
  if (!file) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('Bad path.\n');
    return;
  }
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- resolveStaticPath kept it inside the web root (traversal answered 400)
  let stat = statSync(file, { throwIfNoEntry: false });
  // Client-side routes fall back to the app shell; files with an extension do not.
  if ((!stat || stat.isDirectory()) && extname(file) === '') {
    file = join(resolve(root), 'index.html');
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the web root's own index.html
    stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return missingBuild();
  }
  if (!stat || !stat.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('Not found.\n');
    return;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(stat.size),
    'cache-control': extname(file) === '.html' ? 'no-cache' : 'public, max-age=3600',
    ...SECURITY_HEADERS,
  });
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- resolveStaticPath kept it inside the web root (traversal answered 400)
  createReadStream(file).pipe(res);
}
