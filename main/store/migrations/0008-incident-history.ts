import type { Migration } from '../migrate.js';

/**
 * Incident history for every role (issue 11): its page reads the audit log by action, newest
 * first, so it must not scan every sign-in and board change to find a few incident entries.
 */
export const incidentHistory: Migration = {
  version: 8,
  name: 'incident-history',
  up(db) {
    db.exec(`CREATE INDEX audit_log_action ON audit_log (action, id);`);
  },
};
