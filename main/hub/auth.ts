/**
 * Who is calling. On loopback the hub trusts the local user (same as a desktop app); on any
 * other address a token is required. Browsers are also held to same-origin, so a web page
 * elsewhere cannot drive a loopback hub through the user's browser.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Role } from '../../shared/domain.js';
import type { Identity } from '../auth/service.js';

export interface TokenVerifier {
  verify(token: string): Role | null;
}

/** Users and sessions, as the hub needs them: who a credential is now, and whose access just changed. */
export interface HubAuth {
  identify(credential: string): Identity | null;
  onAccessChange(listener: (userIds: readonly string[]) => void): () => void;
}

/**
 * What a connection speaks for; resolved again on every call. `base` is what it falls back to
 * after its session ends or it signs out: the local admin on loopback, else signed out.
 */
export type Principal =
  { kind: 'local' } | { kind: 'token'; token: string } | { kind: 'session'; token: string; base: Principal } | { kind: 'signedOut' };

export const isLoopbackHost = (host: string): boolean =>
  host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');

/**
 * A request a proxy passed on. A hub bound to loopback behind a reverse proxy on the same
 * machine sees every remote person arrive from 127.0.0.1; the forwarding headers proxies add
 * are the only sign that the person is not the local user, so they never get the loopback admin.
 */
export function viaProxy(req: IncomingMessage): boolean {
  const h = req.headers;
  return h.forwarded !== undefined || h['x-forwarded-for'] !== undefined || h['x-real-ip'] !== undefined;
}

/** The person at this machine: a hub listening on loopback, reached directly, not through a proxy. */
const isLocalUser = (req: IncomingMessage, listenHost: string): boolean => isLoopbackHost(listenHost) && !viaProxy(req);

/**
 * The caller's address for sign-in limits, read budgets and the audit log: the peer, or, when
 * the peer is a proxy on this machine, the address that proxy appended to X-Forwarded-For (the
 * last entry; earlier ones are whatever the client claimed). A remote peer's header is never
 * believed: anyone can send one.
 */
export function callerAddress(req: IncomingMessage): string | null {
  const peer = req.socket?.remoteAddress ?? null;
  if (peer === null || !isLoopbackHost(peer.replace(/^::ffff:/, ''))) return peer;
  const header = req.headers['x-forwarded-for'];
  const last = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').at(-1)?.trim() ?? '';
  return isIP(last) ? last : peer;
}

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
  if (isLocalUser(req, listenHost)) return { ok: true, role: 'admin' };
  return { ok: false, status: 401, message: 'This hub needs an access token (add ?token=… or an Authorization header).' };
}

export type Admission = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; message: string };

export interface AdmitOptions {
  /** The loopback user is the local admin without a token (default, as a desktop app is). */
  loopbackAdmin?: boolean;
}

/**
 * Like `authenticate`, for a hub with users: a `?token=`/Bearer credential must be an access
 * token or a live session (else 401, as before); without one, a browser beyond loopback is let
 * in signed out (it may only say hello and sign in). `?session=` names a kept session softly:
 * if it has ended, the connection is signed out and told so, rather than refused.
 */
export function admit(
  req: IncomingMessage,
  listenHost: string,
  tokens: TokenVerifier,
  auth: HubAuth,
  options: AdmitOptions = {},
): Admission {
  if (!originAllowed(req)) return { ok: false, status: 403, message: 'Connections from other web origins are refused.' };
  const token = tokenFromRequest(req);
  if (token) {
    if (tokens.verify(token)) return { ok: true, principal: { kind: 'token', token } };
    const who = auth.identify(token);
    if (who?.via === 'session') return { ok: true, principal: { kind: 'session', token, base: { kind: 'signedOut' } } };
    return { ok: false, status: 401, message: 'That access token is not valid.' };
  }
  const base: Principal = isLocalUser(req, listenHost) && options.loopbackAdmin !== false ? { kind: 'local' } : { kind: 'signedOut' };
  const session = new URL(req.url ?? '/', 'http://hub.invalid').searchParams.get('session');
  if (session) return { ok: true, principal: { kind: 'session', token: session.slice(0, 128), base } };
  return { ok: true, principal: base };
}
