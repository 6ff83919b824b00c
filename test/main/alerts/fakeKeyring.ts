import type { Keyring } from '../../../main/sources/secrets.js';

/** Reversible and visibly not plain text: enough to prove the URL is not stored as typed. */
export const fakeKeyring: Keyring = {
  kind: 'file',
  encrypt: (plain) => `enc:${Buffer.from(plain).toString('base64')}`,
  decrypt: (blob) => Buffer.from(blob.slice(4), 'base64').toString(),
};
