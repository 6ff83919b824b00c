/**
 * While the hub is out of reach, a view's figures are as they were last seen (a source still
 * "OK, next poll now"): said above them, so nobody acts on a stale screen as if it were live.
 */
import { formatClock } from '../format.js';
import { connectionSelectors } from '../store/connection/selectors.js';
import { useDesk } from '../store/react.js';

export function OfflineNotice() {
  const offline = useDesk(connectionSelectors.isOffline);
  const since = useDesk((s) => s.connectionDownSince);
  if (!offline) return null;
  return (
    <p className="notice notice-offline" role="status" data-testid="offline-notice">
      <strong>Offline{since !== null ? ` since ${formatClock(since)}` : ''}.</strong> What you see here is as it was then; it updates when
      the hub answers again.
    </p>
  );
}
