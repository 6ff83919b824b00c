import { useState, type FormEvent } from 'react';
import { useDesk } from '../../store/react.js';

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
      {notice && (
        <p className="notice notice-info" role="status" data-testid="signed-out-notice">
          {notice}
        </p>
      )}
      <form className="form-grid signin-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="signin-username">Username</label>
          <input
            id="signin-username"
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="signin-password">Password</label>
          <input
            id="signin-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
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
