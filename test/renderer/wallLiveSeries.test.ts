/**
 * The wall's extra series (watched terms, the drill) move with `volume.tick` like the total:
 * history is read once when a chart first needs it, ticks are folded in from then on, ticks
 * that overlap a history read are dropped, and a rewritten series (a new drill) is read again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createDeskStore, type DeskStoreApi } from '../../renderer/src/store/store.js';
import { MINUTE_MS, seriesKey, type Alert, type Bucket } from '../../shared/domain.js';
import { createFakeClient, deferred, flush, type FakeTransport } from './fakeTransport.js';

const NOW_MINUTE = 29_000_000;
const nowMs = NOW_MINUTE * MINUTE_MS + 30_000;
const TERM = seriesKey.term('outage');
let store: DeskStoreApi;
let transport: FakeTransport;
/** What the hub holds per series; `volume.series` answers from it. */
let stored: Record<string, Bucket[]>;

const historyCalls = (series: string) =>
  transport.calls.filter((call) => call.method === 'volume.series' && (call.params as { series: string }).series === series).length;

function setup() {
  stored = {
    total: [{ minute: NOW_MINUTE - 1, count: 50 }],
    [TERM]: [
      { minute: NOW_MINUTE - 2, count: 4 },
      { minute: NOW_MINUTE - 1, count: 6 },
    ],
  };
  const fake = createFakeClient({
    'volume.seriesList': () => [{ series: 'total', total: 50 }],
    'volume.series': (params: { series: string }) => ({ series: params.series, buckets: stored[params.series] ?? [] }),
    'alerts.band': (params: { series: string }) => ({ series: params.series, points: [] }),
    'alerts.markers': () => [],
    'alerts.runDrill': () => ({ alert: null }),
  });
  transport = fake.transport;
  store = createDeskStore({ client: fake.client, now: () => nowMs });
  store.getState().bindEvents();
  store.setState({ watchedTerms: ['outage'], wallSplit: 'term' });
}

const termBuckets = () => store.getState().wallExtraSeries[TERM];

beforeEach(setup);

