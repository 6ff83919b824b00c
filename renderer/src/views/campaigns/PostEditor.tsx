import { useId, useMemo, useState, type FormEvent } from 'react';
import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import { NETWORK_LABELS } from '../../../../shared/publishing/networks.js';
import { formatInstant, toLocalTime } from '../../../../shared/publishing/scheduleTime.js';
import { Dialog } from '../../components/Dialog.js';
import { useDesk } from '../../store/react.js';
import { useNow } from '../../useNow.js';
import { viewerZone } from './calendar.js';
import { blockers, checkTime, counters, type EditorForm } from './editorModel.js';
import { NoAccountsNotice } from './NoAccountsNotice.js';
import { HubSubmit } from '../../components/HubSubmit.js';

/** Every zone this browser knows, the viewer's first; the author's zone is stored with the post. */
function zones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [current, ...all.filter((zone) => zone !== current)];
}

function formFor(post: ScheduledPost | null): EditorForm {
  const zone = post?.zone ?? viewerZone();
  return {
    text: post?.text ?? '',
    accounts: post?.accounts ?? [],
    localTime: post ? toLocalTime(post.at, zone) : '',
    zone,
    choice: null,
    campaignId: post?.campaignId ?? null,
  };
}

/**
 * Only what the author changed: a new time alone keeps an approval, new text or accounts do
 * not (the hub decides that from which fields it gets).
 */
function changedFields(post: ScheduledPost, form: EditorForm) {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  const timeChanged = form.localTime !== toLocalTime(post.at, form.zone) || form.zone !== post.zone || form.choice !== null;
  return {
    ...(form.text !== post.text ? { text: form.text } : {}),
    ...(!same(form.accounts, post.accounts) ? { accounts: form.accounts } : {}),
    ...(form.campaignId !== post.campaignId ? { campaignId: form.campaignId } : {}),
    ...(timeChanged ? { at: { localTime: form.localTime, zone: form.zone, ...(form.choice ? { choice: form.choice } : {}) } } : {}),
  };
}

/**
 * Write or edit a post: text with a counter per target network as you type, accounts, the
 * time in the author's zone (a DST gap or repeat asks which one before sending), campaign.
 */
