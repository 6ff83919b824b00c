import { useDesk } from '../store/react.js';
import { teamSelectors } from '../store/team/selectors.js';
import { PolicySettings } from './incident/PolicySettings.js';
import { SlaPolicyEditor } from './board/SlaPolicyEditor.js';
import { AuditLog } from './team/AuditLog.js';
import { TeamSettings } from './team/TeamSettings.js';
import { HubConnect } from './desktop/HubConnect.js';
import { WatchedTermsSettings } from './settings/WatchedTermsSettings.js';
import { NotificationSettings } from './settings/NotificationSettings.js';
import { PublishingAccountsSettings } from './settings/PublishingAccountsSettings.js';

export function SettingsView() {
  const isAdmin = useDesk(teamSelectors.isAdmin);
  // The solo desktop has one local admin and nobody else can reach its engine: no team to manage there.
  const soloDesktop = useDesk((s) => s.hubLink?.mode === 'local');
  return (
    <div className="view view-settings">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          Settings
        </h1>
      </div>
      <HubConnect />
      <NotificationSettings />
      <WatchedTermsSettings />
      {/* People, then what they did; then where posts go and what holds them; then the board's clocks. */}
      {isAdmin ? (
        <>
          {!soloDesktop && <TeamSettings />}
          <AuditLog />
        </>
      ) : (
        <p className="notice notice-info" data-testid="settings-admins-only">
          Only admins can manage the team and the hub. Ask an admin to change your roles.
        </p>
      )}
      <PublishingAccountsSettings />
      {isAdmin && <PolicySettings />}
      <SlaPolicyEditor />
      <p className="field-hint">
        Sources and their credentials are set in Sources; the hub itself reads its configuration from the <code>SURGE_CONFIG</code> file
        described in the README.
      </p>
    </div>
  );
}
