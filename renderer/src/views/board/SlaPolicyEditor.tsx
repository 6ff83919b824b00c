import { useEffect, useId, useState } from 'react';
import { PRIORITIES, slaPolicySchema, type BusinessHours, type SlaPolicy, type SlaTargets } from '../../../../shared/contract/methods.js';
import { describeZodError } from '../../../../shared/contract/envelope.js';
import { boardSelectors } from '../../store/board/selectors.js';
import { useDesk } from '../../store/react.js';
import { EscalationPolicyEditor } from './EscalationPolicyEditor.js';
import { HubSubmit } from '../../components/HubSubmit.js';

const TARGET_FIELDS = [
  ['firstResponseMinutes', 'First response'],
  ['nextResponseMinutes', 'Next response'],
  ['resolutionMinutes', 'Resolution'],
] as const;
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const defaultHours = (): BusinessHours => ({
  zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  days: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
});

/** Minutes typed in a cell: empty means no target. */
const minutesOf = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/**
 * The SLA policy per priority, and the escalation policy under it. Leads and admins edit;
 * everyone else sees the same numbers with the controls disabled and the reason beside them.
 */
export function SlaPolicyEditor() {
  const policy = useDesk((s) => s.slaPolicy);
  const error = useDesk((s) => s.policyError);
  const load = useDesk((s) => s.loadPolicies);
  const save = useDesk((s) => s.saveSlaPolicy);
  const canEdit = useDesk(boardSelectors.canTriage);
  // The hub's policy until the person edits it; saving goes back to the hub's.
  const [edited, setDraft] = useState<SlaPolicy | null>(null);
  const draft = edited ?? policy;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const uid = useId();
  useEffect(() => void load(), [load]);
  if (!draft) return <p className="empty-inline">{error ? `Could not load the SLA policy: ${error}` : 'Loading the SLA policy…'}</p>;

  const setTarget = (priority: (typeof PRIORITIES)[number], patch: Partial<SlaTargets>) =>
    setDraft({ ...draft, targets: { ...draft.targets, [priority]: { ...draft.targets[priority], ...patch } } });
  const hours = draft.businessHours;
  const setHours = (next: BusinessHours | null) => setDraft({ ...draft, businessHours: next });
  const first = hours?.days[0];

  return (
    <section className="panel sla-policy" aria-labelledby={`${uid}-h`} data-testid="sla-policy">
      <div className="panel-head">
        <h2 id={`${uid}-h`}>SLA policy</h2>
      </div>
      {!canEdit && (
        <p className="notice notice-info" id={`${uid}-why`} data-testid="sla-readonly">
          Only support leads and admins can change the SLA and escalation policies. Ask one of them to change it.
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = slaPolicySchema.safeParse(draft);
          if (!parsed.success) return setMessage({ ok: false, text: `Not saved: ${describeZodError(parsed.error)}` });
          void save(parsed.data).then((saved) =>
            setMessage(saved ? { ok: true, text: 'SLA policy saved; open cards are re-timed.' } : null),
          );
        }}
      >
        <fieldset disabled={!canEdit} aria-describedby={canEdit ? undefined : `${uid}-why`} className="plain-fieldset">
          <legend className="visually-hidden">Targets per priority, in minutes</legend>
          <table>
            <thead>
              <tr>
                <th scope="col">Priority</th>
                {TARGET_FIELDS.map(([, label]) => (
                  <th key={label} scope="col">
                    {label} (min)
                  </th>
                ))}
                <th scope="col">Business hours only</th>
              </tr>
            </thead>
            <tbody>
              {PRIORITIES.map((priority) => (
                <tr key={priority}>
                  <th scope="row">
                    <span className={`priority priority-${priority}`}>{priority}</span>
                  </th>
                  {TARGET_FIELDS.map(([field, label]) => (
                    <td key={field}>
                      <input
                        className="inline-input"
                        type="number"
                        min={1}
                        placeholder="none"
                        aria-label={`${priority} ${label} target in minutes`}
                        value={draft.targets[priority][field] ?? ''}
                        onChange={(e) => setTarget(priority, { [field]: minutesOf(e.target.value) })}
                      />
                    </td>
                  ))}
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${priority} counts business hours only`}
                      checked={draft.targets[priority].businessHoursOnly}
                      onChange={(e) => setTarget(priority, { businessHoursOnly: e.target.checked })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-grid sla-extra">
            <div className="field">
              <label htmlFor={`${uid}-warn`}>Warn before a target (minutes)</label>
              <input
                id={`${uid}-warn`}
                type="number"
                min={0}
                value={draft.warnBeforeMinutes}
                onChange={(e) => setDraft({ ...draft, warnBeforeMinutes: Number(e.target.value) })}
              />
            </div>
            <div className="field field-check">
              <input
                id={`${uid}-bh`}
                type="checkbox"
                checked={hours !== null}
                onChange={(e) => setHours(e.target.checked ? defaultHours() : null)}
              />
              <label htmlFor={`${uid}-bh`}>Use business hours</label>
            </div>
            {hours && first && (
              <>
                <div className="field">
                  <label htmlFor={`${uid}-zone`}>Time zone</label>
                  <input id={`${uid}-zone`} value={hours.zone} onChange={(e) => setHours({ ...hours, zone: e.target.value })} />
                </div>
                <div className="field">
                  <span className="field-label">Hours (every chosen day)</span>
                  <span className="button-row">
                    <input
                      className="inline-input"
                      type="time"
                      aria-label="Business day starts"
                      value={first.start}
                      onChange={(e) => setHours({ ...hours, days: hours.days.map((d) => ({ ...d, start: e.target.value })) })}
                    />
                    –
                    <input
                      className="inline-input"
                      type="time"
                      aria-label="Business day ends"
                      value={first.end}
                      onChange={(e) => setHours({ ...hours, days: hours.days.map((d) => ({ ...d, end: e.target.value })) })}
                    />
                  </span>
                </div>
                <fieldset className="filter-group business-days">
                  <legend className="field-label">Days</legend>
                  {DAY_NAMES.map((name, i) => (
                    <label key={name} className="filter-chip">
                      <input
                        type="checkbox"
                        checked={hours.days.some((d) => d.day === i + 1)}
                        onChange={(e) =>
                          setHours({
                            ...hours,
                            days: e.target.checked
                              ? [...hours.days, { day: i + 1, start: first.start, end: first.end }].sort((a, b) => a.day - b.day)
                              : hours.days.filter((d) => d.day !== i + 1),
                          })
                        }
                      />
                      {name}
                    </label>
                  ))}
                </fieldset>
              </>
            )}
          </div>
          <div className="button-row">
            <HubSubmit className="button button-primary">Save SLA policy</HubSubmit>
          </div>
        </fieldset>
        {message && (
          <p className={`notice ${message.ok ? 'notice-ok' : 'notice-error'}`} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        {error && (
          <p className="notice notice-error" role="alert" data-testid="policy-error">
            {error}
          </p>
        )}
      </form>
      <EscalationPolicyEditor canEdit={canEdit} reasonId={`${uid}-why`} />
    </section>
  );
}
