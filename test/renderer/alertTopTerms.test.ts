/**
 * An alert's top terms show the figure they are ranked by (mentions beyond the surge), with
 * each term's own lift in the detail, so a busier term with less lift does not read as misplaced.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/domain.js';
import { termFigures, TopTerms } from '../../renderer/src/views/alerts/TopTerms.js';

const terms: Alert['drivers']['topTerms'] = [
  { term: 'login', count: 316, lift: 3, beyondSurge: 140.4 },
  { term: 'deploy', count: 40, lift: 8, beyondSurge: 29.9 },
];

describe("an alert's top terms", () => {
  it('show mentions beyond the surge in the order they are ranked, the lift in the detail', () => {
    const html = renderToStaticMarkup(createElement(TopTerms, { terms, surge: true }));
    const login = html.indexOf('+140 beyond the surge');
    const deploy = html.indexOf('+30 beyond the surge');
    expect(login).toBeGreaterThan(0);
    expect(deploy).toBeGreaterThan(login);
    expect(html).not.toMatch(/\d× lift/);
    expect(html).toContain(
      'title="login: about 316 recent mentions, 3.0× its usual rate; about 140 more than the surge alone would bring"',
    );
    expect(html).toContain(
      '<span class="visually-hidden"> (about 40 recent mentions, 8.0× its usual rate; about 30 more than the surge alone would bring)</span>',
    );
  });

  it('say "the overall volume" on a drop, and recent mentions on alerts raised before the figure was kept', () => {
    expect(termFigures({ term: 'login', count: 12, lift: 4, beyondSurge: 9 }, false).shown).toBe('+9 beyond the overall volume');
    expect(termFigures({ term: 'login', count: 12, lift: 4 }, true)).toEqual({
      shown: '12 recent',
      detail: 'about 12 recent mentions, 4.0× its usual rate',
    });
  });
});
