/**
 * The live wall's engine side: the band the detector expected per minute (and how it rides on
 * `volume.tick`), the markers of an alert's life, acknowledgement, and the fire drill staying
 * in its own series.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alertsHandlers } from '../../../main/alerts/handlers.js';
import { createDetectionService } from '../../../main/alerts/service.js';
import { createWatchedTerms } from '../../../main/alerts/watchTerms.js';
import { createOutbound } from '../../../main/alerts/outbound.js';
import { fakeKeyring } from './fakeKeyring.js';
import { createIngestPipeline } from '../../../main/ingest/pipeline.js';
import { createVolumeTicker, type VolumeTick } from '../../../main/ingest/volumeTicker.js';
import { extractTerms } from '../../../main/detect/tokenize.js';
import { silentLogger } from '../../../main/lib/log.js';
import { createStore, type Store } from '../../../main/store/index.js';
import type { CallContext } from '../../../shared/contract/handlers.js';
import { volumeEvents } from '../../../shared/contract/volume.js';
import { MINUTE_MS, seriesKey, type Alert, type BandPoint } from '../../../shared/domain.js';

const START = 29_000_000; // an epoch minute (2025)
const DAY = 1440;

function fill(store: Store, series: string, from: number, to: number, count: (minute: number) => number): void {
  const minutes = new Map<number, number>();
  for (let m = from; m <= to; m++) if (count(m) > 0) minutes.set(m, count(m));
  store.transaction(() => store.buckets.addMany(new Map([[series, minutes]])));
}

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function setup() {
  const store = createStore(':memory:');
  stores.push(store);
  let now = (START + DAY + 1) * MINUTE_MS;
  const alerts: Alert[] = [];
  /** What the windows are pushed, in order: ticks and alert changes. */
  const pushed: (VolumeTick | Alert)[] = [];
  const ticker = createVolumeTicker(
    (tick) => pushed.push(tick),
    () => now,
  );
  const detection = createDetectionService({
    store,
    now: () => now,
    logger: silentLogger,
    onAlert: (a) => {
      alerts.push(a);
      pushed.push(a);
    },
    watchedSeries: () => [],
    onSeriesReplaced: (series) => {
      ticker.replace(series);
      ticker.flush();
    },
    settleMs: 0,
  });
  return { store, detection, alerts, ticker, pushed, setNow: (minute: number) => (now = minute * MINUTE_MS) };
}

// A steady 5 or 6 a minute: deterministic, so the test never depends on luck.
const steady = (m: number) => 5 + (m % 2);

describe('band and markers', () => {
  it('gives the expected value and its bounds per settled minute, and markers where an alert opened and resolved', () => {
    const { store, detection, alerts, setNow } = setup();
    const surgeFrom = START + DAY + 30;
    fill(store, 'total', START, surgeFrom - 1, steady);
    setNow(surgeFrom);
    detection.tick();
    const band = detection.band('total', surgeFrom - 60, surgeFrom);
    expect(band.length).toBeGreaterThan(25);
    const last = band[band.length - 1]!;
    expect(last.expected).toBeGreaterThan(4);
    expect(last.expected).toBeLessThan(7);
    expect(last.low).toBeLessThan(last.expected);
    expect(last.high).toBeGreaterThan(last.expected);
    // Warm-up minutes are absent, not zero.
    expect(detection.band('total', START, START + 60)).toEqual([]);

    fill(store, 'total', surgeFrom, surgeFrom + 14, () => 80);
    setNow(surgeFrom + 16);
    detection.tick();
    expect(alerts.some((a) => a.state !== 'resolved')).toBe(true);
    fill(store, 'total', surgeFrom + 15, surgeFrom + 900, steady);
    setNow(surgeFrom + 901);
    detection.tick();
    const kinds = store.alertsRead.events('total', 0, 100).map((e) => e.kind);
    expect(kinds[0]).toBe('opened');
    expect(kinds.at(-1)).toBe('resolved');
    // Before it resolved, the windows were told the surge had died down, under the surge's own
    // title, and when it would resolve; the resolved alert no longer says so.
    const calm = alerts.find((a) => a.calming);
    const surgeTitle = alerts.filter((a) => !a.calming && a.state !== 'resolved').at(-1)!.title;
    expect(calm?.title).toBe(surgeTitle);
    const resolved = alerts.at(-1)!;
    expect(resolved.state).toBe('resolved');
    expect(calm!.calming!.resolvesAt).toBe(resolved.resolvedAt);
    expect(resolved).not.toHaveProperty('calming');
  });

  it("sets the posts of the alert's window one day earlier beside its math, once history reaches back that far", () => {
    const { store, detection, alerts, setNow } = setup();
    const surgeFrom = START + DAY + 30;
    fill(store, 'total', START, surgeFrom - 1, steady);
    setNow(surgeFrom);
    detection.tick();
    fill(store, 'total', surgeFrom, surgeFrom + 14, () => 80);
    setNow(surgeFrom + 16);
    detection.tick();
    const dayEarlier = (a: Alert) => {
      const minute = Math.floor(a.updatedAt / MINUTE_MS);
      let sum = 0;
      for (let m = minute - DAY - a.math.windowMinutes + 1; m <= minute - DAY; m++) sum += steady(m);
      return sum;
    };
    const versions = alerts.filter((a) => a.series === 'total');
    expect(versions.length).toBeGreaterThan(1);
    for (const a of versions) expect(a.math.dayBefore).toBe(dayEarlier(a));
    // Stored and read back with it.
    const latest = versions.at(-1)!;
    expect(store.alertsRead.get(latest.id)?.math.dayBefore).toBe(dayEarlier(latest));
    // A drill's day is synthetic: no reference.
    expect(detection.runDrill()?.math.dayBefore).toBeUndefined();
  });

  it('draws a band for a series it does not alert on (a lone source), from stored history', () => {
    const { store, detection, setNow } = setup();
    fill(store, 'source:demo', START, START + DAY + 40, steady);
    setNow(START + DAY + 41);
    expect(detection.band('source:demo', START + DAY, START + DAY + 40).length).toBeGreaterThan(30);
    expect(detection.band('source:nothing', START, START + DAY)).toEqual([]);
  });
});

