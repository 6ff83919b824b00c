import { useEffect, useState, type FormEvent } from 'react';
import { useDesk } from '../../store/react.js';
import { ROLE_LABELS } from '../../store/team/selectors.js';
import type { Role } from '../../../../shared/domain.js';
import { NewPasswordFields } from '../../components/NewPasswordFields.js';
import { formatDayTime } from '../../format.js';

/** `#/invite/<token>`: what the invite is for, then a password; accepting signs in. */
export function InviteAccept({ token, onDone }: { token: string; onDone(): void }) {
  const info = useDesk((s) => s.inviteInfo);
  const error = useDesk((s) => s.inviteError);
  const busy = useDesk((s) => s.signInBusy);
  const phase = useDesk((s) => s.connectionPhase);
  const loadInviteInfo = useDesk((s) => s.loadInviteInfo);
  const acceptInvite = useDesk((s) => s.acceptInvite);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);

  useEffect(() => {
    if (phase === 'live') void loadInviteInfo(token);
  }, [token, phase, loadInviteInfo]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // eslint-disable-next-line security/detect-possible-timing-attacks -- two fields the user typed, compared in their own browser
    if (password !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void acceptInvite(token, password).then((ok) => {
      if (ok) onDone();
    });
  };

  return (
    <div className="view view-invite" data-testid="invite-accept">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          Join the team
        </h1>
      </div>
      {info && (
        <p className="view-sub" data-testid="invite-info">
          You were invited as <strong>{info.username}</strong> ({info.roles.map((r) => ROLE_LABELS[r as Role] ?? r).join(', ')}). The link
          works once, until {formatDayTime(info.expiresAt)}.
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert" data-testid="invite-error">
          {error}
        </p>
      )}
      {info && (
        <form className="form-grid" onSubmit={submit}>
          <NewPasswordFields
            idPrefix="invite"
            password={password}
            again={again}
            onPassword={setPassword}
            onAgain={setAgain}
            mismatch={mismatch}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Joining…' : 'Set password and sign in'}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
