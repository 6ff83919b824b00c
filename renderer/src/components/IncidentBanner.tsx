import { formatClock } from '../format.js';
import { countOf } from '../../../shared/plural.js';

export interface IncidentBannerProps {
  since: number;
  by: string;
  reason: string;
  /** "everything", or what the scope names ("campaign Spring launch; network X"). */
  scope: string;
  now: number;
  /** The posts the gate holds right now, when known. */
  held: number | null;
  /** Null when this window may leave and change the scope; otherwise why not (shown instead of the buttons). */
  whyNot: string | null;
  onLeave(): void;
  onChangeScope(): void;
}

/** `12 min`, `2 h 05 min`: how long incident mode has been on. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * The strip under the header on every view while incident mode is on: since when, by whom,
 * why, what it covers, and the two ways out of it. The reason is someone's text: rendered
 * as text only.
 */
export function IncidentBanner({ since, by, reason, scope, now, held, whyNot, onLeave, onChangeScope }: IncidentBannerProps) {
  return (
    <section className="incident-banner" aria-label="Incident mode is on" data-testid="incident-banner">
      <span className="incident-banner-mark" aria-hidden="true" />
      <div className="incident-banner-text">
        <p>
          <strong>Incident mode is on</strong>: nothing is published
          {scope === 'everything' ? '' : ` for ${scope}`}.{' '}
          <span className="incident-banner-meta">
            Since {formatClock(since)} ({formatDuration(now - since)}) · by {by}
            {held !== null && ` · ${countOf(held, 'post')} held`}
          </span>
        </p>
        <p className="incident-banner-reason">
          <span className="visually-hidden">Reason: </span>“{reason}”
        </p>
      </div>
      <div className="incident-banner-actions">
        {whyNot === null ? (
          <>
            <button type="button" className="button button-small" onClick={onChangeScope}>
              Change scope
            </button>
            <button type="button" className="button button-small incident-leave" onClick={onLeave}>
              Leave incident mode
            </button>
          </>
        ) : (
          <span className="incident-banner-why">{whyNot}</span>
        )}
      </div>
    </section>
  );
}
