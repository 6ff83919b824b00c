/**
 * With no alert yet, the Alerts view says so and offers a drill, without the keyboard hint for
 * moving between alerts that are not there.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import { DeskProvider } from '../../renderer/src/store/react.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { AlertsView } from '../../renderer/src/views/AlertsView.js';
import { createFakeClient } from './fakeTransport.js';

it('an empty Alerts view has its empty state and the drill, and no hint about keys for alerts', () => {
  const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
  const html = renderToStaticMarkup(createElement(DeskProvider, { store, children: createElement(AlertsView) }));
  expect(html).toContain('Run a drill');
  expect(html).not.toContain('acknowledges it');
});
