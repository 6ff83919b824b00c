/**
 * The audit log as CSV (RFC 4180: quoted where needed, CRLF rows) for spreadsheets. Text in an
 * entry comes from users (reasons, usernames), so a cell that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe (OWASP CSV injection).
 */
import type { AuditLogEntry } from '../../../../shared/contract/methods.js';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const toCsv = (rows: readonly (readonly (string | number | null | undefined)[])[]): string =>
  rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

export const AUDIT_CSV_HEADER = ['time (UTC)', 'who', 'user id', 'from', 'action', 'subject', 'detail'] as const;

/** One row per entry, times as ISO 8601 UTC so a sheet sorts them and no zone is guessed. */
export const auditCsv = (entries: readonly AuditLogEntry[]): string =>
  toCsv([
    AUDIT_CSV_HEADER,
    ...entries.map((e) => [
      new Date(e.at).toISOString(),
      e.actor,
      e.userId,
      e.address,
      e.action,
      e.subject,
      Object.keys(e.detail).length > 0 ? JSON.stringify(e.detail) : '',
    ]),
  ]);

/** `surge-audit-2026-12-02.csv`, dated by the newest entry's UTC day (or the given time). */
export const auditCsvName = (now: number): string => `surge-audit-${new Date(now).toISOString().slice(0, 10)}.csv`;
