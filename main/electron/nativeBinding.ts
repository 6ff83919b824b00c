/**
 * Which better-sqlite3 addon the desktop engine loads. node_modules stays built for Node
 * (so `npm test` works); `npm start` builds an Electron copy into out/electron-native via
 * scripts/prepare-electron-native.mjs and we hand its path to better-sqlite3's
 * `nativeBinding`. A packaged app had node_modules rebuilt for Electron by
 * `electron-builder install-app-deps`, so it needs no override.
 */
import path from 'node:path';

export const ELECTRON_NATIVE_DIR = path.join('out', 'electron-native');
export const ELECTRON_SQLITE_ADDON = 'better_sqlite3.node';

export function resolveSqliteNativeBinding(options: {
  appPath: string;
  isPackaged: boolean;
  exists: (file: string) => boolean;
}): string | undefined {
  if (options.isPackaged) return undefined;
  const candidate = path.join(options.appPath, ELECTRON_NATIVE_DIR, ELECTRON_SQLITE_ADDON);
  return options.exists(candidate) ? candidate : undefined;
}

/** Plain words for the error box when the addon was built for another runtime. */
export function explainNativeLoadError(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  if (!/NODE_MODULE_VERSION|better_sqlite3|better-sqlite3|was compiled against a different Node\.js version/i.test(message)) return null;
  return (
    'The database module is built for Node, not for Electron. Run `node scripts/prepare-electron-native.mjs` ' +
    "(npm start does this; it needs internet once to fetch Electron's headers), then start again."
  );
}
