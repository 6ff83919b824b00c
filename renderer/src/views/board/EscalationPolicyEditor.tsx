import { useId, useState } from 'react';
import { escalationPolicySchema, PRIORITIES, type EscalationPolicy, type PageTarget } from '../../../../shared/contract/methods.js';
import { describeZodError } from '../../../../shared/contract/envelope.js';
import { ROLES, type Role } from '../../../../shared/domain.js';
import { useDesk } from '../../store/react.js';
import { ROLE_LABELS } from '../../store/team/selectors.js';
import { HubSubmit } from '../../components/HubSubmit.js';

const hasRole = (targets: PageTarget[], role: Role) => targets.some((t) => t.kind === 'role' && t.role === role);

/** Tiers (delay, roles paged), how often to go round again, and the caps that keep a stale card quiet. */
export function EscalationPolicyEditor({ canEdit, reasonId }: { canEdit: boolean; reasonId: string }) {
  const policy = useDesk((s) => s.escalationPolicy);
  const people = useDesk((s) => s.boardPeople);
  const save = useDesk((s) => s.saveEscalationPolicy);
  // The hub's policy until the person edits it; saving goes back to the hub's.
  const [edited, setDraft] = useState<EscalationPolicy | null>(null);
  const draft = edited ?? policy;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const uid = useId();
  if (!draft) return null;
  const num = (value: string) => Number(value);
  const setTier = (index: number, tier: EscalationPolicy['tiers'][number]) =>
    setDraft({ ...draft, tiers: draft.tiers.map((t, i) => (i === index ? tier : t)) });
  const nameOf = (userId: string) => people.find((p) => p.userId === userId)?.displayName ?? userId;

  return (
    <form
      className="escalation-policy"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = escalationPolicySchema.safeParse(draft);
        if (!parsed.success) return setMessage({ ok: false, text: `Not saved: ${describeZodError(parsed.error)}` });
        void save(parsed.data).then((saved) => {
          if (saved) setDraft(null);
          setMessage(saved ? { ok: true, text: 'Escalation policy saved.' } : null);
        });
      }}
    >
      <div className="panel-head">
        <h2 id={`${uid}-h`}>Escalation policy</h2>
      </div>
      <fieldset
        disabled={!canEdit}
        aria-describedby={canEdit ? undefined : reasonId}
        className="plain-fieldset"
        aria-labelledby={`${uid}-h`}
      >
        <fieldset className="filter-group">
          <legend className="field-label">Pages for new, unacknowledged cards of</legend>
          {PRIORITIES.map((priority) => (
            <label key={priority} className="filter-chip">
              <input
                type="checkbox"
                checked={draft.priorities.includes(priority)}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    priorities: e.target.checked ? [...draft.priorities, priority] : draft.priorities.filter((p) => p !== priority),
                  })
                }
              />
              {priority}
            </label>
          ))}
        </fieldset>
        <ol className="tiers">
          {draft.tiers.map((tier, index) => (
            <li key={index} className="tier">
              <span className="field-label">Tier {index + 1}</span>
              <label>
                after{' '}
                <input
                  className="inline-input"
                  type="number"
                  min={1}
                  value={tier.delayMinutes}
                  aria-label={`Tier ${index + 1} delay in minutes`}
                  onChange={(e) => setTier(index, { ...tier, delayMinutes: num(e.target.value) })}
                />{' '}
                min, page
              </label>
              {ROLES.map((role) => (
                <label key={role} className="filter-chip">
                  <input
                    type="checkbox"
                    checked={hasRole(tier.targets, role)}
                    onChange={(e) =>
                      setTier(index, {
                        ...tier,
                        targets: e.target.checked
                          ? [...tier.targets, { kind: 'role', role }]
                          : tier.targets.filter((t) => !(t.kind === 'role' && t.role === role)),
                      })
                    }
                  />
                  {ROLE_LABELS[role]}s
                </label>
              ))}
              {tier.targets
                .filter((t): t is Extract<PageTarget, { kind: 'user' }> => t.kind === 'user')
                .map((t) => (
                  <span key={t.userId} className="tag card-tag">
                    {nameOf(t.userId)}
                  </span>
                ))}
              {draft.tiers.length > 1 && (
                <button
                  type="button"
                  className="button button-small button-quiet"
                  onClick={() => setDraft({ ...draft, tiers: draft.tiers.filter((_, i) => i !== index) })}
                >
                  Remove tier {index + 1}
                </button>
              )}
            </li>
          ))}
        </ol>
        <div className="button-row">
          {draft.tiers.length < 6 && (
            <button
              type="button"
              className="button button-small"
              onClick={() =>
                setDraft({ ...draft, tiers: [...draft.tiers, { delayMinutes: 15, targets: [{ kind: 'role', role: 'admin' }] }] })
              }
            >
              Add a tier
            </button>
          )}
        </div>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${uid}-repeat`}>Go through the tiers again (times)</label>
            <input
              id={`${uid}-repeat`}
              type="number"
              min={0}
              max={5}
              value={draft.repeat}
              onChange={(e) => setDraft({ ...draft, repeat: num(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-age`}>Never page for cards older than (hours)</label>
            <input
              id={`${uid}-age`}
              type="number"
              min={1}
              max={168}
              value={draft.maxAgeHours}
              onChange={(e) => setDraft({ ...draft, maxAgeHours: num(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-re`}>Re-escalate an acknowledged, overdue card (at most, times)</label>
            <input
              id={`${uid}-re`}
              type="number"
              min={0}
              max={5}
              value={draft.reescalate.maxTimes}
              onChange={(e) => setDraft({ ...draft, reescalate: { ...draft.reescalate, maxTimes: num(e.target.value) } })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-every`}>… every (minutes)</label>
            <input
              id={`${uid}-every`}
              type="number"
              min={5}
              value={draft.reescalate.everyMinutes}
              onChange={(e) => setDraft({ ...draft, reescalate: { ...draft.reescalate, everyMinutes: num(e.target.value) } })}
            />
          </div>
        </div>
        <div className="button-row">
          <HubSubmit className="button button-primary">Save escalation policy</HubSubmit>
        </div>
      </fieldset>
      {message && (
        <p className={`notice ${message.ok ? 'notice-ok' : 'notice-error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
