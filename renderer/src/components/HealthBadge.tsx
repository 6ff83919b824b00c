import type { SourceHealth } from '../../../shared/domain.js';

const LABEL: Record<SourceHealth, string> = { ok: 'OK', degraded: 'Degraded', failing: 'Failing', paused: 'Paused' };

/** Colour plus a word plus a shape, so health never depends on colour alone. */
export function HealthBadge({ health }: { health: SourceHealth }) {
  return (
    <span className={`badge badge-${health}`}>
      <span className="badge-icon" aria-hidden="true" />
      {LABEL[health]}
    </span>
  );
}
