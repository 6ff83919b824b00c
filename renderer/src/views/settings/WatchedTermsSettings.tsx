/** Settings → Watched terms: admins add and remove terms or phrases; everyone sees the list. */
import { useState, type FormEvent } from 'react';
import { LabeledInput } from '../../components/LabeledInput.js';
import { hashFor } from '../../routes.js';
import { useDesk } from '../../store/react.js';
import { teamSelectors } from '../../store/team/selectors.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { HubSubmit } from '../../components/HubSubmit.js';

export function WatchedTermsSettings() {
  const terms = useDesk((s) => s.watchedTerms);
  const isAdmin = useDesk(teamSelectors.isAdmin);
  const change = useDesk((s) => s.changeWatchedTerm);
  const setSplit = useDesk((s) => s.setWallSplit);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const problem = await change('add', draft);
    setBusy(false);
    setError(problem);
    if (!problem) setDraft('');
  };

  return (
    <section className="panel" aria-labelledby="terms-title" data-testid="watched-terms">
      <div className="panel-head">
        <h2 id="terms-title">Watched terms</h2>
        <span className="panel-note">Each gets its own chart (Live → By term) and its own alerts, from a day after it is added.</span>
      </div>
      {terms.length === 0 ? (
        <p className="empty-inline">No watched terms yet.</p>
      ) : (
        <ul className="term-admin-list">
          {terms.map((term) => (
            <li key={term} className="term-admin">
              <span className="term-text">{term}</span>
              <a
                href={hashFor('live')}
                onClick={() => setSplit('term')}
                className="button button-small button-quiet"
                aria-label={`Chart of ${term}`}
              >
                Chart
              </a>
              {isAdmin && (
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  onClick={async () => setError(await change('remove', term))}
                  aria-label={`Stop watching ${term}`}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {isAdmin ? (
        <form className="term-form" onSubmit={(event) => void submit(event)}>
          <LabeledInput
            id="new-term"
            label="Term or phrase"
            value={draft}
            onValue={setDraft}
            maxLength={80}
            placeholder="e.g. login failed"
          />
          <HubSubmit className="button button-primary" disabled={busy || draft.trim() === ''}>
            Watch
          </HubSubmit>
        </form>
      ) : (
        <p className="field-hint">Only admins can change the watched terms.</p>
      )}
      <ErrorNotice message={error} />
    </section>
  );
}
