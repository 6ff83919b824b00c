/**
 * With no alert yet, the Alerts view says so and offers a drill, without the keyboard hint for
 * moving between alerts that are not there; an alert card says when its surge died down, and
 * when its expectation is still learning.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import type { Alert } from '../../shared/domain.js';
import { DeskProvider } from '../../renderer/src/store/react.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { AlertCard, AlertsView, NoAlerts } from '../../renderer/src/views/AlertsView.js';
import { surgeAlert } from '../fixtures/alerts.js';
import { createFakeClient } from './fakeTransport.js';

it('an empty Alerts view has its empty state and the drill, and no hint about keys for alerts', () => {
  const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
  const html = renderToStaticMarkup(createElement(DeskProvider, { store, children: createElement(AlertsView) }));
  expect(html).toContain('Run a drill');
  expect(html).not.toContain('acknowledges it');
  // Ready, it says what it knows (nothing is open), not that volume is normal: the demo's surge
  // is on the Live chart minutes before its alert opens.
  const ready = renderToStaticMarkup(createElement(NoAlerts, { status: 'ready' }));
  expect(ready).toContain('No open alerts.');
  expect(ready).toContain('shows on the Live chart first');
  expect(ready).not.toMatch(/within its expected band/);
  expect(renderToStaticMarkup(createElement(NoAlerts, { status: 'loading' }))).toContain('Loading alerts…');
  expect(renderToStaticMarkup(createElement(NoAlerts, { status: 'error' }))).toBe('');
});

it('an alert whose surge has died down says since when and when it resolves, and reads "calming"', () => {
  const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
  const at = (h: number, m: number) => new Date(2026, 10, 23, h, m).getTime();
  const alert: Alert = {
    ...surgeAlert(at(12, 0), { state: 'escalating', updatedAt: at(12, 41) }),
    id: 4,
    calming: { since: at(12, 41), resolvesAt: at(13, 10) },
  };
  const card = (shown: Alert) =>
    renderToStaticMarkup(createElement(DeskProvider, { store, children: createElement(AlertCard, { alert: shown, now: at(12, 45) }) }));
  const html = card(alert);
  expect(html).toContain('The surge has died down since');
  expect(html).toMatch(/>12:41<\/time>: this alert resolves at <time[^>]*>13:10<\/time> if it stays calm\./);
  expect(html).toContain('tag-state-calming');
  const { calming: _gone, ...holding } = alert;
  const again = card(holding);
  expect(again).not.toContain('died down');
  expect(again).toContain('tag-state-escalating');
});

it("an alert on a series still learning says so beside its numbers; a week-old series, an older hub's alert and a drill do not", () => {
  const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
  const at = Date.UTC(2026, 10, 23, 12, 0);
  const base = surgeAlert(at);
  const card = (historyMinutes: number | undefined, series = 'total') =>
    renderToStaticMarkup(
      createElement(DeskProvider, {
        store,
        children: createElement(AlertCard, { alert: { ...base, id: 9, series, math: { ...base.math, historyMinutes } }, now: at }),
      }),
    );
  expect(card(2.5 * 1440)).toContain(
    'Learning: 2 of 7 days of history. The expectation learns each hour of the day over a week; until then it usually runs under the counts, most in the busiest hours, so ratios read high.',
  );
  expect(card(7 * 1440)).not.toContain('alert-learning');
  expect(card(undefined)).not.toContain('alert-learning');
  expect(card(2 * 1440, 'drill')).not.toContain('alert-learning');
});

it("a young series' card sets the same window a day earlier beside its ratio, when the hub sent it", () => {
  const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
  const at = Date.UTC(2026, 10, 23, 12, 0);
  const base = surgeAlert(at);
  const card = (dayBefore: number | undefined, historyMinutes = 2.5 * 1440) =>
    renderToStaticMarkup(
      createElement(DeskProvider, {
        store,
        children: createElement(AlertCard, {
          alert: {
            ...base,
            id: 9,
            math: { ...base.math, observed: 889, windowMinutes: 15, historyMinutes, ...(dayBefore === undefined ? {} : { dayBefore }) },
          },
          now: at,
        }),
      }),
    );
  expect(card(430)).toContain('so ratios read high. The same 15 minutes a day earlier had 430 posts: this is 2.1× that.');
  expect(card(0)).toContain('The same 15 minutes a day earlier had 0 posts.');
  expect(card(undefined)).not.toContain('a day earlier');
  // A week-old series reads its own ratio: no learning note, so no reference either.
  expect(card(430, 7 * 1440)).not.toContain('a day earlier');
});

it('an alert opened on a rise that held says so in words; one without that evidence does not', () => {
  const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
  const at = Date.UTC(2026, 10, 23, 12, 0);
  const base = surgeAlert(at);
  const card = (held?: { blockMinutes: number; weakestRatio: number }) =>
    renderToStaticMarkup(
      createElement(DeskProvider, {
        store,
        children: createElement(AlertCard, {
          alert: { ...base, id: 9, math: { ...base.math, windowMinutes: 240, historyMinutes: 9 * 1440, ...(held ? { held } : {}) } },
          now: at,
        }),
      }),
    );
  expect(card({ blockMinutes: 15, weakestRatio: 2.94 })).toContain(
    'It held: every 15 minutes of the last 240 minutes ran above the usual, the weakest at 2.9× expected.',
  );
  expect(card()).not.toContain('alert-held');
});
