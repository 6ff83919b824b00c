/**
 * Sign-in sessions. The token is 32 random bytes handed out once; only its SHA-256 hash is
 * stored, so a copied database signs nobody in. A session ends when it expires, is revoked
 * (sign-out, user disabled) or its user is deleted (ON DELETE CASCADE).
 */
import { randomBytes } from 'node:crypto';
import type { WriteDb } from './db.js';
import { hashToken } from './tokens.js';

export interface SessionRow {
  id: number;
  userId: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
  revokedAt: number | null;
  address: string | null;
}

interface RawSession {
  id: number;
  user_id: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  revoked_at: number | null;
  address: string | null;
}

const fromRaw = (raw: RawSession): SessionRow => ({
  id: raw.id,
  userId: raw.user_id,
  createdAt: raw.created_at,
  expiresAt: raw.expires_at,
  lastSeenAt: raw.last_seen_at,
  revokedAt: raw.revoked_at,
  address: raw.address,
});

export function createSessionsRepo(db: WriteDb) {
  const insert = db.prepare(
    'INSERT INTO sessions (user_id, token_hash, created_at, expires_at, last_seen_at, revoked_at, address) VALUES (?, ?, ?, ?, ?, NULL, ?)',
  );
  const byHash = db.prepare<[string], RawSession>('SELECT * FROM sessions WHERE token_hash = ?');
  const seen = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?');
  const revoke = db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const revokeUser = db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL');
  const liveOf = db.prepare<[string, number], RawSession>(
    'SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY last_seen_at DESC',
  );
  const lastSeen = db.prepare<[string], { at: number | null }>('SELECT MAX(last_seen_at) AS at FROM sessions WHERE user_id = ?');
  const prune = db.prepare('DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?');
  return {
    /** Returns the token in clear, once. */
    issue(userId: string, now: number, ttlMs: number, address: string | null): { token: string; session: SessionRow } {
      const token = randomBytes(32).toString('base64url');
      insert.run(userId, hashToken(token), now, now + ttlMs, now, address);
      return { token, session: fromRaw(byHash.get(hashToken(token))!) };
    },
    /** The session a token names, whatever its state (the caller decides whether it still counts). */
    find(token: string): SessionRow | null {
      const raw = byHash.get(hashToken(token));
      return raw ? fromRaw(raw) : null;
    },
    markSeen(id: number, now: number): void {
      seen.run(now, id);
    },
    revoke(id: number, now: number): boolean {
      return revoke.run(now, id).changes > 0;
    },
    revokeAllOf(userId: string, now: number): number {
      return revokeUser.run(now, userId).changes;
    },
    liveOf(userId: string, now: number): SessionRow[] {
      return liveOf.all(userId, now).map(fromRaw);
    },
    lastSeenOf(userId: string): number | null {
      return lastSeen.get(userId)?.at ?? null;
    },
    /** Deletes sessions that ended before `before`. */
    prune(before: number): number {
      return prune.run(before, before).changes;
    },
  };
}
