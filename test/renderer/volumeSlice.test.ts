import { beforeEach, describe, expect, it } from 'vitest';
import { createDeskStore, initialDeskState, type DeskStoreApi } from '../../renderer/src/store/store.js';
import { volumeSelectors } from '../../renderer/src/store/volume/selectors.js';
import { MINUTE_MS } from '../../shared/domain.js';
import { createFakeClient, deferred, flush, type FakeTransport } from './fakeTransport.js';

const NOW_MINUTE = 29_000_000;
let nowMs = NOW_MINUTE * MINUTE_MS + 30_000;
let store: DeskStoreApi;
let transport: FakeTransport;

function setup(handlers: FakeTransport['handlers']) {
  const fake = createFakeClient(handlers);
  transport = fake.transport;
  store = createDeskStore({ client: fake.client, now: () => nowMs });
  store.getState().bindEvents();
}

beforeEach(() => {
  nowMs = NOW_MINUTE * MINUTE_MS + 30_000;
});

describe('volume slice', () => {
  it('starts from initialState', () => {
    setup({});
    const { volumeSeries, volumeStatus, volumeAnchorMinute } = store.getState();
    expect({ volumeSeries, volumeStatus, volumeAnchorMinute }).toEqual({
      volumeSeries: initialDeskState.volumeSeries,
      volumeStatus: 'idle',
      volumeAnchorMinute: null,
    });
  });

  it('loads history for total and each source series, skipping term series', async () => {
    setup({
      'volume.seriesList': () => [
        { series: 'total', total: 30 },
        { series: 'term:down', total: 12 },
        { series: 'source:demo', total: 30 },
      ],
      'volume.series': (params: { series: string; sinceMinute: number }) => ({
        series: params.series,
        buckets: [
          { minute: NOW_MINUTE - 2, count: 10 },
          { minute: NOW_MINUTE - 1, count: 20 },
        ],
      }),
    });
    await store.getState().loadVolume();
    const state = store.getState();
    expect(Object.keys(state.volumeSeries).sort()).toEqual(['source:demo', 'total']);
    expect(state.volumeStatus).toBe('ready');
    const seriesCalls = transport.calls.filter((call) => call.method === 'volume.series');
    expect(seriesCalls.map((call) => (call.params as { series: string }).series).sort()).toEqual(['source:demo', 'total']);
    expect((seriesCalls[0]!.params as { sinceMinute: number }).sinceMinute).toBe(NOW_MINUTE - 179);
    expect(volumeSelectors.seriesKeys(state)).toEqual(['total', 'source:demo']);
  });

  it('folds ticks into buckets and ignores series the chart does not show', () => {
    setup({});
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 3, 'source:demo': 3, 'term:down': 2 } });
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 2, 'source:demo': 2 } });
    transport.emit('volume.tick', { minute: NOW_MINUTE + 1, increments: { total: 1, 'source:demo': 1 } });
    const { volumeSeries } = store.getState();
    expect(volumeSeries.total).toEqual([
      { minute: NOW_MINUTE, count: 5 },
      { minute: NOW_MINUTE + 1, count: 1 },
    ]);
    expect(volumeSeries['term:down']).toBeUndefined();
    expect(store.getState().volumeLivePosts).toBe(6);
  });

  it('ignores malformed tick payloads (the client validates events)', () => {
    setup({});
    transport.emit('volume.tick', { minute: 'soon', increments: { total: 3 } });
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: -4 } });
    expect(store.getState().volumeSeries).toEqual({});
  });

  it('trims buckets that fall out of the three-hour window as time moves', () => {
    setup({});
    transport.emit('volume.tick', { minute: NOW_MINUTE - 179, increments: { total: 7 } });
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 1 } });
    expect(store.getState().volumeSeries.total).toHaveLength(2);
    nowMs += MINUTE_MS;
    store.getState().advanceVolumeClock();
    expect(store.getState().volumeSeries.total).toEqual([{ minute: NOW_MINUTE, count: 1 }]);
    expect(store.getState().volumeAnchorMinute).toBe(NOW_MINUTE + 1);
  });

  it('a tick ahead of the clock moves the window with it', () => {
    setup({});
    transport.emit('volume.tick', { minute: NOW_MINUTE - 100, increments: { total: 1 } });
    transport.emit('volume.tick', { minute: NOW_MINUTE + 200, increments: { total: 1 } });
    expect(store.getState().volumeSeries.total).toEqual([{ minute: NOW_MINUTE + 200, count: 1 }]);
  });

  it('does not double count ticks that arrive while that series is loading', async () => {
    const answer = deferred<unknown>();
    setup({
      'volume.seriesList': () => [{ series: 'total', total: 5 }],
      'volume.series': () => answer.promise,
    });
    const loading = store.getState().loadVolume();
    await flush();
    // Written before the history query ran, so already inside the answer below.
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 5 } });
    answer.resolve({ series: 'total', buckets: [{ minute: NOW_MINUTE, count: 5 }] });
    await loading;
    // Written after: counted once on top.
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 2 } });
    expect(store.getState().volumeSeries.total).toEqual([{ minute: NOW_MINUTE, count: 7 }]);
    expect(store.getState().volumeLoadingSeries).toEqual({});
  });

  it('reports a failed load in plain words and keeps what it had', async () => {
    setup({
      'volume.seriesList': () => {
        throw new Error('database is locked');
      },
    });
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 1 } });
    await store.getState().loadVolume();
    expect(store.getState().volumeStatus).toBe('error');
    expect(store.getState().volumeError).toBe('database is locked');
    expect(store.getState().volumeSeries.total).toEqual([{ minute: NOW_MINUTE, count: 1 }]);
  });

  it('builds zero-filled chart rows and a summary against the hour median', () => {
    setup({});
    for (let i = 60; i >= 2; i--) transport.emit('volume.tick', { minute: NOW_MINUTE - i, increments: { total: 10, 'source:demo': 10 } });
    transport.emit('volume.tick', { minute: NOW_MINUTE - 1, increments: { total: 40, 'source:demo': 40 } });
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 3 } });
    const state = store.getState();
    const rows = volumeSelectors.chartRows(state);
    expect(rows).toHaveLength(61);
    expect(rows.at(-1)).toMatchObject({ minute: NOW_MINUTE, values: { total: 3, 'source:demo': 0 } });
    expect(volumeSelectors.chartRows(state)).toBe(rows); // stable for React
    expect(volumeSelectors.summary(state)).toEqual({
      currentMinute: NOW_MINUTE,
      currentCount: 3,
      lastFullMinute: NOW_MINUTE - 1,
      lastFullCount: 40,
      hourMedian: 10,
      ratio: 4,
    });
    expect(volumeSelectors.windowTotal(state, 'total')).toBe(59 * 10 + 40 + 3);
  });

  it('reset returns to initialState', () => {
    setup({});
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 1 } });
    store.getState().reset();
    expect(store.getState().volumeSeries).toEqual({});
    expect(volumeSelectors.hasData(store.getState())).toBe(false);
  });
});