describe('watched-term and drill charts follow the live ticks', () => {
  it('reads a term series once, then folds its ticks in; later band refreshes do not read it again', async () => {
    await store.getState().loadVolume();
    await store.getState().loadBands();
    expect(termBuckets()).toEqual(stored[TERM]);
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 9, [TERM]: 3 } });
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 1, [TERM]: 2 } });
    expect(termBuckets()).toEqual([...stored[TERM]!, { minute: NOW_MINUTE, count: 5 }]);
    expect(store.getState().volumeSeries.total!.at(-1)).toEqual({ minute: NOW_MINUTE, count: 10 });
    // The term never becomes a line of the main chart.
    expect(store.getState().volumeSeries[TERM]).toBeUndefined();
    await store.getState().loadBands();
    expect(historyCalls(TERM)).toBe(1);
    expect(termBuckets()!.at(-1)).toEqual({ minute: NOW_MINUTE, count: 5 });
  });

  it('ignores ticks for a term no chart holds yet (its first read includes them)', async () => {
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { [TERM]: 7 } });
    expect(store.getState().wallExtraSeries).toEqual({});
    stored[TERM] = [...stored[TERM]!, { minute: NOW_MINUTE, count: 7 }];
    await store.getState().loadBands();
    expect(termBuckets()!.at(-1)).toEqual({ minute: NOW_MINUTE, count: 7 });
  });

  it('drops ticks that arrive while the history is read, since the answer already counts them', async () => {
    const held = deferred<{ series: string; buckets: Bucket[] }>();
    transport.handlers['volume.series'] = () => held.promise;
    const loading = store.getState().loadBands();
    await flush();
    expect(store.getState().volumeLoadingSeries[TERM]).toBe(true);
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { [TERM]: 2 } });
    held.resolve({ series: TERM, buckets: [...stored[TERM]!, { minute: NOW_MINUTE, count: 2 }] });
    await loading;
    expect(store.getState().volumeLoadingSeries[TERM]).toBeUndefined();
    expect(termBuckets()!.at(-1)).toEqual({ minute: NOW_MINUTE, count: 2 });
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { [TERM]: 1 } });
    expect(termBuckets()!.at(-1)).toEqual({ minute: NOW_MINUTE, count: 3 });
  });

  it('a rewritten drill series is dropped and read again; increments never land on the old copy', async () => {
    const drillAlert = { id: 1, series: seriesKey.drill, state: 'open', updatedAt: 1, openedAt: 1 } as unknown as Alert;
    store.setState({ alerts: [drillAlert] });
    stored[seriesKey.drill] = [{ minute: NOW_MINUTE - 3, count: 70 }];
    await store.getState().loadBands();
    expect(store.getState().wallExtraSeries[seriesKey.drill]).toEqual([{ minute: NOW_MINUTE - 3, count: 70 }]);
    // A second drill on the hub: new counts, announced in the tick stream.
    stored[seriesKey.drill] = [{ minute: NOW_MINUTE - 1, count: 80 }];
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: {}, replaced: [seriesKey.drill] });
    await flush();
    await flush();
    expect(store.getState().wallExtraSeries[seriesKey.drill]).toEqual([{ minute: NOW_MINUTE - 1, count: 80 }]);
    expect(historyCalls(seriesKey.drill)).toBe(2);
  });

  it('a new range reads the extra series again for the longer window', async () => {
    await store.getState().loadBands();
    await store.getState().setWallRange(1440);
    expect(historyCalls(TERM)).toBe(2);
    const since = transport.calls.filter((call) => call.method === 'volume.series').at(-1)!.params as { sinceMinute: number };
    expect(since.sinceMinute).toBe(NOW_MINUTE - 1439);
  });

  it('reads a term chart when the terms arrive after its split was chosen (startup, another admin)', async () => {
    store.setState({ watchedTerms: [] });
    store.getState().setWallSplit('term');
    await flush();
    expect(historyCalls(TERM)).toBe(0);
    transport.emit('terms.changed', ['outage']);
    await flush();
    expect(historyCalls(TERM)).toBe(1);
    expect(termBuckets()).toEqual(stored[TERM]);
    // The same list again changes nothing.
    transport.emit('terms.changed', ['outage']);
    await flush();
    expect(historyCalls(TERM)).toBe(1);
  });

  it('a term chosen as a wall tile is read at once, even when the split does not draw it', async () => {
    store.setState({ wallSplit: 'none' });
    store.getState().toggleWallTile(TERM);
    await flush();
    await flush();
    expect(termBuckets()).toEqual(stored[TERM]);
  });

  it('keeps the extra series inside the window as the clock moves', async () => {
    await store.getState().loadVolume();
    await store.getState().loadBands();
    store.setState({ volumeWindowMinutes: 15 });
    transport.emit('volume.tick', { minute: NOW_MINUTE + 14, increments: { total: 1, [TERM]: 1 } });
    expect(termBuckets()).toEqual([{ minute: NOW_MINUTE + 14, count: 1 }]);
  });
});

describe('the charts’ zoom', () => {
  it('survives live ticks and band refreshes; a new range, or the same range chosen again, resets it', async () => {
    await store.getState().loadVolume();
    const zoom = { fromMinute: NOW_MINUTE - 30, toMinute: NOW_MINUTE - 10 };
    store.getState().setWallZoom(zoom);
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: { total: 4, [TERM]: 1 } });
    await store.getState().loadBands();
    expect(store.getState().wallZoom).toEqual(zoom);
    await store.getState().setWallRange(60);
    expect(store.getState().wallZoom).toBeNull();
    store.getState().setWallZoom(zoom);
    await store.getState().setWallRange(60);
    expect(store.getState().wallZoom).toBeNull();
    // A span that ends before it starts is no zoom.
    store.getState().setWallZoom({ fromMinute: NOW_MINUTE, toMinute: NOW_MINUTE - 5 });
    expect(store.getState().wallZoom).toBeNull();
  });
});
