/** One-time invite links: a hashed random token per invite, an expiry, and the moment it was used. */
import { randomBytes } from 'node:crypto';
import type { WriteDb } from './db.js';
import { hashToken } from './tokens.js';

export interface InviteRow {
  id: number;
  userId: string;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

interface RawInvite {
  id: number;
  user_id: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

const fromRaw = (raw: RawInvite): InviteRow => ({
  id: raw.id,
  userId: raw.user_id,
  createdBy: raw.created_by,
  createdAt: raw.created_at,
  expiresAt: raw.expires_at,
  usedAt: raw.used_at,
});

export function createInvitesRepo(db: WriteDb) {
  const insert = db.prepare(
    'INSERT INTO invites (user_id, token_hash, created_by, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, NULL)',
  );
  const byHash = db.prepare<[string], RawInvite>('SELECT * FROM invites WHERE token_hash = ?');
  const use = db.prepare('UPDATE invites SET used_at = ? WHERE id = ? AND used_at IS NULL');
  const openOf = db.prepare<[string, number], RawInvite>(
    'SELECT * FROM invites WHERE user_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC',
  );
  const cancelOf = db.prepare('UPDATE invites SET used_at = ? WHERE user_id = ? AND used_at IS NULL');
  return {
    /** Returns the token in clear, once. */
    issue(userId: string, createdBy: string | null, now: number, ttlMs: number): { token: string; invite: InviteRow } {
      const token = randomBytes(32).toString('base64url');
      insert.run(userId, hashToken(token), createdBy, now, now + ttlMs);
      return { token, invite: fromRaw(byHash.get(hashToken(token))!) };
    },
    find(token: string): InviteRow | null {
      const raw = byHash.get(hashToken(token));
      return raw ? fromRaw(raw) : null;
    },
    /** Marks it used; false when it already was (two tabs accepting at once: one wins). */
    markUsed(id: number, now: number): boolean {
      return use.run(now, id).changes > 0;
    },
    openOf: (userId: string, now: number): InviteRow[] => openOf.all(userId, now).map(fromRaw),
    /** Ends every open invite of a user (a new one replaces them, or the user is disabled). */
    cancelAllOf(userId: string, now: number): number {
      return cancelOf.run(now, userId).changes;
    },
  };
}
