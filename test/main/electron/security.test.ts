import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isAllowedExternalUrl, isAppUrl, SECURE_WEB_PREFERENCES } from '../../../main/electron/security.js';
import { explainNativeLoadError, resolveSqliteNativeBinding } from '../../../main/electron/nativeBinding.js';

describe('security rules', () => {
  it('isAppUrl compares scheme and host (Node gives app:// an opaque origin)', () => {
    expect(new URL('app://surge/index.html').origin).toBe('null');
    expect(isAppUrl('app://surge/index.html')).toBe(true);
    expect(isAppUrl('app://surge')).toBe(true);
    for (const url of ['app://surge.evil/', 'app://evil/', 'https://surge/', 'app://a@surge/', 'file:///app/surge', '', null, 42]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('external links: https, allow-listed host, no credentials, default port', () => {
    expect(isAllowedExternalUrl('https://x.com/user/status/1')).toBe(true);
    expect(isAllowedExternalUrl('https://www.reddit.com/r/a')).toBe(true);
    expect(isAllowedExternalUrl('https://BSKY.app/x')).toBe(true);
    for (const url of [
      'http://x.com/',
      'https://x.com:8443/',
      'https://evilx.com/',
      'https://x.com.evil.io/',
      'https://reddit.com.evil.io/',
      'https://a:b@x.com/',
      'javascript:alert(1)',
      'ms-msdt:/id',
      'smb://x.com/share',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
    expect(isAllowedExternalUrl('https://example.org/', ['*.example.org'])).toBe(false);
    expect(isAllowedExternalUrl('https://a.example.org/', ['*.example.org'])).toBe(true);
  });

  it('the CSP accepts only clean origins as extra connect sources', () => {
    const csp = contentSecurityPolicy(['wss://hub.example:8443', "https://x; script-src 'unsafe-eval'", '*', 'https://ok.example/path']);
    expect(csp).toContain("connect-src 'self' wss://hub.example:8443;");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('ok.example');
  });

  it('webPreferences are frozen and secure', () => {
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
  });

  it('chooses the Electron sqlite addon only in dev runs where it was built', () => {
    const exists = (f: string) => f === '/repo/out/electron-native/better_sqlite3.node';
    expect(resolveSqliteNativeBinding({ appPath: '/repo', isPackaged: false, exists })).toBe(
      '/repo/out/electron-native/better_sqlite3.node',
    );
    expect(resolveSqliteNativeBinding({ appPath: '/repo', isPackaged: true, exists })).toBeUndefined();
    expect(resolveSqliteNativeBinding({ appPath: '/other', isPackaged: false, exists })).toBeUndefined();
    expect(explainNativeLoadError(new Error('was compiled against a different Node.js version using NODE_MODULE_VERSION 127'))).toMatch(
      /prepare-electron-native/,
    );
    expect(explainNativeLoadError(new Error('disk full'))).toBeNull();
  });
});
