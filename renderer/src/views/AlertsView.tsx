import { useState, type KeyboardEvent } from 'react';
import { isDrillSeries, type Alert } from '../../../shared/domain.js';
import { countOf } from '../../../shared/plural.js';
import { safeHttpUrl } from '../components/RecentPosts.js';
import { formatAgo, formatClock, formatCount, formatDateTime, formatPercent, formatRatio, seriesLabel } from '../format.js';
import { alertsSelectors } from '../store/alerts/selectors.js';
import { useDesk } from '../store/react.js';
import { useNow } from '../useNow.js';
import { AlertSettings } from './alerts/AlertSettings.js';
import { AlertActions } from './alerts/AlertActions.js';
import { TopTerms } from './alerts/TopTerms.js';
import { learningFromHistory } from '../../../shared/learning.js';
import { OfflineNotice } from '../components/OfflineNotice.js';

const fmt = (value: number) => (Math.abs(value) >= 10 ? formatCount(value) : value.toFixed(1));

function AlertMath({ alert }: { alert: Alert }) {
  const { math } = alert;
  const per = math.windowMinutes === 1 ? 'per minute' : `per ${math.windowMinutes} min`;
  return (
    <dl className="alert-math">
      <div>
        <dt>Observed</dt>
        <dd>
          {fmt(math.observed)} <span className="unit">{per}</span>
        </dd>
      </div>
      <div>
        <dt>Expected</dt>
        <dd>
          {fmt(math.expected)}{' '}
          <span className="unit">
            band {fmt(math.bandLow)}–{fmt(math.bandHigh)}
          </span>
        </dd>
      </div>
      <div>
        <dt>Ratio</dt>
        <dd>{formatRatio(math.ratio)}</dd>
      </div>
      <div>
        <dt>Score</dt>
        <dd>{math.score.toFixed(2)}</dd>
      </div>
      <div>
        <dt>Persisted</dt>
        <dd>
          {math.persistedMinutes} <span className="unit">min</span>
        </dd>
      </div>
      <div>
        <dt>Sources</dt>
        <dd>{math.sources.length ? math.sources.join(', ') : '—'}</dd>
      </div>
    </dl>
  );
}

