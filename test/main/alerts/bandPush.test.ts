/**
 * The expected band travels with the counts: each minute the detector settles, what it
 * expected of it goes out on that second's `volume.tick`, for alerted and band-only series
 * alike, and a series rebuilt from a late backfill sends its whole band again. Fixed clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDetectionService } from '../../../main/alerts/service.js';
import { createVolumeTicker, type VolumeTick } from '../../../main/ingest/volumeTicker.js';
import { silentLogger } from '../../../main/lib/log.js';
import { createStore, type Store } from '../../../main/store/index.js';
import { volumeEvents } from '../../../shared/contract/volume.js';
import { MINUTE_MS, type BandPoint } from '../../../shared/domain.js';

const START = 29_000_000; // an epoch minute (2025)
const DAY = 1440;
const steady = (m: number) => 5 + (m % 2);

function fill(store: Store, series: string, from: number, to: number, count: (minute: number) => number): void {
  const minutes = new Map<number, number>();
  for (let m = from; m <= to; m++) if (count(m) > 0) minutes.set(m, count(m));
  store.transaction(() => store.buckets.addMany(new Map([[series, minutes]])));
}

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function setup(watched: string[] = []) {
  const store = createStore(':memory:');
  stores.push(store);
  let now = START * MINUTE_MS;
  const pushed: VolumeTick[] = [];
  const ticker = createVolumeTicker(
    (tick) => pushed.push(tick),
    () => now,
  );
  const detection = createDetectionService({
    store,
    now: () => now,
    logger: silentLogger,
    onAlert: () => {},
    watchedSeries: () => watched,
    settleMs: 0,
  });
  /** What the engine's timer does each second. */
  const second = () => {
    ticker.addBands(detection.tick());
    ticker.flush();
  };
  return { store, detection, ticker, pushed, second, setNow: (minute: number) => (now = minute * MINUTE_MS) };
}

const bandsOf = (ticks: VolumeTick[], series: string): BandPoint[] => ticks.flatMap((tick) => tick.bands?.[series] ?? []);

describe('the band rides on volume.tick', () => {
  it('sends each newly settled minute once, on the tick that carries the counts, equal to what alerts.band answers', () => {
    const { store, detection, ticker, pushed, second, setNow } = setup();
    const live = START + DAY + 30;
    fill(store, 'total', START, live - 1, steady);
    setNow(live);
    second(); // the detector is built from history: its whole band goes out once
    const built = bandsOf(pushed, 'total');
    expect(built.length).toBeGreaterThan(25);
    expect(built).toEqual(detection.band('total', START, live));
    pushed.length = 0;

    // A quiet second: nothing settled, nothing sent.
    second();
    expect(pushed).toEqual([]);

    // The next minute settles while posts arrive for the one in progress: one tick, both on it.
    fill(store, 'total', live, live, () => 6);
    setNow(live + 1);
    ticker.add(new Map([['total', new Map([[live + 1, 4]])]]));
    second();
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.increments).toEqual({ total: 4 });
    expect(pushed[0]!.bands).toEqual({ total: detection.band('total', live, live) });
    expect(pushed[0]!.bands!.total!.map((point) => point.minute)).toEqual([live]);

    // No posts at all in a minute: the band still goes out, on an empty tick.
    pushed.length = 0;
    setNow(live + 2);
    second();
    expect(pushed).toEqual([{ minute: live + 2, increments: {}, bands: { total: detection.band('total', live + 1, live + 1) } }]);
    // The wire format accepts it, and a tick without it (an older hub) too.
    expect(volumeEvents['volume.tick'].parse(pushed[0])).toEqual(pushed[0]);
    expect(volumeEvents['volume.tick'].parse({ minute: live, increments: { total: 1 } })).toEqual({
      minute: live,
      increments: { total: 1 },
    });
  });

  it('keeps a band-only series (a lone source) moving once a window asked for its band', () => {
    const { store, detection, pushed, second, setNow } = setup();
    const live = START + DAY + 40;
    fill(store, 'source:demo', START, live - 1, steady);
    setNow(live);
    second();
    expect(bandsOf(pushed, 'source:demo')).toEqual([]); // nobody asked: not stepped, not sent
    const asked = detection.band('source:demo', START, live);
    expect(asked.length).toBeGreaterThan(30);
    fill(store, 'source:demo', live, live + 1, steady);
    setNow(live + 2);
    second();
    const sent = bandsOf(pushed, 'source:demo');
    expect(sent.map((point) => point.minute)).toEqual([live, live + 1]);
    expect(sent).toEqual(detection.band('source:demo', live, live + 1));
  });

  it('sends the whole band again when a late backfill makes the detector rebuild a series', () => {
    const { store, detection, ticker, pushed, second, setNow } = setup();
    const live = START + DAY + 120;
    fill(store, 'total', START + 60, live - 1, steady);
    setNow(live);
    second();
    const before = detection.band('total', START, live);
    pushed.length = 0;
    // An hour before anything stored lands now: the detector is rebuilt from the store.
    fill(store, 'total', START, START + 59, () => 20);
    detection.noteIncrements(new Map([['total', new Map([[START, 20]])]]));
    ticker.add(new Map([['total', new Map([[START, 20]])]]));
    second();
    const after = detection.band('total', START, live);
    expect(after).not.toEqual(before);
    expect(bandsOf(pushed, 'total')).toEqual(after);
  });
});
