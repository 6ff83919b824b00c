/** The audit log: who did what to which thing, and when; written by dispatch in the change's own transaction. */
import type { WriteDb } from './db.js';

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

export function createAuditRepo(db: WriteDb) {
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)');
  const recent = db.prepare<[number], { at: number; actor: string; action: string; subject: string | null; detail: string }>(
    'SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?',
  );
  return {
    record(entry: AuditEntry): void {
      insert.run(entry.at, entry.actor, entry.action, entry.subject, JSON.stringify(entry.detail));
    },
    recent(limit: number): AuditEntry[] {
      return recent.all(limit).map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
    },
  };
}
