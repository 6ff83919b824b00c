import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');
const outdir = mkdtempSync(path.join(tmpdir(), 'surge-build-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('scripts/build-electron.mjs', () => {
  it('bundles main to CommonJS with only electron, the native/ESM externals and Node builtins left to require', async () => {
    const { buildElectron, MAIN_EXTERNALS, OPTIONAL_EXTERNALS } = (await import(
      pathToFileURL(path.join(repo, 'scripts', 'build-electron.mjs')).href
    )) as {
      buildElectron(o: { outdir: string; only?: string }): Promise<string[]>;
      MAIN_EXTERNALS: string[];
      OPTIONAL_EXTERNALS: string[];
    };
    expect(OPTIONAL_EXTERNALS.sort()).toEqual(['bufferutil', 'utf-8-validate']);
    // argon2 and better-sqlite3 load native binaries from their own folders; bundling them would break that.
    expect(MAIN_EXTERNALS.sort()).toEqual(['argon2', 'better-sqlite3', 'electron', 'electron-store']);
    const [file] = await buildElectron({ outdir, only: 'main' });
    const source = readFileSync(file!, 'utf8');
    const required = new Set([...source.matchAll(/\brequire\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]!));
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const unexpected = [...required].filter(
      (name) => !builtins.has(name) && !MAIN_EXTERNALS.includes(name) && !OPTIONAL_EXTERNALS.includes(name),
    );
    expect(unexpected).toEqual([]);
    expect(required.has('electron')).toBe(true);
    // electron-store is ESM-only: it must be loaded with import(), never require().
    expect(required.has('electron-store')).toBe(false);
    expect(source).toContain('import("electron-store")');
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
  }, 60_000);
});
