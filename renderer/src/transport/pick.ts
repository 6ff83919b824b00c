/**
 * Chooses the transport: Electron's bridge when the preload exposed one, else the hub's
 * WebSocket on the same host that served the page.
 */
import type { SurgeBridge } from '../../../shared/contract/wire.js';
import type { StorageLike } from '../store/storage.js';
import { createIpcTransport } from './ipc.js';
import type { ManagedTransport } from '../../../shared/transport/types.js';
import { httpRefusalProbe } from '../../../shared/transport/refusal.js';
import { createWebSocketTransport } from '../../../shared/transport/websocket.js';

export const TOKEN_STORAGE_KEY = 'surge.hubToken';
/** The signed-in user's session token (web UI); sent as `?session=` on every connect. */
export const SESSION_STORAGE_KEY = 'surge.session';

interface LocationLike {
  protocol: string;
  host: string;
  hash: string;
}

/** Where the web UI keeps its session token; every access tolerates disabled storage. */
export function sessionKeeper(storage: StorageLike | null) {
  return {
    get(): string | null {
      try {
        return storage?.getItem(SESSION_STORAGE_KEY) ?? null;
      } catch {
        return null;
      }
    },
    set(token: string | null): void {
      try {
        if (token) storage?.setItem(SESSION_STORAGE_KEY, token);
        else storage?.removeItem?.(SESSION_STORAGE_KEY);
      } catch {
        /* storage may be disabled: the session lasts as long as this page */
      }
    },
  };
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

/** `ws(s)://<host>/api/ws`, with `?token=` when one is known (`?session=` for a kept sign-in, which goes first). */
export function hubSocketUrl(location: LocationLike, token: string | null, session: string | null = null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  // A sign-in is a deliberate choice, so a kept session goes ahead of a remembered access token.
  const query = session ? `?session=${encodeURIComponent(session)}` : token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}/api/ws${query}`;
}

export function pickTransport(
  win: Window & { surgeBridge?: SurgeBridge },
  sessions: ReturnType<typeof sessionKeeper> = sessionKeeper(storageOf(win)),
): ManagedTransport {
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
  // The token link pasted into a tab already open on the hub changes only the hash: start over
  // so it is read (and taken out of the address bar) as on a fresh visit.
  win.addEventListener('hashchange', () => {
    if (/token=/.test(win.location.hash)) win.location.reload();
  });
  return createWebSocketTransport(() => hubSocketUrl(win.location, token, sessions.get()), {
    probe: httpRefusalProbe((url, init) => win.fetch(url, init)),
  });
}

export function storageOf(win: Window): StorageLike | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}