export function PostEditor({ post, onDone }: { post: ScheduledPost | null; onDone(message: string | null): void }) {
  const accounts = useDesk((s) => s.publishingAccounts);
  const campaigns = useDesk((s) => s.campaigns);
  const createPost = useDesk((s) => s.createPost);
  const updatePost = useDesk((s) => s.updatePost);
  const submitPost = useDesk((s) => s.submitPost);
  const now = useNow(30_000);
  const [form, setForm] = useState<EditorForm>(() => formFor(post));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** Which button was pressed last: a draft is not held to what only sending needs. */
  const [tried, setTried] = useState<'draft' | 'submit' | null>(null);
  const uid = useId();
  const zoneList = useMemo(() => zones(form.zone), [form.zone]);
  const change = (patch: Partial<EditorForm>) => setForm((f) => ({ ...f, ...patch }));

  const checks = counters(form.text, form.accounts, accounts);
  const time = checkTime(form, now);
  const submitBlockers = blockers(form, accounts, now, true);
  const draftBlockers = blockers(form, accounts, now, false);

  const save = async (submit: boolean) => {
    setTried(submit ? 'submit' : 'draft');
    if ((submit ? submitBlockers : draftBlockers).length > 0) return;
    setSaving(true);
    setError(null);
    const at = { localTime: form.localTime, zone: form.zone, ...(form.choice ? { choice: form.choice } : {}) };
    const fields = { text: form.text, accounts: form.accounts, at, campaignId: form.campaignId };
    let result = post
      ? await updatePost({ id: post.id, version: post.version, ...changedFields(post, form) })
      : await createPost({ ...fields, submit });
    if (result.ok && post && submit && result.post.status.state === 'draft') {
      result = (await submitPost(result.post)) ? result : { ok: false, message: 'Saved, but it could not be sent for approval.' };
    }
    setSaving(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    onDone(submit ? 'Sent for approval.' : post ? 'Saved.' : 'Saved as a draft.');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save(true);
  };
  const shownBlockers = tried === 'submit' ? submitBlockers : tried === 'draft' ? draftBlockers : [];

  return (
    <Dialog labelledBy={`${uid}-title`} onClose={() => onDone(null)} className="post-editor">
      <form className="source-form" onSubmit={onSubmit} noValidate>
        <header className="dialog-head">
          <h2 id={`${uid}-title`}>{post ? `Edit post ${post.id}` : 'Write a post'}</h2>
        </header>
        <div className="dialog-body">
          <div className="field">
            <label htmlFor={`${uid}-text`}>Text</label>
            <textarea
              id={`${uid}-text`}
              className="post-text-input"
              rows={6}
              value={form.text}
              onChange={(e) => change({ text: e.target.value })}
              aria-describedby={`${uid}-counters`}
              aria-invalid={checks.some((c) => c.remaining < 0)}
              data-autofocus=""
            />
            <ul className="counters" id={`${uid}-counters`} aria-label="Length per network" data-testid="length-counters">
              {checks.map((check) => (
                <li key={check.label} className={check.remaining < 0 ? 'counter counter-over' : 'counter'}>
                  <span className="counter-name">{check.label}</span>{' '}
                  <span className="counter-figures">
                    {check.used} / {check.limit}
                  </span>
                  {check.remaining < 0 && <span className="counter-problem"> · {-check.remaining} over: shorten the text</span>}
                </li>
              ))}
            </ul>
            {form.accounts.length === 0 && accounts.length > 0 && (
              <p className="field-hint">Showing each network’s usual limit; choose accounts for their own.</p>
            )}
          </div>

          <fieldset className="plain">
            <legend>Post to</legend>
            {accounts.length === 0 ? (
              <NoAccountsNotice link={false} />
            ) : (
              <div className="account-choices">
                {accounts.map((account) => (
                  <label key={account.name} className="choice">
                    <input
                      type="checkbox"
                      checked={form.accounts.includes(account.name)}
                      onChange={(e) =>
                        change({
                          accounts: e.target.checked ? [...form.accounts, account.name] : form.accounts.filter((n) => n !== account.name),
                        })
                      }
                    />
                    <span className="account-choice-text">
                      <span className="choice-name">{account.name}</span>
                      <span className="choice-text">
                        {NETWORK_LABELS[account.network]}
                        {account.handle ? ` · ${account.handle}` : ''}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
            )}
          </fieldset>

          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${uid}-time`}>Date and time</label>
              <input
                id={`${uid}-time`}
                type="datetime-local"
                value={form.localTime}
                onChange={(e) => change({ localTime: e.target.value, choice: null })}
                aria-describedby={`${uid}-time-check`}
              />
            </div>
            <div className="field">
              <label htmlFor={`${uid}-zone`}>Time zone</label>
              <select id={`${uid}-zone`} value={form.zone} onChange={(e) => change({ zone: e.target.value, choice: null })}>
                {zoneList.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-wide" id={`${uid}-time-check`} aria-live="polite" data-testid="time-check">
              {(time.kind === 'gap' || time.kind === 'repeat') && (
                <fieldset className="plain dst-choice">
                  <legend className="notice-warn-text">{time.message}</legend>
                  <label className="choice">
                    <input
                      type="radio"
                      name={`${uid}-choice`}
                      checked={form.choice === 'earlier'}
                      onChange={() => change({ choice: 'earlier' })}
                    />
                    <span className="choice-text">{formatInstant(time.earlier, form.zone)}</span>
                  </label>
                  <label className="choice">
                    <input
                      type="radio"
                      name={`${uid}-choice`}
                      checked={form.choice === 'later'}
                      onChange={() => change({ choice: 'later' })}
                    />
                    <span className="choice-text">{formatInstant(time.later, form.zone)}</span>
                  </label>
                </fieldset>
              )}
              {time.kind === 'ok' && (
                <span className="field-hint">
                  {formatInstant(time.at, form.zone)}
                  {form.zone !== viewerZone() && ` · ${formatInstant(time.at, viewerZone())} where you are`}
                  {form.choice && ' (your choice at the clock change)'}
                </span>
              )}
              {(time.kind === 'past' || time.kind === 'invalid') && <span className="form-error">{time.message}</span>}
            </div>
            <div className="field">
              <label htmlFor={`${uid}-campaign`}>Campaign</label>
              <select
                id={`${uid}-campaign`}
                value={form.campaignId ?? ''}
                onChange={(e) => change({ campaignId: e.target.value === '' ? null : Number(e.target.value) })}
              >
                <option value="">None</option>
                {campaigns.map((campaign) => (
                  <option key={campaign.id} value={campaign.id}>
                    {campaign.name}
                    {campaign.paused ? ' (paused)' : ''}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
        <footer className="dialog-foot">
          {shownBlockers.length > 0 && (
            <ul className="notice notice-error blockers" role="alert" data-testid="editor-blockers">
              {shownBlockers.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          {error && (
            <p className="notice notice-error" role="alert" data-testid="editor-error">
              {error}
            </p>
          )}
          <div className="button-row">
            <span className="button-spacer" />
            <button type="button" className="button" onClick={() => onDone(null)}>
              Cancel
            </button>
            <button type="button" className="button" disabled={saving} onClick={() => void save(false)}>
              {post ? 'Save' : 'Save draft'}
            </button>
            <HubSubmit className="button button-primary" disabled={saving}>
              {saving ? 'Saving…' : 'Send for approval'}
            </HubSubmit>
          </div>
        </footer>
      </form>
    </Dialog>
  );
}
