/**
 * The audit log: who did what to which thing, when, and from where; written by dispatch in
 * the change's own transaction (and by main/auth for sign-ins, which are not contract changes).
 */
import type { WriteDb } from './db.js';

export interface AuditEntry {
  at: number;
  /** The person (username), or the role for callers that are not a user (local desktop, access token). */
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
  /** The user's id when the actor is a user. */
  userId?: string | null;
  /** Where the call came from: a network address, 'ipc' for the desktop window. */
  address?: string | null;
}

export interface StoredAuditEntry extends Required<AuditEntry> {
  id: number;
}

interface RawAudit {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: string;
  user_id: string | null;
  address: string | null;
}

const fromRaw = (row: RawAudit): StoredAuditEntry => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  action: row.action,
  subject: row.subject,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
  userId: row.user_id,
  address: row.address,
});

export function createAuditRepo(db: WriteDb) {
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, subject, detail, user_id, address) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const recent = db.prepare<[number], RawAudit>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  const before = db.prepare<[number, number], RawAudit>('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?');
  // `action LIKE 'incident.%'` exactly as in migration 0008's partial index, so the page walks that index.
  const incidentRows = db.prepare<{ actions: string; before: number; limit: number }, RawAudit>(
    `SELECT * FROM audit_log WHERE action LIKE 'incident.%' AND action IN (SELECT value FROM json_each(@actions)) AND id < @before
     ORDER BY id DESC LIMIT @limit`,
  );
  return {
    record(entry: AuditEntry): void {
      insert.run(
        entry.at,
        entry.actor,
        entry.action,
        entry.subject,
        JSON.stringify(entry.detail),
        entry.userId ?? null,
        entry.address ?? null,
      );
    },
    /** The newest entries as the log always read them (who, what, which, when). */
    recent(limit: number): AuditEntry[] {
      return recent.all(limit).map(({ at, actor, action, subject, detail }) => ({
        at,
        actor,
        action,
        subject,
        detail: JSON.parse(detail) as Record<string, unknown>,
      }));
    },
    /** Whole rows of incident mode (`incident.*`) with one of these actions, newest first; `beforeId` pages back. */
    incidentPage(actions: readonly string[], limit: number, beforeId?: number): StoredAuditEntry[] {
      return incidentRows.all({ actions: JSON.stringify(actions), before: beforeId ?? Number.MAX_SAFE_INTEGER, limit }).map(fromRaw);
    },
    /** Whole rows, newest first, for the admins' audit view; `beforeId` pages back. */
    page(limit: number, beforeId?: number): StoredAuditEntry[] {
      return (beforeId === undefined ? recent.all(limit) : before.all(beforeId, limit)).map(fromRaw);
    },
  };
}
