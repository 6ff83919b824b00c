/**
 * What a person can do from an alert. Acknowledge is here; "Create escalation" (board, #12)
 * and "Enter incident mode" (#11) belong in this slot once those exist, so every action on an
 * alert sits in one row with one keyboard story.
 */
import { useState } from 'react';
import type { Alert } from '../../../../shared/domain.js';
import { formatAgo } from '../../format.js';
import { useDesk } from '../../store/react.js';

export function AlertActions({ alert, now }: { alert: Alert; now: number }) {
  const acknowledge = useDesk((s) => s.acknowledgeAlert);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const acked = alert.acknowledgedAt != null;
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
      {/* Slot: "Create escalation" (#12) and "Enter incident mode" (#11) go here at merge. */}
      {error && (
        <p className="notice notice-error" role="alert">
          Could not acknowledge: {error}
        </p>
      )}
    </div>
  );
}
