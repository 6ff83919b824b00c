import { afterEach, expect, it } from 'vitest';
import { createStore, type Store } from '../../../main/store/index.js';
import type { NewAlert } from '../../../main/store/alerts.js';

const open: Store[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

const T = Date.UTC(2026, 10, 23, 12, 0);
const alert: NewAlert = {
  series: 'total',
  state: 'open',
  severity: 'critical',
  openedAt: T,
  updatedAt: T,
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
    persistedMinutes: 5,
    sources: [],
  },
  drivers: { topTerms: [], samplePosts: [], outageIntent: 0.6, statusIncident: null },
};

it('keeps when an alert calmed down and when it resolves, and forgets it when the surge comes back', () => {
  const store = createStore(':memory:');
  open.push(store);
  const stored = store.alerts.insert(alert);
  expect(store.alertsRead.get(stored.id)).not.toHaveProperty('calming');
  const calming = { since: T + 40 * 60_000, resolvesAt: T + 69 * 60_000 };
  store.alerts.update({ ...stored, calming });
  expect(store.alertsRead.get(stored.id)?.calming).toEqual(calming);
  store.alerts.update({ ...stored, updatedAt: T + 45 * 60_000 });
  expect(store.alertsRead.get(stored.id)).not.toHaveProperty('calming');
});
