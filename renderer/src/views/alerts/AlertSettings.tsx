import { useId, useState, type FormEvent } from 'react';
import { MINUTE_MS, seriesKind, type BacktestHit } from '../../../../shared/domain.js';
import { formatCount, formatDayTime, formatRatio, seriesLabel } from '../../format.js';
import { detectionSelectors } from '../../store/detection/selectors.js';
import { BACKTEST_DAYS, type BacktestResult } from '../../store/detection/initialState.js';
import { formatUtcOffset, type PolicyDraft, type Sensitivity } from '../../store/detection/policyDraft.js';
import { useDesk } from '../../store/react.js';
import { BacktestChart } from './BacktestChart.js';
import { HubSubmit } from '../../components/HubSubmit.js';
import { countOf, wordFor } from '../../../../shared/plural.js';

const SENSITIVITY_TEXT: Record<Sensitivity, { name: string; text: string }> = {
  low: { name: 'Low', text: 'Fewest alerts: only large, sustained surges.' },
  medium: { name: 'Medium', text: 'Balanced; the default, tuned on real outage data.' },
  high: { name: 'High', text: 'Earliest warning: smaller bumps alert too, so expect more alerts.' },
};

const num = (value: number) => (Math.abs(value) >= 10 ? formatCount(value) : value.toFixed(1));

