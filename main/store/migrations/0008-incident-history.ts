import type { Migration } from '../migrate.js';

/**
 * Incident history for every role (issue 11): its pages read the audit log's incident entries
 * newest first. A partial index of just those rows, by id, lets a page walk back from its
 * cursor without scanning every sign-in and board change, or sorting every incident step.
 * The audit repo's query repeats the `LIKE 'incident.%'` term word for word: SQLite uses a
 * partial index only when the query's WHERE contains its condition.
 */
export const incidentHistory: Migration = {
  version: 8,
  name: 'incident-history',
  up(db) {
    db.exec(`CREATE INDEX audit_log_incident ON audit_log (id) WHERE action LIKE 'incident.%';`);
  },
};
