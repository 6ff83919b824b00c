import { useEffect, useState } from 'react';
import { useDesk } from '../../store/react.js';
import { auditCsv, auditCsvName } from './auditCsv.js';
import { formatDayTime } from '../../format.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { countOf } from '../../../../shared/plural.js';

/** Hands `text` to the browser as a file download (a blob URL, revoked once clicked). */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Settings → Audit log (admins): who did what, when, from where. Text only, never markup. */
export function AuditLog() {
  const entries = useDesk((s) => s.auditEntries);
  const error = useDesk((s) => s.auditError);
  const phase = useDesk((s) => s.connectionPhase);
  const loadAudit = useDesk((s) => s.loadAudit);
  const loadWholeAudit = useDesk((s) => s.loadWholeAudit);
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  useEffect(() => {
    if (phase === 'live') void loadAudit();
  }, [phase, loadAudit]);

  return (
    <section className="panel audit-log" aria-labelledby="audit-title" data-testid="audit-log">
      <div className="panel-head">
        <h2 id="audit-title">Audit log</h2>
        <div className="button-row panel-actions">
          <button type="button" className="button button-small" onClick={() => void loadAudit()}>
            Refresh
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={exporting}
            onClick={() => {
              setExporting(true);
              setExported(null);
              void loadWholeAudit().then((all) => {
                setExporting(false);
                if (!all) return;
                download(auditCsvName(Date.now()), auditCsv(all), 'text/csv;charset=utf-8');
                setExported(`Exported ${countOf(all.length, 'entry', 'entries')} as CSV.`);
              });
            }}
          >
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="audit-export-status">
        {exported}
      </p>
      <ErrorNotice message={error} />
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
              <td>{formatDayTime(entry.at)}</td>
              <td>{entry.actor}</td>
              <td>{entry.address ?? '—'}</td>
              <td>{entry.action}</td>
              <td className="cell-wrap">{entry.subject ?? ''}</td>
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