function duration(hit: BacktestHit, endMs: number): string {
  if (hit.resolvedAt === null) return `still open at the end (${Math.round((endMs - hit.openedAt) / MINUTE_MS)} min so far)`;
  const minutes = Math.round((hit.resolvedAt - hit.openedAt) / MINUTE_MS);
  return minutes < 90 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

function BacktestResults({ result }: { result: BacktestResult }) {
  const volume = useDesk((s) => s.backtestVolume);
  const endMs = (result.toMinute + 1) * MINUTE_MS;
  const dayWord = wordFor(result.days, 'day');
  const rangeMinutes = result.toMinute - result.fromMinute + 1;
  return (
    <div className="backtest-results" data-testid="backtest-results">
      <p className="backtest-range" data-testid="backtest-range">
        Replayed the last {result.days} {dayWord}: {formatDayTime(result.fromMinute * MINUTE_MS)} to {formatDayTime(endMs)} (
        {result.bucketsReplayed >= rangeMinutes
          ? `${formatCount(rangeMinutes)} minutes`
          : `stored history covers ${formatCount(result.bucketsReplayed)} of its ${formatCount(rangeMinutes)} minutes`}
        ).
      </p>
      {volume.length > 0 && (
        <BacktestChart
          buckets={volume}
          hits={result.hits}
          fromMinute={result.fromMinute}
          toMinute={result.toMinute}
          firstDataMinute={result.firstDataMinute}
          days={result.days}
        />
      )}
      {result.hits.length === 0 ? (
        <div className="panel empty-state calm" data-testid="backtest-empty">
          <p className="empty-title">No alerts would have fired.</p>
          <p>With these settings the series stayed within its expected band for the whole range.</p>
        </div>
      ) : (
        <>
          <p>
            <strong>{countOf(result.hits.length, 'alert')} would have fired</strong> in this range:
          </p>
          <div className="panel panel-flush">
            <table className="table table-compact" data-testid="backtest-hits">
              <caption className="visually-hidden">Where alerts would have fired, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Opened</th>
                  <th scope="col">Severity</th>
                  <th scope="col" className="num">
                    Observed vs expected
                  </th>
                  <th scope="col" className="num">
                    Ratio
                  </th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {result.hits.map((hit) => (
                  <tr key={hit.openedAt}>
                    <th scope="row">
                      <time dateTime={new Date(hit.openedAt).toISOString()}>{formatDayTime(hit.openedAt)}</time>
                    </th>
                    <td>
                      <span className={`severity severity-${hit.severity}`}>{hit.severity}</span>
                    </td>
                    <td className="num">
                      {num(hit.math.observed)} vs {num(hit.math.expected)}{' '}
                      <span className="unit">per {hit.math.windowMinutes === 1 ? 'minute' : `${hit.math.windowMinutes} min`}</span>
                    </td>
                    <td className="num">{formatRatio(hit.math.ratio)}</td>
                    <td>{duration(hit, endMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

function NumberField({
  id,
  label,
  hint,
  value,
  onChange,
  step,
  min,
  max,
  placeholder,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  step: string;
  min: number;
  max?: number;
  placeholder?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        max={max}
        value={value}
        placeholder={placeholder}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
    </div>
  );
}

function SettingsForm({ draft }: { draft: PolicyDraft }) {
  const edit = useDesk((s) => s.editDetectionDraft);
  const save = useDesk((s) => s.saveDetectionSettings);
  const runBacktest = useDesk((s) => s.runBacktest);
  const days = useDesk((s) => s.backtestDays);
  const setDays = useDesk((s) => s.setBacktestDays);
  const saving = useDesk((s) => s.detectionSaving);
  const saveError = useDesk((s) => s.detectionSaveError);
  const savedAt = useDesk((s) => s.detectionSavedAt);
  const dirty = useDesk(detectionSelectors.dirty);
  const canSave = useDesk(detectionSelectors.canSave);
  const running = useDesk((s) => s.backtestStatus === 'running');
  const uid = useId();
  const id = (key: string) => `${uid}-${key}`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <form className="settings-form" onSubmit={onSubmit} noValidate aria-label="Alert settings">
      <fieldset className="plain">
        <legend>Sensitivity</legend>
        {(['low', 'medium', 'high'] as const).map((level) => (
          <label key={level} className="choice">
            <input
              type="radio"
              name={id('sensitivity')}
              value={level}
              checked={draft.sensitivity === level}
              onChange={() => edit({ sensitivity: level })}
            />
            <span className="choice-name">{SENSITIVITY_TEXT[level].name}</span>
            <span className="choice-text">{SENSITIVITY_TEXT[level].text}</span>
          </label>
        ))}
      </fieldset>
      <NumberField
        id={id('min-volume')}
        label="Minimum volume (posts)"
        hint="A surge with fewer posts than this in its window never opens an alert; keeps quiet brands calm."
        value={draft.minVolume}
        step="1"
        min={0}
        onChange={(value) => edit({ minVolume: value })}
      />
      <div className="field field-check">
        <input
          id={id('drops')}
          type="checkbox"
          checked={draft.alertOnDrops}
          onChange={(event) => edit({ alertOnDrops: event.target.checked })}
        />
        <label htmlFor={id('drops')}>Alert on drops too (a feed going silent), not only on surges</label>
      </div>
      <fieldset className="plain">
        <legend>Quiet hours</legend>
        <div className="field field-check">
          <input
            id={id('quiet')}
            type="checkbox"
            checked={draft.quietEnabled}
            aria-describedby={id('quiet-hint')}
            onChange={(event) => edit({ quietEnabled: event.target.checked })}
          />
          <label htmlFor={id('quiet')}>Only critical alerts open during quiet hours</label>
        </div>
        {draft.quietEnabled && (
          <div className="quiet-times">
            <div className="field">
              <label htmlFor={id('quiet-start')}>From</label>
              <input
                id={id('quiet-start')}
                type="time"
                value={draft.quietStart}
                onChange={(event) => edit({ quietStart: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={id('quiet-end')}>Until</label>
              <input id={id('quiet-end')} type="time" value={draft.quietEnd} onChange={(event) => edit({ quietEnd: event.target.value })} />
            </div>
          </div>
        )}
        <p id={id('quiet-hint')} className="field-hint">
          Times are in this computer’s time zone ({formatUtcOffset(draft.utcOffsetMinutes)}).
        </p>
      </fieldset>
      <details className="expert">
        <summary>Expert</summary>
        <div className="form-grid">
          <NumberField
            id={id('open')}
            label="Open score (0–1)"
            hint="Score at which an alert opens; empty: the sensitivity’s level."
            value={draft.openScore}
            step="0.01"
            min={0}
            max={1}
            placeholder="from sensitivity"
            onChange={(value) => edit({ openScore: value })}
          />
          <NumberField
            id={id('critical')}
            label="Critical score (0–1)"
            hint="Score at which an alert becomes critical; empty: the sensitivity’s level."
            value={draft.criticalScore}
            step="0.01"
            min={0}
            max={1}
            placeholder="from sensitivity"
            onChange={(value) => edit({ criticalScore: value })}
          />
          <NumberField
            id={id('resolve-fraction')}
            label="Resolve fraction (0–1)"
            hint="Resolve level as a share of the open level: the gap that stops flapping."
            value={draft.resolveFraction}
            step="0.05"
            min={0}
            max={1}
            onChange={(value) => edit({ resolveFraction: value })}
          />
          <NumberField
            id={id('resolve-after')}
            label="Resolve after (minutes)"
            hint="How long the evidence must stay under the resolve level before the alert resolves."
            value={draft.resolveAfterMinutes}
            step="1"
            min={0}
            max={1440}
            onChange={(value) => edit({ resolveAfterMinutes: value })}
          />
        </div>
      </details>
      {saveError && (
        <p className="notice notice-error" role="alert" data-testid="settings-save-error">
          {saveError}
        </p>
      )}
      <p className="save-state" role="status" aria-live="polite">
        {savedAt !== null && !dirty
          ? 'Saved. These are now this series’ own settings (recorded in the audit log).'
          : dirty
            ? 'Unsaved changes: backtest them, then save.'
            : ''}
      </p>
      <div className="button-row">
        <div className="days-choice" role="radiogroup" aria-label="Backtest range">
          {BACKTEST_DAYS.map((value) => (
            <label key={value}>
              <input type="radio" name={id('days')} value={value} checked={days === value} onChange={() => setDays(value)} />
              {countOf(value, 'day')}
            </label>
          ))}
        </div>
        <button type="button" className="button" onClick={() => void runBacktest()} disabled={running}>
          {running ? 'Replaying…' : 'Backtest'}
        </button>
        <span className="button-spacer" />
        {canSave && (
          <HubSubmit className="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </HubSubmit>
        )}
      </div>
      {!canSave && <p className="field-hint">Operators and admins can save alert settings; you can still backtest.</p>}
    </form>
  );
}

/** Per-series alert settings with a backtest over stored history, before anything is saved. */
export function AlertSettings() {
  const [open, setOpen] = useState(false);
  const series = useDesk((s) => s.detectionSeries);
  const options = useDesk((s) => s.detectionSeriesOptions);
  const draft = useDesk((s) => s.detectionDraft);
  const status = useDesk((s) => s.detectionStatus);
  const error = useDesk((s) => s.detectionError);
  const origin = useDesk(detectionSelectors.origin);
  const loadSeries = useDesk((s) => s.loadDetectionSeries);
  const select = useDesk((s) => s.selectDetectionSeries);
  const backtest = useDesk((s) => s.backtest);
  const backtestStatus = useDesk((s) => s.backtestStatus);
  const backtestError = useDesk((s) => s.backtestError);
  const uid = useId();

  return (
    <details
      className="panel settings-panel"
      data-testid="alert-settings"
      open={open}
      onToggle={(event) => {
        const isOpen = event.currentTarget.open;
        setOpen(isOpen);
        if (isOpen) {
          void loadSeries();
          if (status === 'idle' || status === 'error') void select(series);
        }
      }}
    >
      <summary>Alert settings</summary>
      <div className="settings-layout">
        <div className="settings-form">
          <div className="settings-series">
            <div className="field">
              <label htmlFor={`${uid}-series`}>Series</label>
              <select id={`${uid}-series`} value={series} onChange={(event) => void select(event.target.value)}>
                {options.map((key) => (
                  <option key={key} value={key}>
                    {seriesLabel(key)}
                    {key === 'total' ? '' : ` (${seriesKind(key)})`}
                  </option>
                ))}
              </select>
            </div>
            {origin && (
              <span className={`tag origin-tag ${origin === 'own' ? 'tag-own' : ''}`} data-testid="settings-origin">
                {origin === 'own' ? 'own settings' : 'inherited from defaults'}
              </span>
            )}
          </div>
          {error && (
            <p className="notice notice-error" role="alert">
              Could not load the settings: {error}
            </p>
          )}
          {status === 'loading' && !draft && <p className="muted">Loading settings…</p>}
          {draft && <SettingsForm draft={draft} />}
        </div>
        <section className="backtest" aria-labelledby={`${uid}-bt`} aria-busy={backtestStatus === 'running'}>
          <h3 id={`${uid}-bt`}>Backtest</h3>
          {backtestStatus === 'error' && backtestError && (
            <p className="notice notice-error" role="alert">
              Backtest failed: {backtestError}
            </p>
          )}
          {backtestStatus === 'running' && <p className="muted">Replaying stored history with these settings…</p>}
          {backtest ? (
            <BacktestResults result={backtest} />
          ) : (
            backtestStatus !== 'running' && (
              <p className="muted">
                Choose a range and press Backtest to see where these settings would have fired on stored history, before you save them.
              </p>
            )
          )}
        </section>
      </div>
    </details>
  );
}
