/**
 * Settings → Notifications and appearance. This browser's choices (notification permission,
 * pages, sound, muted severities, theme) for everyone; the team's outbound webhook targets for admins.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { SEVERITIES, type Severity } from '../../../../shared/domain.js';
import { LabeledInput } from '../../components/LabeledInput.js';
import { setPrefs, usePrefs, type Prefs } from '../../notify/prefs.js';
import { useDesk } from '../../store/react.js';
import { teamSelectors } from '../../store/team/selectors.js';
import { HubSubmit } from '../../components/HubSubmit.js';

function permissionText(): string {
  if (typeof Notification === 'undefined') return 'This browser has no notifications.';
  if (Notification.permission === 'granted') return 'Allowed: new and escalated alerts, and pages for you, show as notifications.';
  if (Notification.permission === 'denied') return 'Blocked in this browser’s site settings.';
  return 'Not allowed yet.';
}

function ThisBrowser() {
  const prefs = usePrefs();
  const desktop = useDesk((s) => s.systemInfo?.transport === 'ipc');
  const [permission, setPermission] = useState(permissionText);
  const toggleMute = (severity: Severity) =>
    setPrefs({ muted: prefs.muted.includes(severity) ? prefs.muted.filter((s) => s !== severity) : [...prefs.muted, severity] });
  return (
    <div className="settings-block">
      <h3>On this computer</h3>
      <p>
        Browser notifications: {permission}{' '}
        {typeof Notification !== 'undefined' && Notification.permission === 'default' && (
          <button
            type="button"
            className="button button-small"
            onClick={() => void Notification.requestPermission().then(() => setPermission(permissionText()))}
          >
            Allow notifications
          </button>
        )}
      </p>
      <label className="check">
        <input type="checkbox" checked={prefs.pages} onChange={(event) => setPrefs({ pages: event.target.checked })} /> Notify me when I am
        paged
      </label>
      {desktop && (
        <p className="field-hint">
          The desktop app shows each page as a system notification itself, also while this window is closed to the tray; this turns those on
          or off, with their tone.
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={prefs.sound} onChange={(event) => setPrefs({ sound: event.target.checked })} /> Play a sound with
        each notification
      </label>
      <fieldset className="check-group">
        <legend>Mute by severity</legend>
        {SEVERITIES.map((severity) => (
          <label key={severity} className="check">
            <input type="checkbox" checked={prefs.muted.includes(severity)} onChange={() => toggleMute(severity)} /> Mute {severity}
          </label>
        ))}
      </fieldset>
      <fieldset className="check-group">
        <legend>Theme</legend>
        {(['dark', 'light', 'system'] as Prefs['theme'][]).map((theme) => (
          <label key={theme} className="check">
            <input type="radio" name="theme" checked={prefs.theme === theme} onChange={() => setPrefs({ theme })} />{' '}
            {theme === 'system' ? 'Follow the system' : theme === 'dark' ? 'Dark' : 'Light'}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

function Targets() {
  const targets = useDesk((s) => s.notifyTargets);
  const load = useDesk((s) => s.loadNotifyTargets);
  const save = useDesk((s) => s.saveNotifyTarget);
  const remove = useDesk((s) => s.removeNotifyTarget);
  const test = useDesk((s) => s.testNotifyTarget);
  // A refused save or removal reads as an error; a test's outcome says itself whether it worked.
  const [note, setNote] = useState<{ text: string; tone: 'error' | 'ok' | 'info' } | null>(null);
  const fail = (error: string | null) => setNote(error ? { text: error, tone: 'error' } : null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'slack' | 'json'>('slack');
  const [url, setUrl] = useState('');
  const [minSeverity, setMinSeverity] = useState<Severity>('warning');
  useEffect(() => {
    void load().then((error) => error && fail(error));
  }, [load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const error = await save({ name: name.trim(), kind, url: url.trim() || undefined, minSeverity, enabled: true });
    setNote(error ? { text: error, tone: 'error' } : { text: `Saved ${name.trim()}. Send a test to check it.`, tone: 'ok' });
    if (!error) {
      setName('');
      setUrl('');
    }
  };

  return (
    <div className="settings-block" data-testid="notify-targets">
      <h3>Team webhooks (admins)</h3>
      <p className="field-hint">Slack incoming webhooks or any JSON endpoint: told when an alert opens or escalates. Drills say DRILL.</p>
      {targets && targets.length === 0 && <p className="empty-inline">No webhook targets yet.</p>}
      {targets && targets.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Goes to</th>
              <th scope="col">From</th>
              <th scope="col">Last delivery</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.name}>
                <th scope="row">{target.name}</th>
                <td>{target.kind === 'slack' ? 'Slack' : 'JSON'}</td>
                <td>{target.urlHint}</td>
                <td>{target.minSeverity}</td>
                <td className={target.last && !target.last.ok ? 'text-alert' : undefined}>{target.last ? target.last.detail : '—'}</td>
                <td className="button-row">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={async () => setNote({ text: await test(target.name), tone: 'info' })}
                  >
                    Send test<span className="visually-hidden"> to {target.name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={async () => fail(await remove(target.name))}
                  >
                    Remove<span className="visually-hidden"> {target.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="term-form" onSubmit={(event) => void submit(event)}>
        <LabeledInput id="target-name" label="Name" value={name} onValue={setName} maxLength={60} required />
        <div className="field">
          <label htmlFor="target-kind">Kind</label>
          <select id="target-kind" value={kind} onChange={(event) => setKind(event.target.value as 'slack' | 'json')}>
            <option value="slack">Slack incoming webhook</option>
            <option value="json">JSON webhook</option>
          </select>
        </div>
        <LabeledInput
          id="target-url"
          label="Webhook URL (kept encrypted)"
          value={url}
          onValue={setUrl}
          type="url"
          placeholder="https://hooks.slack.com/services/…"
        />
        <div className="field">
          <label htmlFor="target-min">From severity</label>
          <select id="target-min" value={minSeverity} onChange={(event) => setMinSeverity(event.target.value as Severity)}>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </div>
        <HubSubmit className="button button-primary" disabled={!name.trim()}>
          Save target
        </HubSubmit>
      </form>
      {note && (
        <p
          className={note.tone === 'error' ? 'notice notice-error' : note.tone === 'ok' ? 'notice notice-ok' : 'notice'}
          role={note.tone === 'error' ? 'alert' : 'status'}
          data-testid="notify-note"
        >
          {note.text}
        </p>
      )}
    </div>
  );
}

export function NotificationSettings() {
  const isAdmin = useDesk(teamSelectors.isAdmin);
  return (
    <section className="panel" aria-labelledby="notify-title">
      <div className="panel-head">
        <h2 id="notify-title">Notifications and appearance</h2>
      </div>
      <ThisBrowser />
      {isAdmin && <Targets />}
    </section>
  );
}
