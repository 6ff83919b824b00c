/**
 * Every time the desk shows is on the 24-hour clock, whatever the browser's locale would pick
 * by default: a dialog titled "minute from 17:02" listed its posts at "5:02:59 PM", and the
 * team pages showed "Dec 4, 05:08 PM" beside an audit trail in 17:08.
 */
import { expect, it } from 'vitest';
import { formatClock, formatClockSeconds, formatDateTime, formatDayTime } from '../../renderer/src/format.js';

const afternoon = new Date(2026, 11, 4, 17, 2, 59).getTime();

it('clock, seconds, day-and-time and date-time all read 17, never 5 PM', () => {
  expect(formatClock(afternoon)).toBe('17:02');
  expect(formatClockSeconds(afternoon)).toBe('17:02:59');
  for (const shown of [formatDayTime(afternoon), formatDateTime(afternoon)]) {
    expect(shown).toContain('17:02');
    expect(shown).not.toMatch(/PM|AM/);
  }
});
