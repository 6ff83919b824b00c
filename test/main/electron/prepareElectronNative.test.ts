import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');

interface Stamp {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}
interface PrepareModule {
  OUT_DIR: string;
  FAILURE_HELP: string;
  expectedStamp(o: { electronVersion: string; betterSqliteVersion: string; platform?: string; arch?: string }): Stamp;
  decideRebuild(o: { addonExists: boolean; stampText: string | null; expected: Stamp; force?: boolean }): {
    rebuild: boolean;
    reason: string;
  };
  nodeGypArgs(o: { electronVersion: string; arch?: string; headersUrl?: string; devdir?: string }): string[];
  readInstalledVersions(repo?: string): { electronVersion: string; betterSqliteVersion: string };
  rebuildForElectron(o: Record<string, unknown>): Promise<{ ok: boolean; output: string }>;
  sanitizedGypEnv(env: Record<string, string | undefined>): Record<string, string | undefined>;
}

let prepare: PrepareModule;
let devdir: string;
beforeAll(async () => {
  prepare = (await import(pathToFileURL(path.join(repo, 'scripts', 'prepare-electron-native.mjs')).href)) as PrepareModule;
  devdir = mkdtempSync(path.join(tmpdir(), 'surge-gyp-'));
});
afterAll(() => rmSync(devdir, { recursive: true, force: true }));

describe('prepare-electron-native: when to rebuild', () => {
  const expected = (): Stamp =>
    prepare.expectedStamp({ electronVersion: '45.4.1', betterSqliteVersion: '12.11.1', platform: 'linux', arch: 'x64' });
  const stampText = (over: Partial<Stamp> = {}) => JSON.stringify({ ...expected(), builtAt: '2025-01-01T00:00:00Z', ...over });

  it('reuses an addon whose stamp matches', () => {
    expect(prepare.decideRebuild({ addonExists: true, stampText: stampText(), expected: expected() })).toMatchObject({ rebuild: false });
  });

  it('rebuilds when the addon or stamp is missing or unreadable, or on --force', () => {
    expect(prepare.decideRebuild({ addonExists: false, stampText: stampText(), expected: expected() })).toMatchObject({
      rebuild: true,
      reason: expect.stringMatching(/no better_sqlite3\.node/),
    });
    expect(prepare.decideRebuild({ addonExists: true, stampText: null, expected: expected() })).toMatchObject({ rebuild: true });
    for (const bad of ['{', 'null', '42']) {
      expect(prepare.decideRebuild({ addonExists: true, stampText: bad, expected: expected() }), bad).toMatchObject({ rebuild: true });
    }
    expect(prepare.decideRebuild({ addonExists: true, stampText: stampText(), expected: expected(), force: true })).toMatchObject({
      rebuild: true,
    });
  });

  it('rebuilds for another Electron, better-sqlite3, platform or arch, and says which', () => {
    const cases: [Partial<Stamp>, RegExp][] = [
      [{ electron: '44.0.0' }, /Electron 44\.0\.0, installed is 45\.4\.1/],
      [{ betterSqlite3: '11.0.0' }, /better-sqlite3 11\.0\.0/],
      [{ platform: 'darwin' }, /platform darwin/],
      [{ arch: 'arm64' }, /architecture arm64/],
    ];
    for (const [over, reason] of cases) {
      expect(prepare.decideRebuild({ addonExists: true, stampText: stampText(over), expected: expected() })).toEqual({
        rebuild: true,
        reason: expect.stringMatching(reason),
      });
    }
  });

  it('builds against Electron headers, for the installed Electron version', () => {
    const { electronVersion } = prepare.readInstalledVersions(repo);
    expect(electronVersion).toMatch(/^45\./);
    const args = prepare.nodeGypArgs({ electronVersion, arch: 'x64' });
    expect(args).toEqual(
      expect.arrayContaining([
        'rebuild',
        `--target=${electronVersion}`,
        '--runtime=electron',
        '--dist-url=https://electronjs.org/headers',
        '--arch=x64',
      ]),
    );
  });

  it('drops npm config that would steer node-gyp to Node headers (npm start exports npm_config_nodedir)', () => {
    const env = prepare.sanitizedGypEnv({
      npm_config_nodedir: '/usr',
      NPM_CONFIG_TARGET: '20.0.0',
      npm_config_runtime: 'node',
      npm_config_cache: '/c',
      PATH: '/bin',
    });
    expect(env).toEqual({ npm_config_cache: '/c', PATH: '/bin' });
  });

  it('fails in plain words without touching node_modules or out/ when the headers cannot be fetched', async () => {
    const addon = path.join(repo, prepare.OUT_DIR, 'better_sqlite3.node');
    const before = existsSync(addon);
    const lines: string[] = [];
    const result = await prepare.rebuildForElectron({
      repo,
      ...prepare.readInstalledVersions(repo),
      headersUrl: 'http://127.0.0.1:9/headers',
      devdir,
      log: (line: string) => lines.push(line),
    });
    expect(result.ok).toBe(false);
    expect(existsSync(addon)).toBe(before);
    expect(existsSync(path.join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(lines.join('\n')).toMatch(/node-gyp rebuild .*--runtime=electron/);
    expect(prepare.FAILURE_HELP).toMatch(/needs internet once to fetch Electron's headers/);
  }, 60_000);
});
