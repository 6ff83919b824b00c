import { describe, expect, it } from 'vitest';
import { gapDuration, gapRange, gapSentence } from '../../renderer/src/components/gapText.js';
import { bandsInWindow, mergeGaps, pruneGaps, sourcesByMinute } from '../../renderer/src/store/gaps/bands.js';
import { coverageSelectors } from '../../renderer/src/store/gaps/selectors.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { MINUTE_MS, type CoverageGap, type SourceStatus } from '../../shared/domain.js';
import { createFakeClient, failWith, type FakeTransport } from './fakeTransport.js';

const NOW_MINUTE = 29_000_000;
const at = (minute: number, seconds = 0) => minute * MINUTE_MS + seconds * 1000;
const NOW = at(NOW_MINUTE, 30);

const status = (name: string, recentGaps: CoverageGap[]): SourceStatus => ({
  name,
  type: 'rss',
  health: 'ok',
  lastError: null,
  lastSuccessAt: NOW,
  nextPollAt: null,
  lagSeconds: 1,
  postsToday: 0,
  isDemo: false,
  recentGaps,
  stream: null,
});

function setup(handlers: FakeTransport['handlers']) {
  const { client, transport } = createFakeClient(handlers);
  const store = createDeskStore({ client, now: () => NOW });
  store.getState().bindEvents();
  // The chart's window ends at the anchor minute, which the volume slice sets from the clock.
  store.getState().advanceVolumeClock();
  return { store, transport };
}

describe('gap arithmetic', () => {
  it('merges by start: a closed copy replaces the open one, unchanged input keeps the array', () => {
    const open = { start: at(10), end: null, reason: 'down' };
    const closed = { ...open, end: at(17) };
    const current = [open];
    expect(mergeGaps(current, [open])).toBe(current);
    expect(mergeGaps(current, [closed])).toEqual([closed]);
    expect(mergeGaps([closed], [{ start: at(30), end: null, reason: 'again' }, closed]).map((g) => g.start)).toEqual([at(10), at(30)]);
    expect(pruneGaps([closed, open], at(18)).map((g) => g.end)).toEqual([null]);
  });

  it('bands cover the minutes a gap touches, clipped to the window; an open one runs to now', () => {
    const gaps = {
      feed: [
        { start: at(100, 20), end: at(107), reason: 'refused' },
        { start: at(200, 5), end: null, reason: 'refused again' },
      ],
      old: [{ start: at(1), end: at(2), reason: 'long ago' }],
    };
    const bands = bandsInWindow(gaps, 50, 210);
    expect(bands.map((b) => [b.source, b.firstMinute, b.lastMinute])).toEqual([
      ['feed', 100, 106],
      ['feed', 200, 210],
    ]);
    const byMinute = sourcesByMinute(bands);
    expect(byMinute.get(99)).toBeUndefined();
    expect(byMinute.get(106)).toEqual(['feed']);
    expect(byMinute.get(107)).toBeUndefined();
    expect(byMinute.get(210)).toEqual(['feed']);
  });

  it('says it in plain words', () => {
    const closed = {
      start: new Date(2026, 10, 23, 14, 2, 10).getTime(),
      end: new Date(2026, 10, 23, 14, 9, 10).getTime(),
      reason: 'Connection refused',
    };
    expect(gapRange(closed)).toBe('14:02–14:09');
    expect(gapSentence('feed', closed)).toBe('No data from feed 14:02–14:09: Connection refused');
    expect(gapDuration(closed, 0)).toBe('7 min');
    const open = { ...closed, end: null };
    expect(gapSentence('feed', open)).toBe('No data from feed since 14:02: Connection refused');
    expect(gapDuration(open, closed.start + 40_000)).toBe('40 s');
    expect(gapRange({ ...closed, end: closed.start + 20_000 })).toBe('at 14:02');
  });
});

describe('coverage slice', () => {
  it('loads the window from sources.gaps on connect, then follows status events', async () => {
    const closed = { start: at(NOW_MINUTE - 30), end: at(NOW_MINUTE - 23), reason: 'refused' };
    const { store, transport } = setup({
      'sources.gaps': () => [
        { source: 'feed', gaps: [closed] },
        { source: 'hook', gaps: [] },
      ],
    });
    await store.getState().loadCoverageGaps();
    expect(transport.calls).toEqual([{ method: 'sources.gaps', params: { sinceMs: NOW - 180 * MINUTE_MS } }]);
    expect(coverageSelectors.bands(store.getState()).map((b) => b.reason)).toEqual(['refused']);

    const open = { start: at(NOW_MINUTE - 2), end: null, reason: 'refused again' };
    transport.emit('sources.status', status('feed', [closed, open]));
    const bands = coverageSelectors.bands(store.getState());
    expect(bands.map((b) => [b.reason, b.lastMinute])).toEqual([
      ['refused', NOW_MINUTE - 24],
      ['refused again', NOW_MINUTE],
    ]);
    expect(coverageSelectors.bands(store.getState()), 'stable while nothing changed').toBe(bands);

    transport.emit('sources.status', status('feed', [closed, { ...open, end: at(NOW_MINUTE) }]));
    expect(coverageSelectors.bands(store.getState()).at(-1)).toMatchObject({ end: at(NOW_MINUTE), lastMinute: NOW_MINUTE - 1 });

    transport.emit('sources.removed', { name: 'feed' });
    expect(coverageSelectors.bands(store.getState())).toEqual([]);
  });

  it('keeps an error in plain words and the chart without bands', async () => {
    const { store } = setup({ 'sources.gaps': failWith('forbidden', 'Your role may not call sources.gaps.') });
    await store.getState().loadCoverageGaps();
    expect(store.getState()).toMatchObject({ coverageStatus: 'error', coverageError: 'Your role may not call sources.gaps.' });
    expect(coverageSelectors.bands(store.getState())).toEqual([]);
  });
});
