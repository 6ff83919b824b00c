/** The add/edit dialog for one publishing account: fields per network, write-only credentials, Test and Save. */
import { useId, useState, type FormEvent } from 'react';
import type { AccountConfigView, AccountTestResult } from '../../../../shared/contract/campaigns.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import {
  ACCOUNT_FIELDS,
  FORM_NETWORKS,
  NETWORK_LABELS,
  configFromAccountDraft,
  draftFromAccount,
  emptyAccountDraft,
  type AccountDraft,
  type AccountFieldSpec,
} from '../../store/accountsAdmin/fields.js';
import { useDesk } from '../../store/react.js';
import { missingRequired } from '../../store/requiredFields.js';
import { HubSubmit } from '../../components/HubSubmit.js';

const SECRET_KEPT = 'stored — leave empty to keep';

function Field({
  spec,
  value,
  stored,
  id,
  onChange,
}: {
  spec: AccountFieldSpec;
  value: string;
  stored: boolean;
  id: string;
  onChange: (value: string) => void;
}) {
  const hint = stored ? `${SECRET_KEPT}.${spec.hint ? ` ${spec.hint}` : ''}` : spec.hint;
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {spec.label}
        {spec.required && !stored ? <span className="required"> (required)</span> : null}
      </label>
      {spec.kind === 'visibility' ? (
        <select id={id} name={spec.key} value={value || 'public'} onChange={(event) => onChange(event.target.value)}>
          <option value="public">Public</option>
          <option value="unlisted">Unlisted</option>
          <option value="private">Followers only</option>
        </select>
      ) : (
        <input
          id={id}
          name={spec.key}
          type={spec.kind === 'secret' ? 'password' : spec.kind === 'url' ? 'url' : 'text'}
          inputMode={spec.kind === 'number' ? 'numeric' : undefined}
          value={value}
          placeholder={stored ? SECRET_KEPT : spec.placeholder}
          autoComplete={spec.kind === 'secret' ? 'new-password' : 'off'}
          spellCheck={false}
          aria-describedby={hint ? hintId : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {stored ? <span className="tag tag-stored">set</span> : null} {hint}
        </p>
      )}
    </div>
  );
}

function TestAnswer({ result }: { result: AccountTestResult }) {
  if (result.ok === false)
    return (
      <p className="notice notice-error" data-testid="account-test-result">
        Test failed: {result.message}
      </p>
    );
  return (
    <p className={result.ok ? 'test-ok' : 'notice notice-info'} data-testid="account-test-result">
      {result.message}
    </p>
  );
}

export function AccountForm({
  editing,
  onDone,
  fallbackFocus,
}: {
  /** The stored account being edited; null when adding. */
  editing: AccountConfigView | null;
  onDone: (message: string | null) => void;
  fallbackFocus: () => HTMLElement | null;
}) {
  const save = useDesk((s) => s.saveAccount);
  const test = useDesk((s) => s.testAccount);
  const [draft, setDraft] = useState<AccountDraft>(() => (editing ? draftFromAccount(editing) : emptyAccountDraft()));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<AccountTestResult | null>(null);
  const [testError, setTestError] = useState<string | null>(null);
  const uid = useId();
  const id = (key: string) => `${uid}-${key}`;
  const titleId = id('title');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = missingRequired(ACCOUNT_FIELDS[draft.network], draft, editing !== null);
    if (missing) {
      setSaveError(missing);
      return;
    }
    setSaving(true);
    const answer = await save(configFromAccountDraft(draft, editing !== null), editing?.name ?? null);
    setSaving(false);
    if (!answer.ok) {
      setSaveError(answer.message);
      return;
    }
    onDone(editing ? `Saved changes to ${answer.account.name}.` : `Added ${answer.account.name}; posts can target it now.`);
  };

  const onTest = async () => {
    setTesting(true);
    setTestResult(null);
    setTestError(null);
    const answer = await test(configFromAccountDraft(draft, editing !== null), editing?.name ?? null);
    setTesting(false);
    if (answer.ok) setTestResult(answer.result);
    else setTestError(answer.message);
  };

  return (
    <Dialog labelledBy={titleId} onClose={() => onDone(null)} className="source-dialog" fallbackFocus={fallbackFocus}>
      <form className="source-form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="account-form">
        <header className="dialog-head">
          <h2 id={titleId}>{editing ? `Edit ${editing.name}` : 'Add publishing account'}</h2>
          <button type="button" className="button button-quiet" onClick={() => onDone(null)} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="dialog-body">
          <div className="form-grid">
            <div className="field">
              <label htmlFor={id('network')}>Network</label>
              <select
                id={id('network')}
                value={draft.network}
                disabled={editing !== null}
                data-autofocus={editing ? undefined : ''}
                onChange={(event) => {
                  const network = FORM_NETWORKS.find((n) => n === event.target.value);
                  if (network) setDraft({ ...emptyAccountDraft(network), name: draft.name });
                }}
              >
                {FORM_NETWORKS.map((network) => (
                  <option key={network} value={network}>
                    {NETWORK_LABELS[network]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={id('name')}>Name{!editing && <span className="required"> (required)</span>}</label>
              <input
                id={id('name')}
                name="name"
                type="text"
                value={draft.name}
                readOnly={editing !== null}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={id('name-hint')}
                onChange={(event) => setDraft({ ...draft, name: event.target.value })}
              />
              <p id={id('name-hint')} className="field-hint">
                {editing
                  ? 'Names cannot change (posts refer to them); add a new account instead.'
                  : 'Letters, digits, “.”, “_” or “-”; what the composer shows.'}
              </p>
            </div>
          </div>
          <fieldset className="form-grid type-fields">
            <legend>{NETWORK_LABELS[draft.network]} settings</legend>
            {ACCOUNT_FIELDS[draft.network].map((spec) => (
              <Field
                key={`${draft.network}-${spec.key}`}
                spec={spec}
                id={id(`f-${spec.key}`)}
                value={draft.fields[spec.key] ?? ''}
                stored={spec.kind === 'secret' && (editing?.secretsSet.includes(spec.key) ?? false)}
                onChange={(value) => setDraft({ ...draft, fields: { ...draft.fields, [spec.key]: value } })}
              />
            ))}
          </fieldset>
          <div className="test-area" role="status" aria-live="polite">
            {testing && <p className="muted">Testing…</p>}
            {testResult && <TestAnswer result={testResult} />}
            {testError && <p className="notice notice-error">{testError}</p>}
          </div>
        </div>
        <footer className="dialog-foot">
          <ErrorNotice message={saveError} />
          <div className="button-row">
            <button type="button" className="button" onClick={() => void onTest()} disabled={testing}>
              {testing ? 'Testing…' : 'Test'}
            </button>
            <span className="button-spacer" />
            <button type="button" className="button" onClick={() => onDone(null)}>
              Cancel
            </button>
            <HubSubmit className="button button-primary" disabled={saving}>
              {saving ? 'Saving…' : editing ? 'Save changes' : 'Save account'}
            </HubSubmit>
          </div>
        </footer>
      </form>
    </Dialog>
  );
}
