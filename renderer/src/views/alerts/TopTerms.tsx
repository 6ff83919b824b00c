import type { AlertDrivers } from '../../../../shared/domain.js';
import { formatCount, formatRatio } from '../../format.js';

type TopTerm = AlertDrivers['topTerms'][number];

/**
 * What a term's chip says. The list is ranked by the mentions the overall rise in posts does
 * not explain, so that is the figure shown: a term's own lift ("3×") beside a busier one's
 * ("8×") would read as a list in the wrong order. The lift stays in the detail. Alerts raised
 * before the figure was kept show their recent mentions.
 */
export function termFigures(term: TopTerm, surge: boolean): { shown: string; detail: string } {
  const rate = `${formatRatio(term.lift)} its usual rate`;
  if (term.beyondSurge === undefined)
    return { shown: `${formatCount(term.count)} recent`, detail: `about ${formatCount(term.count)} recent mentions, ${rate}` };
  const overall = surge ? 'the surge' : 'the overall volume';
  return {
    shown: `+${formatCount(term.beyondSurge)} beyond ${overall}`,
    detail: `about ${formatCount(term.count)} recent mentions, ${rate}; about ${formatCount(term.beyondSurge)} more than ${overall} alone would bring`,
  };
}

export function TopTerms({ terms, surge }: { terms: AlertDrivers['topTerms']; surge: boolean }) {
  return (
    <ul className="terms" aria-label={`Top terms, ranked by mentions beyond ${surge ? 'the surge' : 'the overall volume'}`}>
      {terms.map((term) => {
        const { shown, detail } = termFigures(term, surge);
        return (
          <li key={term.term} className="term" title={`${term.term}: ${detail}`}>
            <span className="term-text">{term.term}</span>
            <span className="term-figures">{shown}</span>
            <span className="visually-hidden"> ({detail})</span>
          </li>
        );
      })}
    </ul>
  );
}
