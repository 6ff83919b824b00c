import { useEffect } from 'react';
import { useDesk } from '../../store/react.js';
import { formatTime } from './time.js';

/** Settings → Audit log (admins): who did what, when, from where. Text only, never markup. */
export function AuditLog() {
  const entries = useDesk((s) => s.auditEntries);
  const error = useDesk((s) => s.auditError);
  const phase = useDesk((s) => s.connectionPhase);
  const loadAudit = useDesk((s) => s.loadAudit);
  useEffect(() => {
    if (phase === 'live') void loadAudit();
  }, [phase, loadAudit]);

  return (
    <section className="audit-log" aria-labelledby="audit-title" data-testid="audit-log">
      <div className="view-head">
        <h2 id="audit-title">Audit log</h2>
        <button type="button" className="button button-small" onClick={() => void loadAudit()}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">From</th>
            <th scope="col">What</th>
            <th scope="col">Subject</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{formatTime(entry.at)}</td>
              <td>{entry.actor}</td>
              <td>{entry.address ?? '—'}</td>
              <td>{entry.action}</td>
              <td>{entry.subject ?? ''}</td>
            </tr>
          ))}
          {entries.length === 0 && (
            <tr>
              <td colSpan={5}>Nothing recorded yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
