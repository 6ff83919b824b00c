/**
 * Electron main entry (bundled to out/electron/main.cjs by scripts/build-electron.mjs).
 * The only file that touches the real electron module: it hands it to the shell, which is
 * tested against a fake, and maps the shell's engine options onto main/core's createEngine.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, screen, session, shell, Tray } from 'electron';
import { existsSync } from 'node:fs';
import { loadConfigFile } from '../core/config.js';
import { createEngine } from '../core/engine.js';
import { createLogger, errorMeta } from '../lib/log.js';
import { startShell } from './shell.js';
import type { KeyValueStore } from './windowState.js';

const logger = createLogger(process.env.SURGE_LOG_LEVEL === 'debug' ? 'debug' : 'info');

async function createKeyValueStore(name: string): Promise<KeyValueStore> {
  // electron-store is ESM-only; this bundle is CommonJS, so it is loaded with import().
  const { default: Store } = await import('electron-store');
  return new Store({ name, clearInvalidConfig: true });
}

startShell({
  electron: { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, screen, session, shell, Tray },
  createEngine: ({ dataDir, sqliteNativeBinding, keyring }) => {
    const config = loadConfigFile(process.env.SURGE_CONFIG);
    return createEngine({
      // SURGE_DATA_DIR wins, as for the hub (tests and portable installs use it).
      dataDir: process.env.SURGE_DATA_DIR || dataDir,
      sources: config.sources,
      accounts: config.accounts,
      publishing: config.publishing,
      version: app.getVersion(),
      ...(sqliteNativeBinding ? { sqliteNativeBinding } : {}),
      // Credentials at rest go through safeStorage, refused when Linux has no keyring.
      keyring,
      logger,
    });
  },
  createStore: () => createKeyValueStore('window-state'),
  // The team hub's address and its session token, encrypted with safeStorage (never in clear).
  createLinkStore: () => createKeyValueStore('hub-link'),
  fileExists: existsSync,
  log: logger,
}).catch((error: unknown) => {
  logger.log('error', 'The shell failed to start', errorMeta(error));
  app.exit(1);
});
