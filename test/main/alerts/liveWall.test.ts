/**
 * The live wall's engine side: the band the detector expected per minute, the markers of an
 * alert's life, acknowledgement, and the fire drill staying in its own series.
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
import { MINUTE_MS, seriesKey, type Alert } from '../../../shared/domain.js';

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
