import { useEffect } from 'react';
import { formatDateTime } from '../../format.js';
import { campaignsSelectors } from '../../store/campaigns/selectors.js';
import { CORD_WHY_NOT, historyCounts, historyWhat, incidentSelectors, scopeText } from '../../store/incident/selectors.js';
import { useDesk } from '../../store/react.js';
import { CatchUp } from './CatchUp.js';
import { Release } from './Release.js';
import { OfflineNotice } from '../../components/OfflineNotice.js';
import { countOf } from '../../../../shared/plural.js';

/** Entered, left, scope changes, decisions and releases: every role reads them (incident.history). */
function History() {
  const status = useDesk((s) => s.incident);
  const live = useDesk((s) => s.connectionPhase === 'live');
  const entries = useDesk((s) => s.incidentHistory);
  const phase = useDesk((s) => s.incidentHistoryStatus);
  const error = useDesk((s) => s.incidentHistoryError);
  const next = useDesk((s) => s.incidentHistoryNext);
  const loadingOlder = useDesk((s) => s.incidentHistoryLoadingOlder);
  const load = useDesk((s) => s.loadIncidentHistory);
  const loadOlder = useDesk((s) => s.loadOlderIncidentHistory);
  const campaignsById = useDesk(campaignsSelectors.campaignsById);
  // Every incident.changed (enter, leave, scope, a decision, a release) adds a line.
  useEffect(() => {
    if (live) void load();
  }, [live, load, status]);

  return (
    <section className="panel" aria-labelledby="incident-history-title" aria-busy={phase === 'loading'}>
      <h2 id="incident-history-title" className="panel-title">
        History
      </h2>
      {error && (
        <div className="notice notice-error" role="alert">
          <p>The incident history could not be read: {error}</p>
          <button type="button" className="button button-small" onClick={() => void (phase === 'error' ? load() : loadOlder())}>
            Try again
          </button>
        </div>
      )}
      {phase === 'idle' || (phase === 'loading' && entries.length === 0) ? (
        <p className="empty-inline" role="status">
          Loading history…
        </p>
      ) : phase === 'error' ? null : entries.length === 0 ? (
        <p className="empty-inline" data-testid="incident-history-empty">
          No incident mode yet. Each time someone enters or leaves it, changes what it holds or decides on held posts, it shows here.
        </p>
      ) : (
        <>
          <table className="table table-compact" data-testid="incident-history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Why</th>
                <th scope="col">Scope and counts</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>{e.who}</td>
                  <td>{historyWhat(e)}</td>
                  <td className="history-detail">{e.reason !== null ? `“${e.reason}”` : '—'}</td>
                  <td className="history-detail">{historyCounts(e, campaignsById)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {next !== null && (
            <div className="button-row">
              <button type="button" className="button button-small" onClick={() => void loadOlder()} disabled={loadingOlder}>
                {loadingOlder ? 'Loading…' : 'Show older'}
              </button>
            </div>
          )}
        </>
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
      <OfflineNotice />
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
                {countOf(status.held, 'post')} held
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
