import { afterEach, expect, it } from 'vitest';
import { createStore, type Store } from '../../../main/store/index.js';
import { surgeAlert } from '../../fixtures/alerts.js';

const open: Store[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

const T = Date.UTC(2026, 10, 23, 12, 0);
const alert = surgeAlert(T);

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

it("keeps how much history the alert's expectation had learned from, and reads an older alert without it", () => {
  const store = createStore(':memory:');
  open.push(store);
  const young = store.alerts.insert(surgeAlert(T, { math: { ...alert.math, historyMinutes: 2 * 1440 } }));
  expect(store.alertsRead.get(young.id)?.math.historyMinutes).toBe(2 * 1440);
  const older = store.alerts.insert(alert);
  expect(store.alertsRead.get(older.id)?.math).not.toHaveProperty('historyMinutes');
});
