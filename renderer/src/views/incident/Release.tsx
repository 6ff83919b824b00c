import { useId, useState } from 'react';
import { formatClock } from '../../format.js';
import { incidentSelectors } from '../../store/incident/selectors.js';
import { useDesk } from '../../store/react.js';
import { HubSubmit } from '../../components/HubSubmit.js';
import { countOf, wordFor } from '../../../../shared/plural.js';

/**
 * How far a paced release is: the whole it started with (an older hub only says how many are
 * left, so the most this page has seen stands in), and how many of those have gone.
 */
export function releaseProgress(release: { total?: number; remaining: number }, mostSeen: number): { max: number; value: number } {
  const max = Math.max(release.total ?? Math.max(mostSeen, release.remaining), 1);
  return { max, value: Math.max(0, max - release.remaining) };
}

/**
 * Paced release: the engine sends held posts one per N minutes per account, oldest first, and
 * keeps going with the window closed; Stop puts the rest back in catch-up.
 */
export function Release() {
  const incident = useDesk((s) => s.incident);
  const held = useDesk((s) => s.catchUp.length);
  const canDecide = useDesk(incidentSelectors.canDecide);
  const busy = useDesk((s) => s.incidentBusy);
  const start = useDesk((s) => s.startRelease);
  const stop = useDesk((s) => s.stopRelease);
  const [minutes, setMinutes] = useState('10');
  const [total, setTotal] = useState(0);
  const uid = useId();
  const release = incident?.release ?? null;
  const seen = release ? Math.max(total, release.remaining) : 0;
  if (seen !== total) setTotal(seen);

  if (!canDecide || !incident) return null;
  if (release) {
    return (
      <section className="panel release" aria-labelledby={`${uid}-t`} data-testid="release">
        <h2 id={`${uid}-t`} className="panel-title">
          Paced release running
        </h2>
        <p role="status" aria-live="polite">
          {countOf(release.remaining, 'post')} left
          {release.nextAt !== null && `, next at ${formatClock(release.nextAt)}`} · one per {release.perAccountEveryMinutes} min per
          account, started by {release.startedBy}
        </p>
        <progress {...releaseProgress(release, total)} aria-label="Release progress" />
        <div className="button-row">
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void stop()}>
            Stop release
          </button>
        </div>
      </section>
    );
  }
  if (held === 0) return null;
  const n = Number(minutes);
  const valid = Number.isInteger(n) && n >= 1 && n <= 1440;
  return (
    <section className="panel release" aria-labelledby={`${uid}-t`}>
      <h2 id={`${uid}-t`} className="panel-title">
        Release gradually
      </h2>
      <form
        className="release-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void start(n);
        }}
      >
        <label htmlFor={`${uid}-m`}>One post every</label>
        <input
          id={`${uid}-m`}
          className="inline-input release-minutes"
          type="number"
          min={1}
          max={1440}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          aria-describedby={`${uid}-h`}
        />
        <span>minutes per account</span>
        <HubSubmit className="button" disabled={busy || !valid || incident.on}>
          Release {held} held {wordFor(held, 'post')}
        </HubSubmit>
      </form>
      <p className="field-hint" id={`${uid}-h`}>
        {incident.on
          ? 'Available once incident mode is off.'
          : 'Oldest first. It keeps going with this window closed; you can stop it at any time.'}
        {!valid && ' Enter whole minutes from 1 to 1440.'}
      </p>
    </section>
  );
}
