/**
 * What a notice (desktop, browser, Slack, JSON webhook text) says about an alert on a series
 * whose expectation is still learning (how young, and the same window a day earlier), and
 * about a rise that held through a long window.
 */
import { expect, it } from 'vitest';
import { noticeText } from '../../shared/alertNotice.js';
import type { Alert } from '../../shared/domain.js';
import { surgeAlert } from '../fixtures/alerts.js';

const DAY = 1440;
const at = Date.UTC(2026, 10, 23, 12, 0);

function alert(math: Partial<Alert['math']>, series = 'total'): Alert {
  const base = surgeAlert(at, { series });
  return {
    ...base,
    id: 7,
    math: { ...base.math, observed: 1890, expected: 285, ...math },
    drivers: { ...base.drivers, topTerms: [{ term: 'login', count: 40, lift: 8 }] },
  };
}

it("says how young a series is, and what the same window had a day earlier, in a notice's body", () => {
  expect(noticeText(alert({ historyMinutes: 2.5 * DAY, dayBefore: 1396 }), 'opened').body).toBe(
    '1890 posts vs ~285 expected (Learning: 2 of 7 days of history; 1,396 posts the same 15 minutes a day earlier) · login',
  );
  // No day-earlier figure from the hub (an older hub): the age alone.
  expect(noticeText(alert({ historyMinutes: 1.2 * DAY }), 'opened').body).toBe(
    '1890 posts vs ~285 expected (Learning: 1 of 7 days of history) · login',
  );
});

it('says nothing of learning for a week-old series, an older hub, or a drill', () => {
  const plain = '1890 posts vs ~285 expected · login';
  expect(noticeText(alert({ historyMinutes: 7 * DAY, dayBefore: 1396 }), 'opened').body).toBe(plain);
  expect(noticeText(alert({}), 'escalated').body).toBe(plain);
  expect(noticeText(alert({ historyMinutes: 2 * DAY, dayBefore: 10 }, 'drill'), 'opened').body).toBe(`DRILL: ${plain}`);
});

it('says a rise held through its window, over how long and in what steps', () => {
  expect(noticeText(alert({ windowMinutes: 240, held: { blockMinutes: 15, weakestRatio: 2.9 } }), 'opened').body).toBe(
    '1890 posts vs ~285 expected over 240 minutes, every 15 above the usual · login',
  );
  expect(noticeText(alert({ windowMinutes: 240 }), 'opened').body).toBe('1890 posts vs ~285 expected · login');
});
