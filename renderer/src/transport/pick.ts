/**
 * Chooses the transport: Electron's bridge when the preload exposed one, else the hub's
 * WebSocket on the same host that served the page.
 */
import type { SurgeBridge } from '../../../shared/contract/wire.js';
import { createIpcTransport } from './ipc.js';
import type { ManagedTransport } from './types.js';
import { createWebSocketTransport } from './websocket.js';

export const TOKEN_STORAGE_KEY = 'surge.hubToken';

interface LocationLike {
  protocol: string;
  host: string;
  hash: string;
}
interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Reads `#token=…` (remembered in storage for the next visit) or the remembered token. */
export function resolveToken(location: LocationLike, storage: StorageLike | null): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#\/?/, '')).get('token');
  if (fromHash) {
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      /* storage may be disabled; the token still works for this page */
    }
    return fromHash;
  }
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** `ws(s)://<host>/api/ws`, with `?token=` when one is known. */
export function hubSocketUrl(location: LocationLike, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}/api/ws${query}`;
}

export function pickTransport(win: Window & { surgeBridge?: SurgeBridge }): ManagedTransport {
  if (win.surgeBridge) return createIpcTransport(win.surgeBridge);
  let storage: StorageLike | null = null;
  try {
    storage = win.localStorage;
  } catch {
    storage = null;
  }
  const token = resolveToken(win.location, storage);
  if (/token=/.test(win.location.hash)) {
    // Do not leave the secret in the address bar or the history.
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}#/live`);
  }
  return createWebSocketTransport(hubSocketUrl(win.location, token));
}
