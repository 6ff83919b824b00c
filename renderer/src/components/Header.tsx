import { connectionSelectors } from '../store/connection/selectors.js';
import { useDesk } from '../store/react.js';
import { systemSelectors } from '../store/system/selectors.js';
import { ROLE_LABELS, teamSelectors } from '../store/team/selectors.js';
import { useNow } from '../useNow.js';
import { IncidentCord } from '../views/incident/IncidentLayer.js';

export function Header() {
  const isDemo = useDesk(systemSelectors.isDemo);
  const version = useDesk(systemSelectors.version);
  const phase = useDesk(connectionSelectors.phase);
  const retryNow = useDesk((s) => s.retryConnectionNow);
  const now = useNow(1000);
  const label = useDesk((s) => connectionSelectors.label(s, now));
  const notice = useDesk(connectionSelectors.notice);
  const secondsToRetry = useDesk((s) => connectionSelectors.secondsToRetry(s, now));
  const transportKind = useDesk((s) => s.systemInfo?.transport ?? null);
  const who = useDesk(teamSelectors.whoLabel);
  const roles = useDesk(teamSelectors.roles);
  const via = useDesk((s) => s.me?.via ?? null);
  const signOut = useDesk((s) => s.signOut);

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Surge Desk</span>
        {version && <span className="brand-version">v{version}</span>}
      </div>
      {isDemo && (
        <span
          className="demo-badge"
          data-testid="demo-badge"
          title="Every number in this window comes from the built-in demo source, not a real account."
        >
          DEMO DATA
        </span>
      )}
      <div className="header-spacer" />
      <IncidentCord />
      {who && (
        <div className="who" data-testid="signed-in-as">
          <span className="visually-hidden">Signed in as </span>
          <span className="who-name">{who}</span>
          {roles.length > 0 && <span className="who-roles"> · {roles.map((r) => ROLE_LABELS[r]).join(', ')}</span>}
          {via === 'session' && (
            <button type="button" className="button button-small button-quiet" onClick={() => void signOut()}>
              Sign out
            </button>
          )}
        </div>
      )}
      <div className={`connection connection-${phase}`}>
        <span className="connection-dot" aria-hidden="true" />
        <span role="status" aria-live="polite" aria-atomic="true" data-testid="connection-status">
          <span className="visually-hidden">Connection: </span>
          {phase === 'disconnected' ? 'Disconnected' : label}
          {notice && <span className="connection-notice">: {notice}</span>}
          {transportKind === 'websocket' && phase === 'live' && <span className="connection-detail"> · team hub</span>}
        </span>
        {phase === 'disconnected' && (
          <>
            <span className="connection-detail" aria-hidden="true">
              {secondsToRetry === null ? '' : ` — retrying in ${secondsToRetry} s`}
            </span>
            <button type="button" className="button button-small" onClick={retryNow}>
              Retry now
            </button>
          </>
        )}
      </div>
    </header>
  );
}
