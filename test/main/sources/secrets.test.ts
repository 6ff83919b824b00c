import { mkdtempSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFileKeyring,
  createSafeStorageKeyring,
  isEncryptedSecret,
  KEY_FILE_NAME,
  SecretError,
  type SafeStorageLike,
} from '../../../main/sources/secrets.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'surge-secrets-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop() ?? '', { recursive: true, force: true });
});

const TOKEN = 'xoxb-super-secret-token-1234567890';

describe('file keyring (hub)', () => {
  it('round-trips, including unicode and empty strings', () => {
    const k = createFileKeyring(tempDir());
    for (const plain of [TOKEN, '', 'pässwörd 🔑']) expect(k.decrypt(k.encrypt(plain))).toBe(plain);
    expect(k.kind).toBe('file');
  });

  it('creates the key file with mode 0600 and reuses it', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const k1 = createFileKeyring(dir);
    const path = join(dir, KEY_FILE_NAME);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const blob = k1.encrypt(TOKEN);
    expect(createFileKeyring(dir).decrypt(blob)).toBe(TOKEN);
  });

  it('narrows a key file whose permissions were widened', () => {
    if (process.platform === 'win32') return;
    const dir = tempDir();
    createFileKeyring(dir);
    chmodSync(join(dir, KEY_FILE_NAME), 0o644);
    createFileKeyring(dir);
    expect(statSync(join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
  });

  it('never shows the plaintext in the ciphertext or the key file', () => {
    const dir = tempDir();
    const k = createFileKeyring(dir);
    const blob = k.encrypt(TOKEN);
    expect(blob).not.toContain(TOKEN);
    expect(Buffer.from(blob.slice(5), 'base64').toString('latin1')).not.toContain(TOKEN);
    expect(readFileSync(join(dir, KEY_FILE_NAME), 'utf8')).not.toContain(TOKEN);
    expect(isEncryptedSecret(blob)).toBe(true);
    expect(isEncryptedSecret(TOKEN)).toBe(false);
    // A fresh IV each time: equal plaintexts do not give equal blobs.
    expect(k.encrypt(TOKEN)).not.toBe(blob);
  });

  it('detects tampering, truncation and a foreign key, without echoing the secret', () => {
    const k = createFileKeyring(tempDir());
    const blob = k.encrypt(TOKEN);
    const raw = Buffer.from(blob.slice(5), 'base64');
    for (const i of [0, 13, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      expect(() => k.decrypt('sdk1:' + bad.toString('base64'))).toThrowError(SecretError);
    }
    expect(() => k.decrypt('sdk1:' + raw.subarray(0, 20).toString('base64'))).toThrowError(/truncated/);
    expect(() => k.decrypt(TOKEN)).toThrowError(SecretError);
    const other = createFileKeyring(tempDir());
    try {
      other.decrypt(blob);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SecretError);
      expect(String(err)).not.toContain(TOKEN);
    }
  });

  it('refuses a damaged key file instead of silently making a new key', () => {
    const dir = tempDir();
    createFileKeyring(dir);
    writeFileSync(join(dir, KEY_FILE_NAME), 'not a key');
    expect(() => createFileKeyring(dir)).toThrowError(/damaged/);
  });
});

describe('safeStorage keyring (desktop)', () => {
  const fakeSafeStorage = (available = true): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from([...Buffer.from(s, 'utf8')].map((b) => b ^ 0x5a)),
    decryptString: (b) => {
      if (b.length === 0) throw new Error('bad');
      return Buffer.from([...b].map((x) => x ^ 0x5a)).toString('utf8');
    },
  });

  it('wraps safeStorage with a versioned prefix', () => {
    const k = createSafeStorageKeyring(fakeSafeStorage());
    const blob = k.encrypt(TOKEN);
    expect(blob.startsWith('sds1:')).toBe(true);
    expect(k.decrypt(blob)).toBe(TOKEN);
    expect(() => k.decrypt('sds1:')).toThrowError(SecretError);
    expect(() => k.decrypt('sdk1:abc')).toThrowError(/desktop/);
  });

  it('refuses to run without an OS keychain', () => {
    expect(() => createSafeStorageKeyring(fakeSafeStorage(false))).toThrowError(/keychain/);
  });
});
