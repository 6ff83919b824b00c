/**
 * The paced release's progress bar counts from the whole the release started with, so a page
 * opened (or reloaded) halfway through does not show an empty bar; an older hub that does not
 * say the whole falls back to the most this page has seen.
 */
import { expect, it } from 'vitest';
import { releaseProgress } from '../../renderer/src/views/incident/Release.js';

it('shows a release opened halfway through as partly done', () => {
  expect(releaseProgress({ total: 3, remaining: 2 }, 2)).toEqual({ max: 3, value: 1 });
  expect(releaseProgress({ total: 3, remaining: 0 }, 3)).toEqual({ max: 3, value: 3 });
  // An older hub: the most seen on this page is the whole.
  expect(releaseProgress({ remaining: 2 }, 2)).toEqual({ max: 2, value: 0 });
  expect(releaseProgress({ remaining: 1 }, 3)).toEqual({ max: 3, value: 2 });
});
