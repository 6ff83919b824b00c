/**
 * Tokens at rest on the desktop, encrypted with Electron's safeStorage (OS keychain: macOS
 * Keychain, Windows DPAPI, Linux Secret Service/KWallet).
 *
 * On Linux without a keyring, safeStorage falls back to `basic_text`: Chromium then
 * "encrypts" with a fixed, publicly known key, which protects nothing (RELIABILITY §1,
 * test case 7). We do not pretend: the keyring warns once and refuses to encrypt, so the
 * caller must tell the user and keep the token for this session only.
 */

import { ContractFailure } from '../../shared/contract/envelope.js';
import { SecretError, type Keyring } from '../sources/secrets.js';

/** What the engine's credential store needs (main/sources/secrets.ts `Keyring`; the hub uses a key file). */
export type TokenKeyring = Keyring;

export type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): StorageBackend;
}

/**
 * A ContractFailure, so a call that tries to save a token answers `unavailable` with the
 * plain-words reason instead of a generic internal error.
 */
export class TokenProtectionUnavailableError extends ContractFailure {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'TokenProtectionUnavailableError';
  }
}

export interface KeyringStatus {
  protected: boolean;
  /** 'keychain' | 'dpapi' | a Linux backend name. */
  backend: string;
  /** Plain words for the settings screen when not protected. */
  reason?: string;
}

/**
 * Blobs carry a version prefix so another scheme can be told apart; the same one as
 * main/sources/secrets.ts uses for safeStorage blobs, so `isEncryptedSecret` knows ours.
 */
const PREFIX = 'sds1:';

export const NO_KEYRING_MESSAGE =
  'Surge Desk will not save account tokens on this computer: Linux has no keyring running ' +
  '(Secret Service, such as GNOME Keyring, or KWallet), and without one Electron would store ' +
  'them with a publicly known key. Start or install a keyring and restart Surge Desk, or enter ' +
  'tokens again each session.';

export interface SafeStorageKeyringOptions {
  platform?: NodeJS.Platform;
  warn?: (message: string) => void;
}

export class SafeStorageKeyring implements TokenKeyring {
  readonly kind = 'safeStorage' as const;
  private warned = false;
  private readonly platform: NodeJS.Platform;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    options: SafeStorageKeyringOptions = {},
  ) {
    this.platform = options.platform ?? process.platform;
    this.warn = options.warn ?? ((message) => console.warn(`[surge] ${message}`));
  }

  /** Call after `app` is ready: before that, Linux reports 'unknown'. */
  status(): KeyringStatus {
    let available = false;
    try {
      available = this.safeStorage.isEncryptionAvailable();
    } catch {
      available = false;
    }
    if (this.platform === 'linux') {
      let backend: StorageBackend = 'unknown';
      try {
        backend = this.safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
      } catch {
        backend = 'unknown';
      }
      if (!available || backend === 'basic_text' || backend === 'unknown') {
        return { protected: false, backend, reason: NO_KEYRING_MESSAGE };
      }
      return { protected: true, backend };
    }
    const backend = this.platform === 'darwin' ? 'keychain' : this.platform === 'win32' ? 'dpapi' : this.platform;
    if (!available) {
      return { protected: false, backend, reason: 'The operating system refused to provide an encryption key for tokens.' };
    }
    return { protected: true, backend };
  }

  private requireProtection(): void {
    const status = this.status();
    if (status.protected) return;
    const message = status.reason ?? NO_KEYRING_MESSAGE;
    if (!this.warned) {
      this.warned = true;
      this.warn(`${message} (storage backend: ${status.backend})`);
    }
    throw new TokenProtectionUnavailableError(message);
  }

  encrypt(plain: string): string {
    if (typeof plain !== 'string') throw new TypeError('token must be a string');
    this.requireProtection();
    return PREFIX + this.safeStorage.encryptString(plain).toString('base64');
  }

  decrypt(blob: string): string {
    if (typeof blob !== 'string' || !blob.startsWith(PREFIX)) {
      throw new SecretError('Not a credential encrypted by this desktop');
    }
    this.requireProtection();
    return this.safeStorage.decryptString(Buffer.from(blob.slice(PREFIX.length), 'base64'));
  }
}
