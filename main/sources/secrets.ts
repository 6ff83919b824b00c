/**
 * Credentials at rest. One small interface, two implementations:
 * - a hub: AES-256-GCM with a random 32-byte key in `<dataDir>/secrets.key`, created 0600;
 * - the desktop: Electron's safeStorage (OS keychain), plugged in by main/electron through a
 *   structural type so nothing below main/electron imports electron.
 *
 * Invariants: plaintext never appears in an error message or a log line; a blob that was
 * tampered with, truncated or encrypted under another key fails loudly instead of decrypting
 * to garbage (GCM's tag); blobs are versioned so the scheme can change without guessing.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- one path: the key file in the app's own data dir, fixed at startup */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface Keyring {
  /** Where the key lives; shown in the admin view, never the key itself. */
  readonly kind: 'file' | 'safeStorage';
  encrypt(plain: string): string;
  /** Throws SecretError when the blob is damaged, foreign or tampered with. */
  decrypt(blob: string): string;
}

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

export const KEY_FILE_NAME = 'secrets.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FILE_PREFIX = 'sdk1:';
const SAFE_PREFIX = 'sds1:';

function readOrCreateKey(path: string): Buffer {
  let fd: number;
  try {
    // 'wx' fails if the file exists, so two processes starting at once cannot both write a key.
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readExistingKey(path);
  }
  try {
    const key = randomBytes(KEY_BYTES);
    writeSync(fd, key.toString('base64') + '\n');
    // The mode given to open is filtered by the umask; make 0600 explicit.
    if ((fstatSync(fd).mode & 0o777) !== 0o600) chmodSync(path, 0o600);
    return key;
  } finally {
    closeSync(fd);
  }
}

function readExistingKey(path: string): Buffer {
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    // Someone widened the permissions; narrowing them again is safe and keeps the key private.
    chmodSync(path, 0o600);
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new SecretError(
      `The key file ${path} is damaged (expected a ${KEY_BYTES}-byte key). Restore it from backup; stored credentials cannot be read without it.`,
    );
  }
  return key;
}

/** AES-256-GCM keyring for a headless hub; the key file is created on first use. */
export function createFileKeyring(dataDir: string): Keyring {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = readOrCreateKey(join(dataDir, KEY_FILE_NAME));
  return {
    kind: 'file',
    encrypt(plain: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return FILE_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(blob: string): string {
      if (!blob.startsWith(FILE_PREFIX)) throw new SecretError('Not a credential encrypted by this hub');
      const raw = Buffer.from(blob.slice(FILE_PREFIX.length), 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretError('Encrypted credential is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretError('Encrypted credential was altered or belongs to another key; enter it again');
      }
    },
  };
}

/** The part of Electron's `safeStorage` we use; main/electron passes the real one in. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function createSafeStorageKeyring(safeStorage: SafeStorageLike): Keyring {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new SecretError('The operating system keychain is not available, so credentials cannot be stored safely');
  }
  return {
    kind: 'safeStorage',
    encrypt: (plain) => SAFE_PREFIX + safeStorage.encryptString(plain).toString('base64'),
    decrypt(blob) {
      if (!blob.startsWith(SAFE_PREFIX)) throw new SecretError('Not a credential encrypted by this desktop');
      try {
        return safeStorage.decryptString(Buffer.from(blob.slice(SAFE_PREFIX.length), 'base64'));
      } catch {
        throw new SecretError('The keychain could not decrypt a stored credential; enter it again');
      }
    },
  };
}

/** True for strings produced by either keyring, so callers can tell stored from fresh input. */
export function isEncryptedSecret(value: string): boolean {
  return value.startsWith(FILE_PREFIX) || value.startsWith(SAFE_PREFIX);
}
