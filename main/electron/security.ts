/**
 * The security rules of the window, as pure data and small functions, so that the shell,
 * the tests and the reviewers all read the same thing (Electron security checklist items
 * 2–6, 7, 8–15, 18; see ../shared/RELIABILITY.md §1).
 */
import { renderCsp } from '../../shared/csp.js';

/** Our UI is served from this custom protocol, never from file:// (checklist 18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'surge';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * webPreferences of every window we create. Never copy a template's `sandbox: false`.
 * `experimentalFeatures`, `enableBlinkFeatures`, `allowRunningInsecureContent` and
 * `webviewTag` stay at their safe defaults and are written out so a reviewer sees them.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
});

/**
 * The app protocol's CSP (checklist 7, defined in shared/csp.ts) with `connect-src` widened
 * by exactly the origins given. Nothing widens it today: the embedded engine and a team hub
 * alike are reached over IPC (the main process holds the hub's socket).
 */
export function contentSecurityPolicy(extraConnectSources: readonly string[] = []): string {
  return renderCsp({ connectSources: extraConnectSources });
}

export function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length > 8192) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True when `raw` is a URL of our own app origin. Compared on protocol and host, not on
 * `URL.origin`: Node's WHATWG URL gives non-special schemes an opaque origin ("null"),
 * so `new URL('app://surge/').origin` is "null" in the main process even though Chromium
 * treats our registered standard scheme as a real origin.
 */
export function isAppUrl(raw: unknown): boolean {
  const url = parseUrl(raw);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
}

/**
 * Hosts whose https links a user may open in the system browser from the UI (posts link to
 * the platforms). An entry `*.example.com` allows subdomains; anything else is exact.
 */
export const DEFAULT_EXTERNAL_HOSTS: readonly string[] = Object.freeze([
  'bsky.app',
  'x.com',
  'twitter.com',
  'reddit.com',
  '*.reddit.com',
  'mastodon.social',
  'github.com',
]);

/** checklist 15: parse, https only, no credentials in the URL, host on the allow-list. */
export function isAllowedExternalUrl(raw: unknown, allowedHosts: readonly string[] = DEFAULT_EXTERNAL_HOSTS): boolean {
  const url = parseUrl(raw);
  if (!url || url.protocol !== 'https:' || url.username || url.password) return false;
  if (url.port && url.port !== '443') return false;
  const host = url.hostname.toLowerCase();
  return allowedHosts.some((entry) => {
    const rule = entry.toLowerCase();
    if (rule.startsWith('*.')) return host.endsWith(rule.slice(1)) && host.length > rule.length - 1;
    return host === rule;
  });
}
