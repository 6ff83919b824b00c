/**
 * electron-builder.yml against electron-builder's own JSON schema, plus the promises the
 * file makes: four targets, fuses, native rebuild at packaging time, no dev addon shipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
// js-yaml ships with electron-builder (no types installed): typed here by hand.
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  directories: Record<string, string>;
  files: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  mac: { target: string[]; entitlements: string; entitlementsInherit: string };
  win: { target: string[] };
};

describe('electron-builder.yml', () => {
  it("is valid against app-builder-lib's scheme.json", () => {
    const schema = JSON.parse(readFileSync(path.join(repo, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check is real: a wrong field fails it', () => {
    const schema = JSON.parse(readFileSync(path.join(repo, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ ...config, electronFuses: { runAsNode: 'no' } })).toBe(false);
    expect(validate({ ...config, notAnOption: true })).toBe(false);
  });

  it('builds AppImage, deb, dmg and nsis from build/ into release/', () => {
    expect(config.productName).toBe('Surge Desk');
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.directories).toEqual({ buildResources: 'build', output: 'release' });
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toContain('dmg');
    expect(config.win.target).toContain('nsis');
  });

  it('ships the bundles, not the dev-only Electron addon; rebuilds native modules while packaging', () => {
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'out/electron/**', 'out/renderer/**', '!out/electron-native/**']));
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('flips the fuses (checklist 19)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('has its resources: icon (512×512 PNG), mac entitlements, tray icons', () => {
    const icon = readFileSync(path.join(repo, 'build', 'icon.png'));
    expect(icon.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = readFileSync(path.join(repo, file), 'utf8');
      expect(plist).toContain('com.apple.security.cs.allow-jit');
      expect(plist).not.toContain('disable-library-validation');
    }
    for (const file of ['resources/icons/tray.png', 'resources/icons/tray@2x.png', 'resources/icons/icon.png']) {
      expect(existsSync(path.join(repo, file)), file).toBe(true);
    }
  });

  it('the npm scripts rebuild native modules only for dist, never on install', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('out/electron/main.cjs');
    expect(pkg.scripts.dist).toMatch(/electron-builder install-app-deps && electron-builder/);
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[hook], hook).toBeUndefined();
  });
});
