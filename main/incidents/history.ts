/**
 * Incident history for every role: the incident-mode entries of the audit log, each rebuilt
 * field by field. Everything else the audit log holds (users, sources, secrets, addresses)
 * is admin-only and never read here: the query asks for these actions alone.
 */
import { CATCH_UP_ACTIONS, incidentScopeSchema, type IncidentHistoryEntry, type IncidentScope } from '../../shared/contract/incidents.js';
import type { StoredAuditEntry } from '../store/audit.js';

type Kind = IncidentHistoryEntry['kind'];
type Decision = (typeof CATCH_UP_ACTIONS)[number];

/** The audit action each history line comes from (the method names dispatch records). */
const KIND_OF = new Map<string, { kind: Kind; decision: Decision | null }>([
  ['incident.enter', { kind: 'entered', decision: null }],
  ['incident.exit', { kind: 'left', decision: null }],
  ['incident.setScope', { kind: 'scopeChanged', decision: null }],
  ['incident.release', { kind: 'releaseStarted', decision: null }],
  ['incident.stopRelease', { kind: 'releaseStopped', decision: null }],
  ...CATCH_UP_ACTIONS.map((d): [string, { kind: Kind; decision: Decision }] => [`incident.decide.${d}`, { kind: 'decided', decision: d }]),
]);
export const INCIDENT_HISTORY_ACTIONS: readonly string[] = [...KIND_OF.keys()];

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const length = (v: unknown): number | null => (Array.isArray(v) ? v.length : null);
const scopeOf = (v: unknown): IncidentScope | null => {
  const parsed = incidentScopeSchema.safeParse(v);
  return parsed.success ? parsed.data : null;
};

/** One audit row as a history line; null for a row of another kind (never expected: the query filters). */
export function historyEntry(row: StoredAuditEntry): IncidentHistoryEntry | null {
  const known = KIND_OF.get(row.action);
  if (!known) return null;
  const d = row.detail;
  const released = known.kind === 'releaseStarted';
  return {
    id: row.id,
    at: row.at,
    who: row.actor,
    kind: known.kind,
    automatic: known.kind === 'entered' && d.automatic === true,
    decision: known.decision,
    reason: text(d.reason),
    scope: known.kind === 'entered' || known.kind === 'scopeChanged' ? scopeOf(d.scope) : null,
    held: known.kind === 'entered' || known.kind === 'left' || known.kind === 'releaseStopped' ? int(d.held) : null,
    inFlight: known.kind === 'entered' ? int(d.inFlight) : null,
    posts: known.decision ? length(d.postIds) : released ? int(d.posts) : null,
    refused: known.decision ? length(d.refused) : null,
    everyMinutes: released ? int(d.perAccountEveryMinutes) : null,
  };
}

/** A page of history, newest first, and the cursor for the next older page. */
export function incidentHistoryPage(
  audit: { incidentPage(actions: readonly string[], limit: number, beforeId?: number): StoredAuditEntry[] },
  limit: number,
  before?: number,
): { entries: IncidentHistoryEntry[]; next: number | null } {
  // One row more than asked says whether an older page exists without a second query.
  const rows = audit.incidentPage(INCIDENT_HISTORY_ACTIONS, limit + 1, before);
  const page = rows.slice(0, limit);
  const entries = page.map(historyEntry).filter((e) => e !== null);
  return { entries, next: rows.length > limit ? page[page.length - 1]!.id : null };
}
