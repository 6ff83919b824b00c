/**
 * What a person can do from an alert, in one row with one keyboard story: acknowledge, turn it
 * into an escalation (its sample posts attached), and pull the incident cord. A drill offers
 * only acknowledgement: it must never reach the board or hold real posts.
 */
import { useState } from 'react';
import { isDrillSeries, type Alert } from '../../../../shared/domain.js';
import { formatAgo } from '../../format.js';
import { incidentSelectors } from '../../store/incident/selectors.js';
import { useDesk } from '../../store/react.js';
import { EscalateButton } from '../board/EscalateButton.js';

const priorityFor = (alert: Alert) => (alert.severity === 'critical' ? 'P1' : alert.severity === 'warning' ? 'P2' : 'P3');

export function AlertActions({ alert, now }: { alert: Alert; now: number }) {
  const acknowledge = useDesk((s) => s.acknowledgeAlert);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const acked = alert.acknowledgedAt != null;
  const live = alert.resolvedAt === null && !isDrillSeries(alert.series);
  const incidentOn = useDesk(incidentSelectors.isOn);
  const mayPullCord = useDesk(incidentSelectors.canPullCord);
  const openIncidentDialog = useDesk((s) => s.openIncidentDialog);
  return (
    <div className="alert-actions">
      {acked ? (
        <p className="acked" data-testid="acked">
          ✓ Acknowledged by <strong>{alert.acknowledgedBy ?? 'someone'}</strong> {formatAgo(alert.acknowledgedAt!, now)}
        </p>
      ) : (
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(await acknowledge(alert.id));
            setBusy(false);
          }}
          aria-keyshortcuts="A"
        >
          Acknowledge <kbd className="key-hint">A</kbd>
        </button>
      )}
      {live && (
        <EscalateButton
          size="full"
          alertId={alert.id}
          priority={priorityFor(alert)}
          what={`alert “${alert.title}” with its sample posts`}
        />
      )}
      {live && mayPullCord && !incidentOn && (
        <button type="button" className="button button-danger" onClick={() => openIncidentDialog('enter', { alertTitle: alert.title })}>
          Enter incident mode
        </button>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          Could not acknowledge: {error}
        </p>
      )}
    </div>
  );
}