describe('fire drill and acknowledgement', () => {
  it('raises an alert on the drill series only, leaving real history untouched, and a repeat closes the earlier drill', () => {
    const { store, detection, alerts } = setup();
    fill(store, 'total', START, START + DAY, steady);
    const before = store.bucketsRead.range('total', 10_000, START);
    const drill = detection.runDrill();
    expect(drill?.series).toBe(seriesKey.drill);
    expect(drill?.title).toMatch(/fire drill/);
    expect(drill?.title).not.toMatch(/reads like/);
    expect(drill?.drivers).toEqual({ topTerms: [], samplePosts: [], outageIntent: 0, statusIncident: null });
    expect(store.bucketsRead.range('total', 10_000, START)).toEqual(before);
    expect(alerts.every((a) => a.series === seriesKey.drill)).toBe(true);
    const again = detection.runDrill();
    expect(again?.id).not.toBe(drill?.id);
    expect(store.alertsRead.get(drill!.id)?.state).toBe('resolved');
  });

  it('tells the windows the drill series was rewritten, before its alert, and never as increments', () => {
    const { detection, ticker, pushed } = setup();
    // An increment for the drill waiting in the ticker is inside the rewrite: it must not be pushed on top.
    ticker.add(
      new Map([
        [seriesKey.drill, new Map([[START + DAY, 3]])],
        ['total', new Map([[START + DAY, 2]])],
      ]),
    );
    detection.runDrill();
    const ticks = pushed.filter((item): item is VolumeTick => 'increments' in item);
    expect(ticks[0]).toEqual({ minute: START + DAY + 1, increments: {}, replaced: [seriesKey.drill] });
    expect(ticks.slice(1)).toEqual([{ minute: START + DAY, increments: { total: 2 } }]);
    const firstAlert = pushed.findIndex((item) => 'series' in item);
    expect(firstAlert).toBeGreaterThan(pushed.indexOf(ticks[0]!));
    // Said once: the next flush carries nothing.
    pushed.length = 0;
    ticker.flush();
    expect(pushed).toEqual([]);
  });

  it('records who acknowledged an alert, once, and tells the windows', () => {
    const { store, detection } = setup();
    const drill = detection.runDrill()!;
    const told: Alert[] = [];
    let now = 1_000;
    const terms = createWatchedTerms(store.settings, []);
    const outbound = createOutbound({ store, keyring: fakeKeyring, now: () => now, logger: silentLogger });
    const handlers = alertsHandlers({
      store,
      detection,
      now: () => now,
      onAlert: (a) => told.push(a),
      terms,
      onTermsChanged: () => {},
      outbound,
    });
    const ctx = (username: string): CallContext => ({ role: 'operator', userId: 'u1', username, transport: 'websocket' });
    const acked = handlers['alerts.acknowledge']({ id: drill.id }, ctx('kim'));
    expect(acked).toMatchObject({ acknowledgedAt: 1_000, acknowledgedBy: 'kim' });
    now = 2_000;
    expect(handlers['alerts.acknowledge']({ id: drill.id }, ctx('lee'))).toMatchObject({ acknowledgedAt: 1_000, acknowledgedBy: 'kim' });
    expect(told).toHaveLength(2);
    expect(() => handlers['alerts.acknowledge']({ id: 999_999 }, ctx('kim'))).toThrow(/no such alert/);
  });
});

