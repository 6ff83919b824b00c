import { useId, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { safeHttpUrl } from '../../components/RecentPosts.js';
import { formatAgo, formatCount } from '../../format.js';
import { useDesk } from '../../store/react.js';
import {
  DEFAULT_INTERVALS,
  FIELDS,
  FORM_SOURCE_TYPES,
  MIN_INTERVAL_SECONDS,
  TYPE_LABELS,
  isFormSourceType,
  type FieldSpec,
} from '../../store/sourcesAdmin/fields.js';
import type { SourceFormState, SourceTestResult } from '../../store/sourcesAdmin/initialState.js';
import { HubSubmit } from '../../components/HubSubmit.js';
import { HistoryField } from './HistoryField.js';
import { countOf } from '../../../../shared/plural.js';

const SECRET_KEPT = 'stored — leave empty to keep';

function TestResult({ result, type, now }: { result: SourceTestResult; type: string; now: number }) {
  if (!result.ok) {
    return (
      <p className="notice notice-error" data-testid="source-test-error">
        Test failed: {result.error ?? 'the source did not answer.'}
      </p>
    );
  }
  const posts = countOf(result.fetched, 'post');
  const incidents = result.incidents > 0 ? ` and ${countOf(result.incidents, 'incident')}` : '';
  return (
    <div className="test-result" data-testid="source-test-result">
      <p className="test-ok">
        Fetched {posts}
        {incidents} in {formatCount(result.elapsedMs)} ms.
      </p>
      {result.fetched === 0 && type === 'webhook' && (
        <p className="field-hint">A webhook does not fetch: posts arrive when a sender POSTs them. The settings are valid.</p>
      )}
      {result.sample.length > 0 && (
        <ol className="test-samples" aria-label="Sample posts">
          {result.sample.slice(0, 5).map((post, index) => {
            const href = safeHttpUrl(post.url);
            return (
              <li key={index} className="post">
                <div className="post-meta">
                  <span className="post-author">{post.author || 'unknown author'}</span>
                  <time dateTime={new Date(post.createdAt).toISOString()}>{formatAgo(post.createdAt, now)}</time>
                  {href && (
                    <a className="post-link" href={href} target="_blank" rel="noopener noreferrer">
                      open<span className="visually-hidden"> post by {post.author}</span>
                    </a>
                  )}
                </div>
                <p className="post-text">{post.text}</p>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

function Field({ spec, form, id }: { spec: FieldSpec; form: SourceFormState; id: string }) {
  const edit = useDesk((s) => s.editSourceField);
  const value = form.draft.fields[spec.key] ?? '';
  const stored = spec.kind === 'secret' && form.mode === 'edit' && form.secretsSet.includes(spec.key);
  const hint = stored ? `${SECRET_KEPT}.${spec.hint ? ` ${spec.hint}` : ''}` : spec.hint;
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {spec.label}
        {spec.required && !stored ? <span className="required"> (required)</span> : null}
      </label>
      <input
        id={id}
        name={spec.key}
        type={spec.kind === 'secret' ? 'password' : spec.kind === 'url' ? 'url' : 'text'}
        value={value}
        placeholder={stored ? SECRET_KEPT : spec.placeholder}
        autoComplete={spec.kind === 'secret' ? 'new-password' : 'off'}
        spellCheck={false}
        aria-describedby={hint ? hintId : undefined}
        onChange={(event) => edit(spec.key, event.target.value)}
      />
      {hint && (
        <p id={hintId} className="field-hint">
          {stored ? <span className="tag tag-stored">stored</span> : null} {hint}
        </p>
      )}
    </div>
  );
}

export function SourceForm({
  form,
  now,
  onSaved,
  fallbackFocus,
}: {
  form: SourceFormState;
  now: number;
  onSaved: (message: string) => void;
  fallbackFocus: () => HTMLElement | null;
}) {
  const close = useDesk((s) => s.closeSourceForm);
  const editDraft = useDesk((s) => s.editSourceDraft);
  const test = useDesk((s) => s.testSourceForm);
  const save = useDesk((s) => s.saveSourceForm);
  const uid = useId();
  const { draft } = form;
  const titleId = `${uid}-title`;
  const id = (key: string) => `${uid}-${key}`;
  const title = form.mode === 'edit' ? `Edit ${form.editing}` : 'Add source';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const name = draft.name.trim();
    if (await save()) onSaved(form.mode === 'edit' ? `Saved changes to ${name}.` : `Added ${name}; it starts polling now.`);
  };

  return (
    <Dialog labelledBy={titleId} onClose={close} className="source-dialog" fallbackFocus={fallbackFocus}>
      <form className="source-form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="source-form">
        <header className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="button button-quiet" onClick={close} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="dialog-body">
          <div className="form-grid">
            <div className="field">
              <label htmlFor={id('type')}>Type</label>
              <select
                id={id('type')}
                value={draft.type}
                disabled={form.mode === 'edit'}
                aria-describedby={form.mode === 'edit' ? id('type-hint') : undefined}
                data-autofocus={form.mode === 'add' ? '' : undefined}
                onChange={(event) => {
                  if (isFormSourceType(event.target.value)) editDraft({ type: event.target.value });
                }}
              >
                {FORM_SOURCE_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {TYPE_LABELS[type]}
                  </option>
                ))}
              </select>
              {form.mode === 'edit' && (
                <p id={id('type-hint')} className="field-hint">
                  A saved source keeps its type.
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor={id('name')}>Name{form.mode === 'add' && <span className="required"> (required)</span>}</label>
              <input
                id={id('name')}
                name="name"
                type="text"
                value={draft.name}
                readOnly={form.mode === 'edit'}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={id('name-hint')}
                onChange={(event) => editDraft({ name: event.target.value })}
              />
              <p id={id('name-hint')} className="field-hint">
                {form.mode === 'edit'
                  ? 'Names cannot change; add a new source instead.'
                  : 'Letters, digits, “.”, “_” or “-”; shown on every post it brings in.'}
              </p>
            </div>
            <div className="field">
              <label htmlFor={id('interval')}>Poll every (seconds)</label>
              <input
                id={id('interval')}
                name="intervalSeconds"
                type="number"
                inputMode="numeric"
                min={MIN_INTERVAL_SECONDS}
                max={86_400}
                step={1}
                value={draft.intervalSeconds}
                placeholder={String(DEFAULT_INTERVALS[draft.type])}
                aria-describedby={id('interval-hint')}
                data-autofocus={form.mode === 'edit' ? '' : undefined}
                onChange={(event) => editDraft({ intervalSeconds: event.target.value })}
              />
              <p id={id('interval-hint')} className="field-hint">
                At least {MIN_INTERVAL_SECONDS}; empty means the default for this type ({DEFAULT_INTERVALS[draft.type]} s).
              </p>
            </div>
            <div className="field field-check">
              <input
                id={id('enabled')}
                name="enabled"
                type="checkbox"
                checked={draft.enabled}
                onChange={(event) => editDraft({ enabled: event.target.checked })}
              />
              <label htmlFor={id('enabled')}>Enabled (uncheck to keep it paused)</label>
            </div>
          </div>
          <fieldset className="form-grid type-fields">
            <legend>{TYPE_LABELS[draft.type]} settings</legend>
            {FIELDS[draft.type].map((spec) => (
              <Field key={`${draft.type}-${spec.key}`} spec={spec} form={form} id={id(`f-${spec.key}`)} />
            ))}
          </fieldset>
          <HistoryField form={form} id={id('history')} />
          <div className="test-area" role="status" aria-live="polite">
            {form.testing && <p className="muted">Testing — one fetch with these settings…</p>}
            {form.testResult && <TestResult result={form.testResult} type={draft.type} now={now} />}
            {form.testError && form.testError !== form.saveError && (
              <p className="notice notice-error" data-testid="source-test-error">
                {form.testError}
              </p>
            )}
          </div>
        </div>
        <footer className="dialog-foot">
          {form.saveError && (
            <p className="notice notice-error form-error" role="alert" data-testid="source-save-error">
              {form.saveError}
            </p>
          )}
          <div className="button-row">
            <button type="button" className="button" onClick={() => void test()} disabled={form.testing}>
              {form.testing ? 'Testing…' : 'Test'}
            </button>
            <span className="button-spacer" />
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <HubSubmit className="button button-primary" disabled={form.saving}>
              {form.saving ? 'Saving…' : form.mode === 'edit' ? 'Save changes' : 'Save source'}
            </HubSubmit>
          </div>
        </footer>
      </form>
    </Dialog>
  );
}
