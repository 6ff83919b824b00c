import { useEffect, useId, useState, type FormEvent } from 'react';
import type { IncidentPolicy } from '../../../../shared/contract/incidents.js';
import { severitySchema, type Severity } from '../../../../shared/domain.js';
import { useDesk } from '../../store/react.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { HubSubmit } from '../../components/HubSubmit.js';

const SEVERITY_WORDS: Record<Severity, string> = {
  info: 'any alert',
  warning: 'warning or critical alerts',
  critical: 'critical alerts only',
};

/** Settings → Incident mode (admins): what a surge alert does, and how often to ask "still needed?". */
export function PolicySettings() {
  const policy = useDesk((s) => s.incidentPolicy);
  const error = useDesk((s) => s.incidentError);
  const save = useDesk((s) => s.saveIncidentPolicy);
  const loadIncident = useDesk((s) => s.loadIncident);
  const live = useDesk((s) => s.connectionPhase === 'live');
  const [draft, setDraft] = useState<IncidentPolicy | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const uid = useId();
  useEffect(() => {
    if (live) void loadIncident();
  }, [live, loadIncident]);
  if (!policy) return null;
  const form = draft ?? policy;
  const change = (patch: Partial<IncidentPolicy>) => {
    setSaved(null);
    setDraft({ ...form, ...patch });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(form).then((ok) => {
      if (!ok) return;
      setDraft(null);
      setSaved('Saved.');
    });
  };
  return (
    <section className="panel" aria-labelledby={`${uid}-t`} data-testid="incident-policy">
      <h2 id={`${uid}-t`} className="panel-title">
        Incident mode
      </h2>
      <form className="settings-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${uid}-sev`}>A surge alert suggests incident mode for</label>
          <select id={`${uid}-sev`} value={form.minSeverity} onChange={(e) => change({ minSeverity: e.target.value as Severity })}>
            {severitySchema.options.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_WORDS[s]}
              </option>
            ))}
          </select>
        </div>
        <label className="field-check">
          <input type="checkbox" checked={form.autoEnterOnAlert} onChange={(e) => change({ autoEnterOnAlert: e.target.checked })} /> Enter
          it by itself on such an alert (everyone is told loudly); off, it only suggests
        </label>
        <div className="quiet-times">
          <div className="field">
            <label htmlFor={`${uid}-rem`}>Ask “still needed?” every (minutes, 0 never)</label>
            <input
              id={`${uid}-rem`}
              type="number"
              min={0}
              max={1440}
              value={form.reminderEveryMinutes}
              onChange={(e) => change({ reminderEveryMinutes: Math.max(0, Math.min(1440, Math.round(Number(e.target.value) || 0))) })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-prev`}>Preview posts due in the next (hours)</label>
            <input
              id={`${uid}-prev`}
              type="number"
              min={1}
              max={72}
              value={form.previewHours}
              onChange={(e) => change({ previewHours: Math.max(1, Math.min(72, Math.round(Number(e.target.value) || 1))) })}
            />
          </div>
        </div>
        <ErrorNotice message={error} />
        <div className="button-row">
          <HubSubmit className="button button-primary" disabled={draft === null}>
            Save incident settings
          </HubSubmit>
          <span className="save-state" role="status">
            {saved}
          </span>
        </div>
      </form>
    </section>
  );
}
