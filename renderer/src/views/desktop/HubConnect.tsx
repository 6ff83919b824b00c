import { useEffect, useState, type FormEvent } from 'react';
import { LabeledInput } from '../../components/LabeledInput.js';
import { NewPasswordFields } from '../../components/NewPasswordFields.js';
import { useDesk } from '../../store/react.js';

type Way = 'invite' | 'account';

/**
 * Settings → "Team hub" on the desktop: connect this app to a team hub (its address and an
 * invite or an account), or see which hub it is on and disconnect. The app's main process
 * does the connecting and keeps the session; on success it reloads this window on the hub.
 */
export function HubConnect() {
  const link = useDesk((s) => s.hubLink);
  const busy = useDesk((s) => s.hubLinkBusy);
  const error = useDesk((s) => s.hubLinkError);
  const loadHubLink = useDesk((s) => s.loadHubLink);
  const connectHub = useDesk((s) => s.connectHub);
  const disconnectHub = useDesk((s) => s.disconnectHub);
  const [way, setWay] = useState<Way>('invite');
  const [url, setUrl] = useState('');
  const [invite, setInvite] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);

  useEffect(() => {
    void loadHubLink();
  }, [loadHubLink]);

  if (!link) return null;
  const errorNote = error && (
    <p className="notice notice-error" role="alert" data-testid="hub-error">
      {error}
    </p>
  );

  if (link.mode === 'hub')
    return (
      <section className="hub-connect" aria-labelledby="hub-title" data-testid="hub-connect">
        <h2 id="hub-title">Team hub</h2>
        <p data-testid="hub-connected">
          This app works on the team hub <strong>{link.url}</strong>
          {link.user ? (
            <>
              {' '}
              as <strong>{link.user}</strong>, with the roles the hub gives you
            </>
          ) : (
            ', signed out'
          )}
          . Disconnect to work on this computer’s own desk again.
        </p>
        {link.url.startsWith('http:') && <p className="field-hint">This hub’s address is not https: use it only on a network you trust.</p>}
        {link.notice && (
          <p className="notice notice-info" role="status" data-testid="hub-notice">
            {link.notice}
          </p>
        )}
        {errorNote}
        <div className="button-row">
          <button type="button" className="button" disabled={busy} onClick={() => void disconnectHub()}>
            {busy ? 'Disconnecting…' : 'Disconnect from this hub'}
          </button>
        </div>
      </section>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (way === 'invite' && password !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const request =
      way === 'invite' ? { action: 'join' as const, url, invite, password } : { action: 'signIn' as const, url, username, password };
    void connectHub(request).then((ok) => {
      if (ok) {
        setPassword('');
        setAgain('');
      }
    });
  };

  return (
    <section className="hub-connect" aria-labelledby="hub-title" data-testid="hub-connect">
      <h2 id="hub-title">Connect to a team hub</h2>
      <p className="view-sub">
        Right now this app is your own desk: this computer’s engine, with you as its admin. Connect it to your team’s hub to work there with
        the roles the hub’s admin gave you.
      </p>
      <form className="form-grid hub-connect-form" onSubmit={submit} aria-label="Connect to a team hub">
        <LabeledInput
          id="hub-url"
          label="Hub address"
          placeholder="https://hub.example.com"
          value={url}
          onValue={setUrl}
          autoComplete="url"
          inputMode="url"
          required={way === 'account'}
        />
        <fieldset className="plain">
          <legend>How do you join?</legend>
          <label className="choice">
            <input type="radio" name="hub-way" value="invite" checked={way === 'invite'} onChange={() => setWay('invite')} />
            <span className="choice-name">I have an invite link</span>
          </label>
          <label className="choice">
            <input type="radio" name="hub-way" value="account" checked={way === 'account'} onChange={() => setWay('account')} />
            <span className="choice-name">I have an account on this hub</span>
          </label>
        </fieldset>
        {way === 'invite' ? (
          <>
            <LabeledInput
              id="hub-invite"
              label="Invite link (or its code)"
              value={invite}
              onValue={setInvite}
              autoComplete="off"
              required
            />
            <NewPasswordFields
              idPrefix="hub-new"
              password={password}
              again={again}
              onPassword={setPassword}
              onAgain={setAgain}
              mismatch={mismatch}
            />
          </>
        ) : (
          <>
            <LabeledInput id="hub-username" label="Username" value={username} onValue={setUsername} autoComplete="username" required />
            <LabeledInput
              id="hub-password"
              label="Password"
              value={password}
              onValue={setPassword}
              type="password"
              autoComplete="current-password"
              required
            />
          </>
        )}
        {errorNote}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </div>
        <p className="field-hint">
          The app keeps your session in this computer’s keychain, so it reconnects after a restart. Disconnect any time to return to this
          computer’s own desk.
        </p>
      </form>
    </section>
  );
}
