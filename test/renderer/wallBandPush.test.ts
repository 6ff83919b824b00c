/**
 * The window's side of the pushed band: points on `volume.tick` join the band of a chart that
 * holds one (the same point objects stay, so a chart redraws from the new minute only), a band
 * answer computed before a pushed point does not wipe it, the band is trimmed with the window,
 * and after a reconnect the catch-up reads bands and the extra series' history again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mergeBand } from '../../renderer/src/store/wall/bands.js';
import { createDeskStore, type DeskStoreApi } from '../../renderer/src/store/store.js';
import { MINUTE_MS, seriesKey, type BandPoint } from '../../shared/domain.js';
import { createFakeClient, deferred, type FakeTransport } from './fakeTransport.js';

const NOW_MINUTE = 29_000_000;
const nowMs = NOW_MINUTE * MINUTE_MS + 30_000;
const TERM = seriesKey.term('outage');
const point = (minute: number, expected = 5): BandPoint => ({ minute, expected, low: expected - 2, high: expected + 3 });
/** What the hub answers `alerts.band` with, per series. */
let hubBands: Record<string, BandPoint[]>;
let store: DeskStoreApi;
let transport: FakeTransport;

const calls = (method: string, series?: string) =>
  transport.calls.filter((call) => call.method === method && (!series || (call.params as { series: string }).series === series)).length;

beforeEach(() => {
  hubBands = { total: [point(NOW_MINUTE - 3), point(NOW_MINUTE - 2)], [TERM]: [point(NOW_MINUTE - 2, 1)] };
  const fake = createFakeClient({
    'volume.seriesList': () => [{ series: 'total', total: 9 }],
    'volume.series': (params: { series: string }) => ({ series: params.series, buckets: [{ minute: NOW_MINUTE - 1, count: 9 }] }),
    'alerts.band': (params: { series: string }) => ({ series: params.series, points: hubBands[params.series] ?? [] }),
    'alerts.markers': () => [],
  });
  transport = fake.transport;
  store = createDeskStore({ client: fake.client, now: () => nowMs });
  store.getState().bindEvents();
  store.setState({ watchedTerms: ['outage'], wallSplit: 'term' });
});

describe('mergeBand', () => {
  it('appends a newer point to the same objects, replaces the span it covers, and answers the same array when nothing changes', () => {
    const held = [point(1), point(2), point(3)];
    const appended = mergeBand(held, [point(4)]);
    expect(appended.map((p) => p.minute)).toEqual([1, 2, 3, 4]);
    expect(appended[2]).toBe(held[2]);
    const rebuilt = mergeBand(held, [point(2, 9), point(3, 9)]);
    expect(rebuilt).toEqual([point(1), point(2, 9), point(3, 9)]);
    expect(rebuilt[0]).toBe(held[0]);
    expect(mergeBand(held, [])).toBe(held);
    // An answer covering minutes 2 on, read before minute 3 was pushed: minute 3 stays.
    expect(mergeBand(held, [point(2, 7)], 2)).toEqual([point(1), point(2, 7), point(3)]);
  });
});

describe('the band follows volume.tick', () => {
  it('adds pushed points to the charts that hold a band, keeps the old points, and stops polling', async () => {
    await store.getState().loadVolume();
    await store.getState().loadBands();
    const before = store.getState().wallBands.total!;
    expect(before).toEqual(hubBands.total);
    expect(store.getState().wallBandsPushed).toBe(false);
    const bandCalls = calls('alerts.band');
    transport.emit('volume.tick', {
      minute: NOW_MINUTE,
      increments: { total: 2 },
      bands: { total: [point(NOW_MINUTE - 1, 6)], [TERM]: [point(NOW_MINUTE - 1, 2)], 'source:unheld': [point(NOW_MINUTE - 1)] },
    });
    const after = store.getState();
    expect(after.wallBands.total).toEqual([...before, point(NOW_MINUTE - 1, 6)]);
    expect(after.wallBands.total![0]).toBe(before[0]);
    expect(after.wallBands[TERM]).toEqual([point(NOW_MINUTE - 2, 1), point(NOW_MINUTE - 1, 2)]);
    // A series no chart draws is not picked up from a push (its band is read when it is drawn).
    expect(after.wallBands['source:unheld']).toBeUndefined();
    expect(after.volumeSeries.total!.at(-1)).toEqual({ minute: NOW_MINUTE, count: 2 });
    expect(after.wallBandsPushed).toBe(true);
    expect(calls('alerts.band')).toBe(bandCalls);
  });

  it('keeps a point pushed while a band answer was on its way', async () => {
    await store.getState().loadVolume();
    await store.getState().loadBands();
    const held = deferred<{ series: string; points: BandPoint[] }>();
    transport.handlers['alerts.band'] = (params: { series: string }) =>
      params.series === 'total' ? held.promise : { series: params.series, points: hubBands[params.series] ?? [] };
    const loading = store.getState().loadBands();
    transport.emit('volume.tick', { minute: NOW_MINUTE, increments: {}, bands: { total: [point(NOW_MINUTE - 1, 6)] } });
    held.resolve({ series: 'total', points: hubBands.total! });
    await loading;
    expect(store.getState().wallBands.total).toEqual([...hubBands.total!, point(NOW_MINUTE - 1, 6)]);
  });

  it('trims the band with the window as the clock moves', async () => {
    await store.getState().loadVolume();
    await store.getState().loadBands();
    store.setState({ volumeWindowMinutes: 15 });
    transport.emit('volume.tick', { minute: NOW_MINUTE + 13, increments: { total: 1 }, bands: { total: [point(NOW_MINUTE + 12)] } });
    expect(store.getState().wallBands.total).toEqual([point(NOW_MINUTE + 12)]);
  });

  it('after a reconnect the next load reads the band and the held extra series again (ticks were missed)', async () => {
    store.getState().applyLinkStatus({ state: 'open', attempt: 0, retryAt: null });
    await store.getState().loadVolume();
    await store.getState().loadBands();
    expect(calls('volume.series', TERM)).toBe(1);
    await store.getState().loadBands();
    expect(calls('volume.series', TERM)).toBe(1);
    store.getState().applyLinkStatus({ state: 'closed', attempt: 1, retryAt: nowMs + 1000 });
    store.getState().applyLinkStatus({ state: 'open', attempt: 0, retryAt: null });
    hubBands.total = [...hubBands.total!, point(NOW_MINUTE - 1, 8)];
    await store.getState().loadBands();
    expect(calls('volume.series', TERM)).toBe(2);
    expect(store.getState().wallBands.total!.at(-1)).toEqual(point(NOW_MINUTE - 1, 8));
  });
});
