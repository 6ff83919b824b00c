/**
 * Access tokens for the hub: only a SHA-256 hash is stored, so a copied database does not
 * hand out access. Tokens are 32 random bytes, so a plain hash (no salt/KDF) is enough.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../shared/domain.js';
import type { WriteDb } from './db.js';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function createTokensRepo(db: WriteDb) {
  const insert = db.prepare('INSERT INTO access_tokens (label, role, token_hash, created_at) VALUES (?, ?, ?, ?)');
  const byHash = db.prepare<[string], { role: Role; token_hash: string }>(
    'SELECT role, token_hash FROM access_tokens WHERE token_hash = ?',
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM access_tokens');
  return {
    count(): number {
      return count.get()?.n ?? 0;
    },
    /** Returns the token in clear once; only its hash is kept. */
    issue(label: string, role: Role, now: number): string {
      const token = randomBytes(32).toString('base64url');
      insert.run(label, role, hashToken(token), now);
      return token;
    },
    verify(token: string): Role | null {
      const hash = hashToken(token);
      const row = byHash.get(hash);
      if (!row) return null;
      return timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash)) ? row.role : null;
    },
  };
}
