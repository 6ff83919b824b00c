import { useEffect } from 'react';
import { IncidentBanner } from '../../components/IncidentBanner.js';
import { campaignsSelectors } from '../../store/campaigns/selectors.js';
import { CORD_WHY_NOT, incidentSelectors, scopeText } from '../../store/incident/selectors.js';
import { useDesk } from '../../store/react.js';
import { useNow } from '../../useNow.js';
import { IncidentDialog } from './IncidentDialog.js';
import { LeaveDialog } from './LeaveDialog.js';
import { PreviewList } from './PostLine.js';

/** The header's cord: the "Incident mode" button on every view, or why this window may not pull it. */
export function IncidentCord() {
  const on = useDesk(incidentSelectors.isOn);
  // Nothing to pull before the hub said it has incident mode, nor on the sign-in screen.
  const known = useDesk((s) => s.incident !== null && s.authStatus !== 'signedOut');
  const allowed = useDesk(incidentSelectors.canPullCord);
  const open = useDesk((s) => s.openIncidentDialog);
  if (!known) return null;
  return (
    <>
      <button
        type="button"
        className={on ? 'button button-small incident-cord incident-cord-on' : 'button button-small incident-cord'}
        disabled={!allowed}
        aria-describedby={allowed ? undefined : 'incident-cord-why'}
        title={allowed ? (on ? 'Incident mode is on: see what it holds' : 'Hold every scheduled post now') : CORD_WHY_NOT}
        onClick={() => (on ? (window.location.hash = '#/incident') : open('enter'))}
        data-testid="incident-cord"
      >
        <span className="incident-cord-dot" aria-hidden="true" />
        {/* Says what a press does when off, and that it is on when on: "Incident mode" alone read as on either way. */}
        {on ? 'Incident mode on' : 'Enter incident mode'}
      </button>
      {!allowed && (
        <span id="incident-cord-why" className="visually-hidden">
          {CORD_WHY_NOT}
        </span>
      )}
    </>
  );
}

/** The surge suggestion and the "still needed?" reminder: cards in the corner, never in the way. */
function Nudges() {
  const suggestion = useDesk((s) => s.incidentSuggestion);
  const reminder = useDesk((s) => s.incidentReminder);
  const on = useDesk(incidentSelectors.isOn);
  const allowed = useDesk(incidentSelectors.canPullCord);
  const open = useDesk((s) => s.openIncidentDialog);
  const dismissSuggestion = useDesk((s) => s.dismissIncidentSuggestion);
  const dismissReminder = useDesk((s) => s.dismissIncidentReminder);
  if (suggestion && !(on && !suggestion.autoEntered)) {
    return (
      <section
        className={suggestion.autoEntered ? 'incident-nudge incident-nudge-loud' : 'incident-nudge'}
        role={suggestion.autoEntered ? 'alert' : 'status'}
        aria-labelledby="incident-nudge-title"
        data-testid="incident-suggestion"
      >
        <h2 id="incident-nudge-title">{suggestion.autoEntered ? 'Incident mode was turned on automatically' : 'Hold scheduled posts?'}</h2>
        <p>{suggestion.message}</p>
        {/* The message names the alert and says when nothing is due: the list shows only what is. */}
        {suggestion.posts.length > 0 && <PreviewList posts={suggestion.posts} max={4} empty="" />}
        <div className="button-row">
          {!suggestion.autoEntered && allowed && !on && (
            <button type="button" className="button button-danger" onClick={() => open('enter', { alertTitle: suggestion.alert.title })}>
              Enter incident mode
            </button>
          )}
          <button type="button" className="button" onClick={dismissSuggestion}>
            {suggestion.autoEntered ? 'Understood' : 'Not now'}
          </button>
        </div>
      </section>
    );
  }
  if (reminder && on) {
    return (
      <section className="incident-nudge" role="status" aria-labelledby="incident-nudge-title" data-testid="incident-reminder">
        <h2 id="incident-nudge-title">Still needed?</h2>
        <p>{reminder.message}</p>
        <div className="button-row">
          {allowed && (
            <button
              type="button"
              className="button"
              onClick={() => {
                dismissReminder();
                open('leave');
              }}
            >
              Leave incident mode
            </button>
          )}
          <button type="button" className="button button-primary" onClick={dismissReminder}>
            Keep it on
          </button>
        </div>
      </section>
    );
  }
  return null;
}

/** Everything incident mode adds to every view: the banner, the dialogs, the nudges. */
export function IncidentLayer() {
  const status = useDesk((s) => s.incident);
  const dialog = useDesk((s) => s.incidentDialog);
  const allowed = useDesk(incidentSelectors.canPullCord);
  const campaignsById = useDesk(campaignsSelectors.campaignsById);
  const open = useDesk((s) => s.openIncidentDialog);
  const campaignsIdle = useDesk((s) => s.campaignsStatus === 'idle');
  const loadCampaigns = useDesk((s) => s.loadCampaigns);
  const now = useNow(15_000);
  const namesCampaigns = status?.on === true && status.scope.kind === 'some' && status.scope.campaigns.length > 0;
  // The banner names the campaigns a scope holds: fetch their names if no view has yet.
  useEffect(() => {
    if (namesCampaigns && campaignsIdle) void loadCampaigns();
  }, [namesCampaigns, campaignsIdle, loadCampaigns]);
  return (
    <>
      {status?.on && status.since !== null && (
        <IncidentBanner
          since={status.since}
          by={status.automatic ? `${status.by ?? 'policy'} (automatic)` : (status.by ?? 'someone')}
          reason={status.reason ?? ''}
          scope={scopeText(status.scope, campaignsById)}
          now={Math.max(now, status.since)}
          held={status.held}
          whyNot={allowed ? null : CORD_WHY_NOT}
          onLeave={() => open('leave')}
          onChangeScope={() => open('scope')}
        />
      )}
      {dialog === 'enter' && !status?.on && <IncidentDialog mode="enter" />}
      {dialog === 'scope' && status?.on && <IncidentDialog mode="scope" />}
      {dialog === 'leave' && status?.on && <LeaveDialog />}
      <Nudges />
    </>
  );
}
