import { describe, expect, it } from 'vitest';
import {
  SafeStorageKeyring,
  TokenProtectionUnavailableError,
  type SafeStorageLike,
  type StorageBackend,
} from '../../../main/electron/safeStorageKeyring.js';
import { ContractFailure } from '../../../shared/contract/envelope.js';
import { isEncryptedSecret, SecretError } from '../../../main/sources/secrets.js';

const CANARY = 'canary-token-7f3a9c';

function fakeSafeStorage(backend: StorageBackend, available = true): SafeStorageLike & { encrypted: number } {
  const fake = {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    // Reversible but not plain text, like the real thing: the canary must not appear in a blob.
    encryptString: (plain: string) => {
      fake.encrypted += 1;
      return Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a));
    },
    decryptString: (blob: Buffer) => Buffer.from([...blob].map((b) => b ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
  return fake;
}

describe('SafeStorageKeyring (RELIABILITY test 7)', () => {
  it('round-trips through the OS keyring without the token appearing in the blob', () => {
    const keyring = new SafeStorageKeyring(fakeSafeStorage('gnome_libsecret'), { platform: 'linux', warn: () => undefined });
    const blob = keyring.encrypt(CANARY);
    expect(blob).not.toContain(CANARY);
    expect(blob.startsWith('sds1:')).toBe(true);
    expect(isEncryptedSecret(blob)).toBe(true);
    expect(keyring.kind).toBe('safeStorage');
    expect(Buffer.from(blob.slice(5), 'base64').toString('utf8')).not.toContain(CANARY);
    expect(keyring.decrypt(blob)).toBe(CANARY);
    expect(keyring.status()).toEqual({ protected: true, backend: 'gnome_libsecret' });
  });

  it('on Linux basic_text: warns once and refuses to encrypt or decrypt (never pretends)', () => {
    const warnings: string[] = [];
    const storage = fakeSafeStorage('basic_text');
    const keyring = new SafeStorageKeyring(storage, { platform: 'linux', warn: (m) => warnings.push(m) });
    expect(keyring.status()).toMatchObject({ protected: false, backend: 'basic_text' });
    expect(() => keyring.encrypt(CANARY)).toThrow(TokenProtectionUnavailableError);
    expect(() => keyring.encrypt(CANARY)).toThrow(/no keyring/);
    try {
      keyring.encrypt(CANARY);
    } catch (error) {
      // Surfaces through the dispatcher as an `unavailable` envelope with the plain reason.
      expect(error).toBeInstanceOf(ContractFailure);
      expect((error as ContractFailure).code).toBe('unavailable');
    }
    expect(() => keyring.decrypt('sds1:AAAA')).toThrow(TokenProtectionUnavailableError);
    expect(storage.encrypted).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/basic_text/);
  });

  it('refuses on an unknown backend or when encryption is unavailable', () => {
    for (const [backend, available] of [
      ['unknown', true],
      ['kwallet5', false],
    ] as const) {
      const keyring = new SafeStorageKeyring(fakeSafeStorage(backend, available), { platform: 'linux', warn: () => undefined });
      expect(() => keyring.encrypt(CANARY), backend).toThrow(TokenProtectionUnavailableError);
    }
    const mac = new SafeStorageKeyring(fakeSafeStorage('unknown', false), { platform: 'darwin', warn: () => undefined });
    expect(mac.status()).toMatchObject({ protected: false, backend: 'keychain' });
    expect(() => mac.encrypt(CANARY)).toThrow(TokenProtectionUnavailableError);
  });

  it('on macOS and Windows does not ask for the Linux-only backend', () => {
    const storage = fakeSafeStorage('basic_text');
    storage.getSelectedStorageBackend = () => {
      throw new Error('Linux only');
    };
    for (const platform of ['darwin', 'win32'] as const) {
      const keyring = new SafeStorageKeyring(storage, { platform, warn: () => undefined });
      expect(keyring.decrypt(keyring.encrypt(CANARY))).toBe(CANARY);
    }
  });

  it('rejects blobs it did not write and non-string tokens', () => {
    const keyring = new SafeStorageKeyring(fakeSafeStorage('kwallet6'), { platform: 'linux', warn: () => undefined });
    expect(() => keyring.decrypt(CANARY)).toThrow(SecretError);
    expect(() => keyring.encrypt(42 as unknown as string)).toThrow(TypeError);
  });
});
