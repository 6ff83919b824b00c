import { useEffect, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../../shared/domain.js';
import { formatDayTime } from '../../format.js';
import { useDesk } from '../../store/react.js';
import { ROLE_LABELS } from '../../store/team/selectors.js';
import { HubAction, HubSubmit } from '../../components/HubSubmit.js';

/** "margaret.hamilton" breaks as "margaret." / "hamilton" in a narrow column, not letters apart. */
function BreakAfterPunctuation({ text }: { text: string }) {
  const parts = text.split(/(?<=[._-])/);
  return parts.map((part, index) => (
    <span key={index}>
      {part}
      {index < parts.length - 1 && <wbr />}
    </span>
  ));
}

function RolePicker({ value, onChange, name }: { value: Role[]; onChange(next: Role[]): void; name: string }) {
  return (
    <span className="role-picker" role="group" aria-label={`Roles of ${name}`}>
      {ROLES.map((role) => (
        <label key={role} className="role-choice">
          <input
            type="checkbox"
            checked={value.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />{' '}
          {ROLE_LABELS[role]}
        </label>
      ))}
    </span>
  );
}

/** Settings → Team (admins): who is on the team, their roles, invite links, disable. */
export function TeamSettings() {
  const users = useDesk((s) => s.teamUsers);
  const status = useDesk((s) => s.teamStatus);
  const error = useDesk((s) => s.teamError);
  const lastInvite = useDesk((s) => s.lastInvite);
  const myId = useDesk((s) => s.me?.user?.id ?? null);
  const phase = useDesk((s) => s.connectionPhase);
  const loadTeam = useDesk((s) => s.loadTeam);
  const inviteUser = useDesk((s) => s.inviteUser);
  const updateUser = useDesk((s) => s.updateUser);
  const [username, setUsername] = useState('');
  const [roles, setRoles] = useState<Role[]>(['operator']);

  useEffect(() => {
    if (phase === 'live') void loadTeam();
  }, [phase, loadTeam]);

  const invite = (event: FormEvent) => {
    event.preventDefault();
    if (roles.length === 0) return;
    void inviteUser({ username, roles }).then((ok) => {
      if (ok) setUsername('');
    });
  };

  return (
    <section className="panel team-settings" aria-labelledby="team-title" data-testid="team-settings">
      <div className="panel-head">
        <h2 id="team-title">Team</h2>
        <span className="panel-note">Invite links work once; an invited person picks their own password.</span>
      </div>
      {error && (
        <p className="notice notice-error" role="alert" data-testid="team-error">
          {error}
        </p>
      )}
      <form className="form-grid invite-form" onSubmit={invite} aria-label="Invite someone">
        <div className="field">
          <label htmlFor="invite-username">Username to invite</label>
          <input
            id="invite-username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            pattern="[A-Za-z0-9._\-]{2,64}"
          />
        </div>
        <div className="field">
          <span className="field-label">Roles</span>
          <RolePicker value={roles} onChange={setRoles} name="the invited person" />
        </div>
        <div className="button-row">
          <HubSubmit className="button button-primary" disabled={roles.length === 0}>
            Create invite link
          </HubSubmit>
        </div>
      </form>
      {lastInvite && (
        <div className="notice notice-ok" data-testid="invite-link-box">
          <p>
            Invite link for <strong>{lastInvite.username}</strong>, works once until {formatDayTime(lastInvite.expiresAt)}. It is shown only
            now: copy it and send it to them.
          </p>
          <input
            readOnly
            className="invite-link"
            aria-label="Invite link"
            value={lastInvite.link}
            data-testid="invite-link"
            onFocus={(e) => e.target.select()}
          />
          <button type="button" className="button button-small" onClick={() => void navigator.clipboard?.writeText(lastInvite.link)}>
            Copy
          </button>
        </div>
      )}
      {status === 'loading' && users.length === 0 && <p>Loading the team…</p>}
      <table className="table team-table" data-testid="team-table">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Roles</th>
            <th scope="col">Status</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-testid={`team-row-${user.username}`}>
              <th scope="row">
                <BreakAfterPunctuation text={user.displayName} />
                {user.displayName !== user.username && (
                  <span className="muted">
                    {' ('}
                    <BreakAfterPunctuation text={user.username} />)
                  </span>
                )}
                {user.id === myId && <span className="muted"> · you</span>}
              </th>
              <td>
                <RolePicker
                  value={user.roles}
                  name={user.username}
                  onChange={(next) => {
                    if (next.length > 0) void updateUser({ id: user.id, roles: next });
                  }}
                />
              </td>
              <td data-testid="team-status">
                {user.status === 'invited' ? 'Invited' : user.status === 'disabled' ? 'Disabled' : 'Active'}
              </td>
              <td>{user.lastSeenAt ? formatDayTime(user.lastSeenAt) : 'never'}</td>
              <td>
                <div className="team-actions">
                  {user.id !== myId && user.status !== 'disabled' && (
                    <HubAction
                      className="button button-small button-quiet"
                      title={user.status === 'active' ? 'A one-time link to choose a new password' : 'A fresh invite link'}
                      onClick={() => void inviteUser({ username: user.username, roles: user.roles })}
                    >
                      {user.status === 'active' ? 'Reset link' : 'New link'}
                      <span className="visually-hidden"> for {user.username}</span>
                    </HubAction>
                  )}
                  {user.id !== myId && (
                    <HubAction
                      className={user.status === 'disabled' ? 'button button-small' : 'button button-small button-danger-quiet'}
                      onClick={() => void updateUser({ id: user.id, disabled: user.status !== 'disabled' })}
                    >
                      {/* The row names the person; a screen reader hears the name with the button. */}
                      {user.status === 'disabled' ? 'Enable' : 'Disable'}
                      <span className="visually-hidden"> {user.username}</span>
                    </HubAction>
                  )}
                </div>
              </td>
            </tr>
          ))}
          {status === 'ready' && users.length === 0 && (
            <tr>
              <td colSpan={5}>No users yet: invite the first one above.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
