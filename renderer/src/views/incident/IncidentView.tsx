import { useEffect } from 'react';
import { formatDateTime } from '../../format.js';
import { campaignsSelectors } from '../../store/campaigns/selectors.js';
import { CORD_WHY_NOT, incidentSelectors, scopeText } from '../../store/incident/selectors.js';
import { useDesk } from '../../store/react.js';
import { teamSelectors } from '../../store/team/selectors.js';
import { CatchUp } from './CatchUp.js';
import { Release } from './Release.js';

/** Enter, exit, scope changes and decisions, from the audit log (admins read it). */
function History() {
  const isAdmin = useDesk(teamSelectors.isAdmin);
  const entries = useDesk((s) => s.auditEntries);
  const loadAudit = useDesk((s) => s.loadAudit);
  const status = useDesk((s) => s.incident);
  useEffect(() => {
    if (isAdmin) void loadAudit();
  }, [isAdmin, loadAudit, status?.on, status?.held]);
  if (!isAdmin) return <p className="field-hint">Admins see who entered, left and decided what in Settings → Audit log.</p>;
  const incidentEntries = entries.filter((e) => e.action.startsWith('incident.') || e.action === 'paced release');
  return (
    <section className="panel" aria-labelledby="incident-history-title">
      <h2 id="incident-history-title" className="panel-title">
        History
      </h2>
      {incidentEntries.length === 0 ? (
        <p className="empty-inline">Incident mode has not been used yet.</p>
      ) : (
        <table className="table table-compact" data-testid="incident-history">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Why / detail</th>
            </tr>
          </thead>
          <tbody>
            {incidentEntries.slice(0, 30).map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>{e.action.replace(/^incident\./, '').replace(/^decide\./, 'decided: ')}</td>
                <td className="history-detail">{typeof e.detail.reason === 'string' ? `“${e.detail.reason}”` : (e.subject ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function IncidentView() {
  const status = useDesk((s) => s.incident);
  const allowed = useDesk(incidentSelectors.canPullCord);
  const campaignsById = useDesk(campaignsSelectors.campaignsById);
  const error = useDesk((s) => s.incidentError);
  const dialogOpen = useDesk((s) => s.incidentDialog !== null);
  const open = useDesk((s) => s.openIncidentDialog);
  const live = useDesk((s) => s.connectionPhase === 'live');
  const loadIncident = useDesk((s) => s.loadIncident);
  const loadCampaigns = useDesk((s) => s.loadCampaigns);
  useEffect(() => {
    if (!live) return;
    void loadIncident();
    void loadCampaigns();
  }, [live, loadIncident, loadCampaigns]);

  return (
    <div className="view view-incident">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          Incident mode
        </h1>
        <p className="view-sub">Hold every scheduled post while something is wrong; decide on each afterwards</p>
      </div>
      {error && !dialogOpen && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {status === null ? (
        <p className="empty-inline">Loading…</p>
      ) : (
        <section className={status.on ? 'panel incident-status incident-status-on' : 'panel incident-status'} data-testid="incident-status">
          {status.on ? (
            <>
              <p className="incident-status-line">
                <strong>On</strong> since {status.since !== null ? formatDateTime(status.since) : '—'}, by {status.by ?? 'someone'}
                {status.automatic && <strong className="incident-auto"> — entered automatically by the admin’s policy</strong>}
              </p>
              <p>Why: “{status.reason}”</p>
              <p>Holds: {scopeText(status.scope, campaignsById)}</p>
              <p>
                {status.held} {status.held === 1 ? 'post' : 'posts'} held
                {status.inFlightAtEnter > 0 &&
                  ` · ${status.inFlightAtEnter} ${status.inFlightAtEnter === 1 ? 'send was' : 'sends were'} already under way when it was entered and could not be stopped`}
              </p>
            </>
          ) : (
            <p className="incident-status-line">
              <strong>Off.</strong> Scheduled posts go out on time.
            </p>
          )}
          <div className="button-row">
            {allowed ? (
              status.on ? (
                <>
                  <button type="button" className="button" onClick={() => open('scope')}>
                    Change scope
                  </button>
                  <button type="button" className="button button-primary" onClick={() => open('leave')}>
                    Leave incident mode
                  </button>
                </>
              ) : (
                <button type="button" className="button button-danger" onClick={() => open('enter')}>
                  Enter incident mode
                </button>
              )
            ) : (
              <p className="muted">{CORD_WHY_NOT}</p>
            )}
          </div>
        </section>
      )}
      <h2 className="section-title">Catch-up</h2>
      <Release />
      <CatchUp />
      <History />
    </div>
  );
}
