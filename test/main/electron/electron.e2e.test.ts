/**
 * End-to-end: the real Electron app, driven by playwright-core's `_electron`. Runs only
 * where an Electron binary exists; on machines that cannot download it (like CI here) it
 * says so plainly and skips. Everything it checks is also covered by the unit tests
 * against the fake electron; this proves the real runtime agrees (RELIABILITY test 1, 6).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');

/**
 * Where the Electron binary is, or null. Not `require('electron')`: in plain Node, the
 * electron 45 package's index.js tries to download the binary when it is missing, which
 * on these machines fails slowly. This reads the same path.txt without that side effect.
 */
function electronBinary(): string | null {
  const pkg = path.join(repo, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const exe = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return existsSync(exe) ? exe : null;
  }
  if (!relative) return null;
  const exe = path.join(pkg, 'dist', relative);
  return existsSync(exe) ? exe : null;
}

const executable = electronBinary();
const nativeAddon = path.join(repo, 'out', 'electron-native', 'better_sqlite3.node');
const rendererBuilt = existsSync(path.join(repo, 'out', 'renderer', 'index.html'));
let skipReason: string | null = null;
if (!executable) {
  skipReason = 'Electron e2e skipped: no Electron binary on this machine (it downloads on first `electron .` where the network allows)';
} else if (!existsSync(nativeAddon)) {
  skipReason =
    'Electron e2e skipped: better-sqlite3 is not built for Electron yet (run `node scripts/prepare-electron-native.mjs`; it needs internet once)';
} else if (!rendererBuilt) {
  skipReason = 'Electron e2e skipped: the renderer is not built (run `npm run build:renderer`)';
}
if (skipReason) console.log(skipReason);

let app: ElectronApplication | null = null;
const dataDir = mkdtempSync(path.join(tmpdir(), 'surge-electron-e2e-'));
afterAll(async () => {
  await app?.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Electron app (end to end)', () => {
  it.skipIf(skipReason !== null)(
    'opens "Surge Desk" with sandboxed, isolated renderers and only the narrow bridge',
    async () => {
      const { buildElectron } = (await import(pathToFileURL(path.join(repo, 'scripts', 'build-electron.mjs')).href)) as {
        buildElectron(): Promise<string[]>;
      };
      await buildElectron();
      app = await _electron.launch({
        executablePath: executable!,
        args: [repo, `--user-data-dir=${path.join(dataDir, 'user-data')}`],
        cwd: repo,
        env: { ...process.env, SURGE_DATA_DIR: path.join(dataDir, 'engine') } as Record<string, string>,
        timeout: 60_000,
      });
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      await expect.poll(() => page.title(), { timeout: 20_000 }).toContain('Surge Desk');
      expect(page.url()).toMatch(/^app:\/\/surge\//);

      // RELIABILITY test 1: the runtime preferences of every webContents.
      // getLastWebPreferences() is undocumented (absent from electron.d.ts) but present at
      // runtime; if a future Electron drops it, the page-surface checks below still hold.
      const prefs = await app.evaluate(({ webContents }) =>
        webContents.getAllWebContents().map((contents) => {
          const getter = (contents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null }).getLastWebPreferences;
          return typeof getter === 'function' ? getter.call(contents) : 'unavailable';
        }),
      );
      expect(prefs.length).toBeGreaterThan(0);
      if (prefs.every((p) => p === 'unavailable')) {
        console.log('Electron e2e: getLastWebPreferences() is not available in this Electron; relying on the page-surface checks.');
      } else {
        for (const p of prefs) {
          expect(p).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
          expect((p as Record<string, unknown> | null)?.experimentalFeatures ?? false).toBe(false);
        }
      }

      // The page sees the bridge and nothing else of Electron or Node.
      const surface = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        const bridge = w.surgeBridge as Record<string, unknown> | undefined;
        return {
          bridgeKeys: bridge ? Object.keys(bridge).sort() : null,
          hasRequire: typeof w.require !== 'undefined',
          hasProcess: typeof w.process !== 'undefined',
        };
      });
      expect(surface).toEqual({ bridgeKeys: ['call', 'onEvent'], hasRequire: false, hasProcess: false });

      // RELIABILITY test 6 (part): eval is refused by the CSP.
      const evalBlocked = await page.evaluate(() => {
        try {
          return (0, eval)('1') !== 1;
        } catch {
          return true;
        }
      });
      expect(evalBlocked).toBe(true);
    },
    120_000,
  );
});
