import { useEffect } from 'react';
import { useDesk } from '../../store/react.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';

/**
 * On the desktop's hub sign-in screen: which hub this is, why it asks (the kept session
 * ended), and the way back to this computer's own desk. Nothing in a browser.
 */
export function HubLinkBar() {
  const link = useDesk((s) => s.hubLink);
  const busy = useDesk((s) => s.hubLinkBusy);
  const error = useDesk((s) => s.hubLinkError);
  const loadHubLink = useDesk((s) => s.loadHubLink);
  const disconnectHub = useDesk((s) => s.disconnectHub);

  useEffect(() => {
    void loadHubLink();
  }, [loadHubLink]);

  if (link?.mode !== 'hub') return null;
  return (
    <div className="hub-link-bar" data-testid="hub-link-bar">
      <p>
        This app is connected to the team hub <strong>{link.url}</strong>.
      </p>
      {link.notice && (
        <p className="notice notice-info" role="status" data-testid="hub-notice">
          {link.notice}
        </p>
      )}
      <ErrorNotice message={error} />
      <button type="button" className="button button-small" disabled={busy} onClick={() => void disconnectHub()}>
        {busy ? 'Disconnecting…' : 'Disconnect and use this computer’s desk'}
      </button>
    </div>
  );
}
