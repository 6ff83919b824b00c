import { useDesk } from '../../store/react.js';
import { BACKFILL_PRESETS } from '../../../../shared/sourceDefaults.js';
import { countOf } from '../../../../shared/plural.js';
import { HISTORY_CHOICES, HISTORY_NOTES, HISTORY_WHY, describeBackfill, hasHistory } from '../../store/sourcesAdmin/history.js';
import type { SourceFormState } from '../../store/sourcesAdmin/initialState.js';

/**
 * "History to fetch when added": chosen once, for a new source. On an edit it is only shown,
 * since the backfill applied to the first fetch alone and changing it would do nothing.
 */
export function HistoryField({ form, id }: { form: SourceFormState; id: string }) {
  const editDraft = useDesk((s) => s.editSourceDraft);
  const { draft } = form;
  if (!hasHistory(draft.type)) return null;
  const note = HISTORY_NOTES[draft.type];
  if (form.mode === 'edit' || draft.history === null) {
    return (
      <div className="field" data-testid="source-history">
        <p>
          History fetched when added: <strong>{describeBackfill(form.base.backfill)}</strong>
        </p>
        <p className="field-hint">It applied only to the first fetch, so it cannot change now.</p>
      </div>
    );
  }
  const chosen = draft.history;
  return (
    <fieldset className="plain" data-testid="source-history" aria-describedby={`${id}-why`}>
      <legend>History to fetch when added</legend>
      {HISTORY_CHOICES.map(({ value, label }) => (
        <label key={value} className="choice">
          <input
            type="radio"
            name={`${id}-history`}
            value={value}
            checked={chosen === value}
            onChange={() => editDraft({ history: value })}
          />
          <span className="choice-name">{label}</span>
          <span className="choice-text">up to {countOf(BACKFILL_PRESETS[value].maxPosts, 'post')}</span>
        </label>
      ))}
      <p id={`${id}-why`} className="field-hint">
        {HISTORY_WHY}
        {note ? ` ${note}` : ''}
      </p>
    </fieldset>
  );
}
