import type { GapBand } from '../store/gaps/bands.js';
import { gapSentence } from './gapText.js';
import { countOf } from '../../../shared/plural.js';

const SHOWN = 3;

/** The shaded bands in words, newest first, under the chart. */
export function GapNotes({ gaps }: { gaps: readonly GapBand[] }) {
  if (gaps.length === 0) return null;
  const newest = [...gaps].reverse();
  const hidden = newest.length - SHOWN;
  return (
    <ul className="gap-notes" aria-label="Gaps in coverage" data-testid="gap-notes">
      {newest.slice(0, SHOWN).map((gap) => (
        <li key={`${gap.source}:${gap.start}`} className={gap.end === null ? 'gap-note gap-note-open' : 'gap-note'}>
          <span className="gap-swatch" aria-hidden="true" />
          {gapSentence(gap.source, gap)}
        </li>
      ))}
      {hidden > 0 && <li className="gap-note muted">and {countOf(hidden, 'earlier gap')} in this window</li>}
    </ul>
  );
}
