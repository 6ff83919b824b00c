/**
 * The one Content-Security-Policy of the UI, for the Electron shell (app://, checklist 7)
 * and the hub's web UI alike: the same renderer runs under both, so a rule loosened for one
 * would be a rule loosened for the code both ship.
 *
 * Versus the brief, one directive is added: `form-action 'none'`, because `default-src`
 * does not cover form targets and the UI never submits a form anywhere. No 'unsafe-inline':
 * React and recharts set styles through the CSSOM, which test/e2e/csp.test.ts checks.
 * The hub's WebSocket needs no entry of its own: `connect-src 'self'` matches ws:/wss: on
 * the page's own host and port (CSP Level 3), which the same browser test exercises. A desktop
 * connected to a team hub needs none either: its main process holds the hub connection and the
 * window keeps talking IPC (main/electron/hubLink.ts), so no remote origin is ever added.
 */

/** Directive order is the header's order; enforcement does not depend on it. */
export const CSP_DIRECTIVES = Object.freeze({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>);

export type CspDirective = keyof typeof CSP_DIRECTIVES;

export interface CspOptions {
  /**
   * Origins added to `connect-src` (unused by the app today; see above). Anything that is not a bare
   * http(s)/ws(s) origin is dropped, so a hostile setting cannot smuggle in a directive.
   */
  connectSources?: readonly string[];
}

/** The header value: the directives above, with `connect-src` widened by `connectSources`. */
export function renderCsp(options: CspOptions = {}): string {
  const extra = (options.connectSources ?? []).filter(isCspOriginSafe);
  return Object.entries(CSP_DIRECTIVES)
    .map(([name, sources]) => [name, ...sources, ...(name === 'connect-src' ? extra : [])].join(' '))
    .join('; ');
}

/** The policy as sent when nothing widens it. */
export const CSP = renderCsp();

/**
 * A bare origin of http(s)/ws(s): no path, query or credentials. The host is held to DNS
 * characters (or an IPv6 literal) because the URL parser lets `*`, `'`, `,` and `;` through
 * in a host, and in a header those are a wildcard, a keyword or a directive break.
 */
export function isCspOriginSafe(source: string): boolean {
  if (source.length > 8192) return false;
  let parsed: URL;
  try {
    parsed = new URL(source);
  } catch {
    return false;
  }
  if (!['https:', 'wss:', 'http:', 'ws:'].includes(parsed.protocol)) return false;
  // eslint-disable-next-line security/detect-unsafe-regex -- every label repeat ends in '.': linear, on a hostname the URL parser produced
  if (!/^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(parsed.hostname)) return false;
  return source === parsed.origin;
}
