import { useState, type FormEvent } from 'react';
import { useDesk } from '../../store/react.js';
import { LabeledInput } from '../../components/LabeledInput.js';
import { HubLinkBar } from '../desktop/HubLinkBar.js';

/** The hub needs to know who you are: username and password (invited people set theirs from the link). */
export function SignIn() {
  const signIn = useDesk((s) => s.signIn);
  const busy = useDesk((s) => s.signInBusy);
  const error = useDesk((s) => s.signInError);
  const notice = useDesk((s) => s.signedOutNotice);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signIn(username, password).then((ok) => {
      if (ok) setPassword('');
    });
  };

  return (
    <div className="view view-signin" data-testid="sign-in">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          Sign in to this hub
        </h1>
      </div>
      <HubLinkBar />
      {notice && (
        <p className="notice notice-info" role="status" data-testid="signed-out-notice">
          {notice}
        </p>
      )}
      <form className="form-grid signin-form" onSubmit={submit}>
        <LabeledInput
          id="signin-username"
          label="Username"
          value={username}
          onValue={setUsername}
          name="username"
          autoComplete="username"
          required
        />
        <LabeledInput
          id="signin-password"
          label="Password"
          value={password}
          onValue={setPassword}
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        {error && (
          <p className="notice notice-error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        <p className="field-hint">New here? Open the invite link an admin sent you. Forgot your password? Ask an admin for a new invite.</p>
      </form>
    </div>
  );
}
