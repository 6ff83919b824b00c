/**
 * With no alert yet, the Alerts view says so and offers a drill, without the keyboard hint for
 * moving between alerts that are not there; an alert card says when its surge died down.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import type { Alert } from '../../shared/domain.js';
import { DeskProvider } from '../../renderer/src/store/react.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { AlertCard, AlertsView } from '../../renderer/src/views/AlertsView.js';
import { createFakeClient } from './fakeTransport.js';

it('an empty Alerts view has its empty state and the drill, and no hint about keys for alerts', () => {
  const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
  const html = renderToStaticMarkup(createElement(DeskProvider, { store, children: createElement(AlertsView) }));
  expect(html).toContain('Run a drill');
  expect(html).not.toContain('acknowledges it');
});

it('an alert whose surge has died down says since when and when it resolves, and reads "calming"', () => {
  const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
  const at = (h: number, m: number) => new Date(2026, 10, 23, h, m).getTime();
  const alert: Alert = {
    id: 4,
    series: 'total',
    state: 'escalating',
    severity: 'critical',
    openedAt: at(12, 0),
    updatedAt: at(12, 41),
    resolvedAt: null,
    title: 'Surge in all mentions',
    math: {
      windowMinutes: 15,
      expected: 200,
      bandLow: 150,
      bandHigh: 250,
      observed: 2000,
      ratio: 10,
      score: 0.9,
      persistedMinutes: 41,
      sources: [],
    },
    drivers: { topTerms: [], samplePosts: [], outageIntent: 0.6, statusIncident: null },
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
