import { expect, it } from 'vitest';
import { learningNote } from '../../shared/learning.js';

const NOW = 29_000_000;
const DAY = 1440;

it("says the expectation is still learning for a series' first week, and nothing after", () => {
  expect(learningNote(NOW - 60, NOW)).toEqual({
    shown: 'Learning: under a day of history',
    detail: 'The band starts after a day of history.',
  });
  expect(learningNote(NOW - 2 * DAY - 30, NOW)?.shown).toBe('Learning: 2 of 7 days of history');
  expect(learningNote(NOW - 7 * DAY + 1, NOW)?.shown).toBe('Learning: 6 of 7 days of history');
  expect(learningNote(NOW - 7 * DAY, NOW)).toBeNull();
  // An older hub that does not say where history starts: no claim either way.
  expect(learningNote(undefined, NOW)).toBeNull();
  expect(learningNote(null, NOW)).toBeNull();
});