describe('watched terms', () => {
  it('seeds from the engine option once, then keeps what an admin saved; words and phrases get their own series', () => {
    const store = createStore(':memory:');
    stores.push(store);
    const seeded = createWatchedTerms(store.settings, ['Outage']);
    expect(seeded.list()).toEqual(['outage']);
    seeded.add('  Login   FAILED ');
    expect(() => seeded.add('login failed')).toThrow(/already watched/);
    expect(() => seeded.remove('nope')).toThrow(/not watched/);
    seeded.remove('outage');
    // A restart with the same seed keeps the admin's list.
    const again = createWatchedTerms(store.settings, ['outage']);
    expect(again.list()).toEqual(['login failed']);
    again.add('outage');

    const pipeline = createIngestPipeline({
      store,
      enrich: (post) => ({ terms: extractTerms(post.text), outageIntent: 0 }),
      tracksTerm: again.tracksWord,
      inText: again.inText,
    });
    const at = START * MINUTE_MS;
    const post = (id: string, text: string) => ({
      source: 'demo',
      externalId: id,
      url: null,
      author: 'a',
      text,
      lang: 'en',
      createdAt: at,
      fetchedAt: at,
      engagement: {},
    });
    pipeline.ingest([post('1', 'Login  failed again, is it an outage?'), post('2', 'login works fine'), post('3', 'total outage')]);
    expect(store.bucketsRead.range(seriesKey.term('login failed'), 10, START)).toEqual([{ minute: START, count: 1 }]);
    expect(store.bucketsRead.range(seriesKey.term('outage'), 10, START)).toEqual([{ minute: START, count: 2 }]);
  });
});

const ticksIn = (pushed: (VolumeTick | Alert)[]) => pushed.filter((item): item is VolumeTick => 'increments' in item);
const bandsOf = (pushed: (VolumeTick | Alert)[], series: string): BandPoint[] =>
  ticksIn(pushed).flatMap((tick) => tick.bands?.[series] ?? []);
/** What the engine's timer does each second: detection first, so a settled minute's band goes out with this second's counts. */
const second = ({ ticker, detection }: ReturnType<typeof setup>) => {
  ticker.addBands(detection.tick());
  ticker.flush();
};

describe('the band rides on volume.tick', () => {
  it('sends each newly settled minute once, on the tick that carries the counts, equal to what alerts.band answers', () => {
    const rig = setup();
    const { store, detection, ticker, pushed, setNow } = rig;
    const live = START + DAY + 30;
    fill(store, 'total', START, live - 1, steady);
    setNow(live);
    second(rig); // the detector is built from history: its whole band goes out once
    const built = bandsOf(pushed, 'total');
    expect(built.length).toBeGreaterThan(25);
    expect(built).toEqual(detection.band('total', START, live));
    pushed.length = 0;

    // A quiet second: nothing settled, nothing sent.
    second(rig);
    expect(pushed).toEqual([]);

    // The next minute settles while posts arrive for the one in progress: one tick, both on it.
    fill(store, 'total', live, live, () => 6);
    setNow(live + 1);
    ticker.add(new Map([['total', new Map([[live + 1, 4]])]]));
    second(rig);
    expect(ticksIn(pushed)).toHaveLength(1);
    expect(ticksIn(pushed)[0]!.increments).toEqual({ total: 4 });
    expect(ticksIn(pushed)[0]!.bands).toEqual({ total: detection.band('total', live, live) });
    expect(ticksIn(pushed)[0]!.bands!.total!.map((point) => point.minute)).toEqual([live]);

    // No posts at all in a minute: the band still goes out, on an empty tick.
    pushed.length = 0;
    setNow(live + 2);
    second(rig);
    expect(pushed).toEqual([{ minute: live + 2, increments: {}, bands: { total: detection.band('total', live + 1, live + 1) } }]);
    // The wire format accepts it, and a tick without it (an older hub) too.
    expect(volumeEvents['volume.tick'].parse(pushed[0])).toEqual(pushed[0]);
    expect(volumeEvents['volume.tick'].parse({ minute: live, increments: { total: 1 } })).toEqual({
      minute: live,
      increments: { total: 1 },
    });
  });

  it('keeps a band-only series (a lone source) moving once a window asked for its band', () => {
    const rig = setup();
    const { store, detection, pushed, setNow } = rig;
    const live = START + DAY + 40;
    fill(store, 'source:demo', START, live - 1, steady);
    setNow(live);
    second(rig);
    expect(bandsOf(pushed, 'source:demo')).toEqual([]); // nobody asked: not stepped, not sent
    const asked = detection.band('source:demo', START, live);
    expect(asked.length).toBeGreaterThan(30);
    fill(store, 'source:demo', live, live + 1, steady);
    setNow(live + 2);
    second(rig);
    const sent = bandsOf(pushed, 'source:demo');
    expect(sent.map((point) => point.minute)).toEqual([live, live + 1]);
    expect(sent).toEqual(detection.band('source:demo', live, live + 1));
  });

  it('sends the whole band again when a late backfill makes the detector rebuild a series', () => {
    const rig = setup();
    const { store, detection, ticker, pushed, setNow } = rig;
    const live = START + DAY + 120;
    fill(store, 'total', START + 60, live - 1, steady);
    setNow(live);
    second(rig);
    const before = detection.band('total', START, live);
    pushed.length = 0;
    // An hour before anything stored lands now: the detector is rebuilt from the store.
    fill(store, 'total', START, START + 59, () => 20);
    detection.noteIncrements(new Map([['total', new Map([[START, 20]])]]));
    ticker.add(new Map([['total', new Map([[START, 20]])]]));
    second(rig);
    const after = detection.band('total', START, live);
    expect(after).not.toEqual(before);
    expect(bandsOf(pushed, 'total')).toEqual(after);
  });
});
