/**
 * Who is calling. On loopback the hub trusts the local user (same as a desktop app); on any
 * other address a token is required. Browsers are also held to same-origin, so a web page
 * elsewhere cannot drive a loopback hub through the user's browser.
 */
import type { IncomingMessage } from 'node:http';
import type { Role } from '../../shared/domain.js';

export interface TokenVerifier {
  verify(token: string): Role | null;
}

export const isLoopbackHost = (host: string): boolean =>
  host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');

export function tokenFromRequest(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  const url = new URL(req.url ?? '/', 'http://hub.invalid');
  return url.searchParams.get('token');
}

/** A browser's Origin must name the host it connected to; non-browser clients send none. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export type AuthResult = { ok: true; role: Role } | { ok: false; status: 401 | 403; message: string };

export function authenticate(req: IncomingMessage, listenHost: string, tokens: TokenVerifier): AuthResult {
  if (!originAllowed(req)) return { ok: false, status: 403, message: 'Connections from other web origins are refused.' };
  const token = tokenFromRequest(req);
  if (token) {
    const role = tokens.verify(token);
    return role ? { ok: true, role } : { ok: false, status: 401, message: 'That access token is not valid.' };
  }
  if (isLoopbackHost(listenHost)) return { ok: true, role: 'admin' };
  return { ok: false, status: 401, message: 'This hub needs an access token (add ?token=… or an Authorization header).' };
}