function AlertDrivers({ alert }: { alert: Alert }) {
  const { drivers } = alert;
  const hasAny = drivers.topTerms.length > 0 || drivers.samplePosts.length > 0 || drivers.outageIntent > 0 || drivers.statusIncident;
  if (!hasAny) return null;
  const incidentUrl = safeHttpUrl(drivers.statusIncident?.url ?? null);
  return (
    <div className="alert-drivers">
      <h3 className="drivers-title">What drives it</h3>
      {drivers.outageIntent > 0 && (
        <p className="driver-line">
          <span className="driver-label">Outage intent</span>{' '}
          <meter min={0} max={1} low={0.3} high={0.6} optimum={0} value={drivers.outageIntent} aria-label="Outage intent">
            {formatPercent(drivers.outageIntent)}
          </meter>{' '}
          {formatPercent(drivers.outageIntent)} of posts read like “is it down?”
        </p>
      )}
      {drivers.statusIncident && (
        <p className="driver-line">
          <span className="driver-label">Status page</span> {drivers.statusIncident.source}: {drivers.statusIncident.name}
          {incidentUrl && (
            <>
              {' '}
              <a href={incidentUrl} target="_blank" rel="noopener noreferrer">
                open<span className="visually-hidden"> status incident</span>
              </a>
            </>
          )}
        </p>
      )}
      {drivers.topTerms.length > 0 && (
        <div className="driver-line">
          <span className="driver-label">Top terms</span>
          <TopTerms terms={drivers.topTerms} surge={alert.math.observed >= alert.math.expected} />
        </div>
      )}
      {drivers.samplePosts.length > 0 && (
        <div className="driver-line">
          <span className="driver-label">Sample posts</span>
          <ul className="samples">
            {drivers.samplePosts.map((post, index) => (
              <li key={index} className="sample">
                <span className="post-meta">
                  <span className="post-author">{post.author}</span> <span className="post-source">{post.source}</span>
                </span>
                <span className="post-text">{post.text}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** A model-free reference for a young series: the same window one day earlier. */
function dayBeforeNote(observed: number, dayBefore: number, windowMinutes: number): string {
  const had = `The same ${countOf(windowMinutes, 'minute')} a day earlier had ${countOf(Math.round(dayBefore), 'post')}`;
  return dayBefore > 0 ? `${had}: this is ${formatRatio(observed / dayBefore)} that.` : `${had}.`;
}

/**
 * Why a rise that no short window found alarming opened an alert: it held. Said in words, since
 * the window's own numbers (a 4-hour sum) do not show it.
 */
function heldNote(held: NonNullable<Alert['math']['held']>, windowMinutes: number): string {
  return `It held: every ${countOf(held.blockMinutes, 'minute')} of the last ${countOf(windowMinutes, 'minute')} ran above the usual, the weakest at ${formatRatio(held.weakestRatio)} expected.`;
}

/** "6.4× expected" or "0.3× expected": how far the alert's window ran from normal. */
function howFar(alert: Alert): string {
  return `${formatRatio(alert.math.ratio)} expected`;
}

/** A or Enter on a focused card acknowledges it; J and K (or the arrows) move between cards. */
function onCardKey(event: KeyboardEvent<HTMLElement>, alert: Alert, acknowledge: (id: number) => void): void {
  if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
  const key = event.key.toLowerCase();
  if ((key === 'a' || key === 'enter') && alert.acknowledgedAt == null) {
    event.preventDefault();
    acknowledge(alert.id);
    return;
  }
  const cards = [...document.querySelectorAll<HTMLElement>('[data-alert-card]')];
  const index = cards.indexOf(event.currentTarget);
  const next = key === 'j' || key === 'arrowdown' ? cards[index + 1] : key === 'k' || key === 'arrowup' ? cards[index - 1] : undefined;
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

export function AlertCard({ alert, now }: { alert: Alert; now: number }) {
  const headingId = `alert-${alert.id}-title`;
  const acknowledge = useDesk((s) => s.acknowledgeAlert);
  const drill = isDrillSeries(alert.series);
  const calming = alert.resolvedAt === null ? alert.calming : null;
  // A drill's expectation is synthetic: how young it is says nothing about the real series.
  const learning = drill ? null : learningFromHistory(alert.math.historyMinutes);
  return (
    <article
      className={`alert-card alert-${alert.severity} alert-state-${alert.state}${drill ? ' alert-drill' : ''}`}
      aria-labelledby={headingId}
      tabIndex={0}
      data-alert-card
      data-alert-id={alert.id}
      data-drill={drill}
      data-acknowledged={alert.acknowledgedAt != null}
      onKeyDown={(event) => onCardKey(event, alert, (id) => void acknowledge(id))}
    >
      <header className="alert-head">
        {drill && <span className="tag tag-drill">DRILL</span>}
        <span className={`severity severity-${alert.severity}`}>{alert.severity}</span>
        <h2 id={headingId} className="alert-title">
          {alert.title}
        </h2>
        <span className="alert-far" title="Observed over expected in the alert's window">
          {howFar(alert)}
        </span>
        <span className={`tag tag-state-${calming ? 'calming' : alert.state}`}>{calming ? 'calming' : alert.state}</span>
      </header>
      <p className="alert-when">
        {seriesLabel(alert.series)} · opened{' '}
        <time dateTime={new Date(alert.openedAt).toISOString()} title={formatDateTime(alert.openedAt)}>
          {formatAgo(alert.openedAt, now)}
        </time>
        {alert.resolvedAt !== null ? (
          <>
            {' '}
            · resolved <time dateTime={new Date(alert.resolvedAt).toISOString()}>{formatAgo(alert.resolvedAt, now)}</time>
          </>
        ) : (
          <> · updated {formatAgo(alert.updatedAt, now)}</>
        )}
      </p>
      {calming && (
        <p className="alert-calming" data-testid="alert-calming">
          The surge has died down since <time dateTime={new Date(calming.since).toISOString()}>{formatClock(calming.since)}</time>: this
          alert resolves at <time dateTime={new Date(calming.resolvesAt).toISOString()}>{formatClock(calming.resolvesAt)}</time> if it stays
          calm.
        </p>
      )}
      <AlertMath alert={alert} />
      {alert.math.held && (
        <p className="alert-held" data-testid="alert-held">
          {heldNote(alert.math.held, alert.math.windowMinutes)}
        </p>
      )}
      {learning && (
        <p className="alert-learning" data-testid="alert-learning">
          {learning.shown}. {learning.detail}
          {alert.math.dayBefore !== undefined && <> {dayBeforeNote(alert.math.observed, alert.math.dayBefore, alert.math.windowMinutes)}</>}
        </p>
      )}
      <AlertDrivers alert={alert} />
      <AlertActions alert={alert} now={now} />
    </article>
  );
}

/** The empty state: what this view knows (nothing is open), never that volume is normal. */
export function NoAlerts({ status }: { status: 'idle' | 'loading' | 'ready' | 'error' }) {
  // The view's error notice says what failed; "Loading…" under it would say it is still trying.
  if (status === 'error') return null;
  return (
    <div className="panel empty-state calm" data-testid="alerts-empty">
      <p className="empty-title">{status === 'ready' ? 'No open alerts.' : 'Loading alerts…'}</p>
      {status === 'ready' && (
        // A surge's first minutes are on the Live chart before its evidence reaches the open
        // level; "volume is within its band" would be wrong just then.
        <p className="muted">
          One opens when a series runs outside its expected band by more than its usual noise. A surge that began minutes ago shows on the
          Live chart first.
        </p>
      )}
    </div>
  );
}

export function AlertsView() {
  const active = useDesk(alertsSelectors.active);
  const resolved = useDesk(alertsSelectors.resolved);
  const status = useDesk((s) => s.alertsStatus);
  const error = useDesk((s) => s.alertsError);
  const now = useNow(5_000);
  const runDrill = useDesk((s) => s.runDrill);
  const [drillNote, setDrillNote] = useState<string | null>(null);
  const [drilling, setDrilling] = useState(false);

  return (
    <div className="view view-alerts">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          Alerts
        </h1>
        <p className="view-sub">Surges outside the expected band, with the numbers behind them</p>
      </div>
      <OfflineNotice />
      <div className="alerts-toolbar">
        {/* The keys only mean something once there is an alert to move to. */}
        {active.length + resolved.length > 0 && (
          <p className="muted">Tab to an alert, then A acknowledges it; J and K move between alerts.</p>
        )}
        <button
          type="button"
          className="button alerts-drill"
          disabled={drilling}
          onClick={async () => {
            setDrilling(true);
            const error = await runDrill();
            setDrilling(false);
            setDrillNote(error ?? 'Drill alert raised: it is marked DRILL here, on the Live view and in every notification.');
          }}
        >
          {drilling ? 'Running a drill…' : 'Run a drill'}
        </button>
      </div>
      {drillNote && (
        <p className="notice" role="status" data-testid="drill-note">
          {drillNote}
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          Could not load alerts: {error}
        </p>
      )}
      {active.length === 0 ? (
        <NoAlerts status={status} />
      ) : (
        <div className="alert-list" data-testid="alerts-list">
          {active.map((alert) => (
            <AlertCard key={alert.id} alert={alert} now={now} />
          ))}
        </div>
      )}
      {resolved.length > 0 && (
        <details className="resolved">
          <summary>Resolved ({resolved.length})</summary>
          <div className="alert-list">
            {resolved.map((alert) => (
              <AlertCard key={alert.id} alert={alert} now={now} />
            ))}
          </div>
        </details>
      )}
      <AlertSettings />
    </div>
  );
}
