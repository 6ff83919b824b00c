/**
 * Live detection: once a minute settles, every watched series steps its pure detector and
 * alert lifecycle with that minute's count; lifecycle events become stored alerts with their
 * math and drivers. On start the detectors replay stored history, so a restart neither
 * forgets the baseline nor re-opens an alert that is already open.
 */
import {
  DAY_MINUTES,
  isDrillSeries,
  seriesKey,
  toMinute,
  MINUTE_MS,
  type Alert,
  type AlertMath,
  type AlertPolicy,
  type BandPoint,
  type StoredPost,
} from '../../shared/domain.js';
import { bucketBand, createDetector, stepInPlace, type DetectorState, type Verdict } from '../detect/detector.js';
import { initialLifecycle, stepLifecycle, type ActiveAlert, type AlertEvent, type LifecycleState } from '../detect/lifecycle.js';
import { createTermTracker, observeTerms } from '../detect/termTracker.js';
import type { BucketIncrements } from '../store/buckets.js';
import type { Store } from '../store/index.js';
import { buildDrivers, describeAlert } from './drivers.js';
import { errorMeta, type Logger } from '../lib/log.js';
import { createPolicyBook, type PolicyBook } from './policies.js';
import { createBandRing, type BandRing } from './bandRing.js';
import { drillCounts, DRILL_SURGE_MINUTES } from './drill.js';

/** Live buckets are one minute wide. */
const BUCKET_MINUTES = 1;
/** Recent posts replayed into the term tracker on start (its baseline half-life is 6 h). */
const TERM_WARMUP_MS = 6 * 60 * MINUTE_MS;
const TERM_WARMUP_POSTS = 200_000;
/** Posts this far behind a detector are history arriving late, not stragglers: rebuild. */
const LATE_REBUILD_MINUTES = 30;
/** Days of stored buckets replayed on start (the detector's seasonal memory is a week). */
const HISTORY_DAYS = 8;

/** A detector fed minute by minute, and what it expected of each minute. */
interface Tracker {
  detector: DetectorState;
  band: BandRing;
  lastMinute: number;
}

interface SeriesRuntime extends Tracker {
  lifecycle: LifecycleState;
  lastMinute: number;
  alertId: number | null;
}

export interface DetectionDeps {
  /** What live alerting reads (history, posts for drivers, policies) and writes (alerts). */
  store: Pick<Store, 'alerts' | 'alertsRead' | 'buckets' | 'bucketsRead' | 'postsRead' | 'incidentsRead' | 'settings' | 'transaction'>;
  now(): number;
  logger: Logger;
  onAlert(alert: Alert): void;
  /** Series to watch besides `total`: one per source, plus watched terms. */
  watchedSeries(): string[];
  /** A series' stored history was rewritten (the drill): live copies must be read again. */
  onSeriesReplaced?(series: string): void;
  /** How long after a minute ends its count is taken as final (sources poll every ~30 s). */
  settleMs?: number;
}

export function createDetectionService(deps: DetectionDeps) {
  const settleMs = deps.settleMs ?? 45_000;
  const runtimes = new Map<string, SeriesRuntime>();
  /** Series drawn with a band but not alerted on (a lone source is the total): band only. */
  const shadows = new Map<string, Tracker>();
  /** Band-only series dropped for a late backfill: rebuilt on the next tick, their band sent afresh. */
  const staleShadows = new Set<string>();
  const terms = createTermTracker();
  const policies: PolicyBook = createPolicyBook(deps.store.settings);
  const settledMinute = (): number => toMinute(deps.now() - settleMs) - 1;

  // The drill series is stepped only once a drill ran, so its alert resolves on its own.
  const watched = (): string[] => [
    ...new Set([seriesKey.total, ...deps.watchedSeries(), ...(runtimes.has(seriesKey.drill) ? [seriesKey.drill] : [])]),
  ];

  /** One detector step that also keeps what the detector expected of the minute (past warm-up). */
  function stepTracker(tracker: Tracker, minute: number, count: number): Verdict {
    const band = bucketBand(tracker.detector, minute);
    const verdict = stepInPlace(tracker.detector, { minute, count });
    if (!verdict.warmingUp) tracker.band.record(minute, band);
    return verdict;
  }

  function countsBetween(series: string, fromMinute: number, toMinute: number): Map<number, number> {
    const rows = deps.store.bucketsRead.range(series, toMinute - fromMinute + 1, fromMinute);
    return new Map(rows.filter((b) => b.minute <= toMinute).map((b) => [b.minute, b.count]));
  }

  /** The alert's window one day earlier, when the detector's history reaches back that far. */
  function dayBefore(series: string, math: AlertMath, minute: number): { dayBefore?: number } {
    if (isDrillSeries(series) || (math.historyMinutes ?? 0) < DAY_MINUTES + math.windowMinutes) return {};
    let sum = 0;
    for (const count of countsBetween(series, minute - DAY_MINUTES - math.windowMinutes + 1, minute - DAY_MINUTES).values()) sum += count;
    return { dayBefore: sum };
  }

  function runtimeFor(series: string, upTo: number): SeriesRuntime {
    let runtime = runtimes.get(series);
    if (runtime) return runtime;
    runtime = {
      detector: createDetector({ bucketMinutes: BUCKET_MINUTES }),
      band: createBandRing(),
      lifecycle: initialLifecycle,
      lastMinute: upTo,
      alertId: null,
    };
    shadows.delete(series);
    runtimes.set(series, runtime);
    replayHistory(series, runtime, upTo);
    return runtime;
  }

  /** Warms the detector on stored history and reconciles its lifecycle with stored alerts. */
  function replayHistory(series: string, runtime: SeriesRuntime, upTo: number): void {
    const earliestStored = deps.store.bucketsRead.range(series, 1, upTo - HISTORY_DAYS * DAY_MINUTES)[0]?.minute;
    const policy = policies.get(series).policy;
    if (earliestStored !== undefined && earliestStored <= upTo) {
      const counts = countsBetween(series, earliestStored, upTo);
      for (let minute = earliestStored; minute <= upTo; minute++) {
        const verdict = stepTracker(runtime, minute, counts.get(minute) ?? 0);
        runtime.lifecycle = stepLifecycle(runtime.lifecycle, verdict, policy, BUCKET_MINUTES).state;
      }
    }
    runtime.lastMinute = upTo;
    const stored = deps.store.alertsRead.activeFor(series);
    if (runtime.lifecycle.alert && stored) runtime.alertId = stored.id;
    else if (stored) {
      // The replay says the excursion is over (it ended while we were stopped): close it.
      const resolved: Alert = { ...stored, state: 'resolved', resolvedAt: upTo * MINUTE_MS, updatedAt: upTo * MINUTE_MS };
      deps.store.alerts.update(resolved);
      deps.store.alerts.recordEvent({ alertId: stored.id, series, kind: 'resolved', severity: stored.severity, at: upTo * MINUTE_MS });
      deps.onAlert(resolved);
    }
  }

  function persist(series: string, runtime: SeriesRuntime, event: AlertEvent, verdict: Verdict): void {
    // Read only for a calm notice: every other event rebuilds the alert from the verdict.
    const stored =
      event.kind === 'updated' && event.alert.calming && runtime.alertId !== null ? deps.store.alertsRead.get(runtime.alertId) : null;
    if (event.alert.calming && stored) {
      // The surge has died down: the card keeps the words and drivers of the surge it is about,
      // and says when it resolves.
      const calm: Alert = { ...stored, updatedAt: event.alert.updatedAt, calming: event.alert.calming };
      deps.store.alerts.update(calm);
      deps.onAlert(calm);
      return;
    }
    const drivers = buildDrivers(deps.store, terms, series, event.alert.math, verdict.minute);
    const math = { ...event.alert.math, sources: drivers.sources, ...dayBefore(series, event.alert.math, verdict.minute) };
    const fields = {
      series,
      state: event.alert.state,
      severity: event.alert.severity,
      openedAt: event.alert.openedAt,
      updatedAt: event.alert.updatedAt,
      resolvedAt: event.alert.resolvedAt,
      title: describeAlert(series, event.alert, drivers.drivers.outageIntent),
      math,
      drivers: drivers.drivers,
    };
    let alert: Alert;
    if (event.kind === 'opened' || runtime.alertId === null) {
      alert = deps.store.alerts.insert(fields);
      runtime.alertId = alert.id;
    } else {
      alert = { ...fields, id: runtime.alertId };
      deps.store.alerts.update(alert);
    }
    if (event.kind !== 'updated') {
      deps.store.alerts.recordEvent({ alertId: alert.id, series, kind: event.kind, severity: alert.severity, at: event.alert.updatedAt });
    }
    if (event.kind === 'resolved') runtime.alertId = null;
    // Read back, so an acknowledgement made meanwhile travels with the update.
    deps.onAlert(deps.store.alertsRead.get(alert.id) ?? alert);
  }

  function advance(series: string, runtime: SeriesRuntime, upTo: number): void {
    if (upTo <= runtime.lastMinute) return;
    const policy = policies.get(series).policy;
    const counts = countsBetween(series, runtime.lastMinute + 1, upTo);
    for (let minute = runtime.lastMinute + 1; minute <= upTo; minute++) {
      const verdict = stepTracker(runtime, minute, counts.get(minute) ?? 0);
      const next = stepLifecycle(runtime.lifecycle, verdict, policy, BUCKET_MINUTES);
      runtime.lifecycle = next.state;
      for (const event of next.events) persist(series, runtime, event, verdict);
    }
    runtime.lastMinute = upTo;
  }

  /** Feeds a band-only tracker up to `upTo` from stored buckets (the first call replays history). */
  function shadowFor(series: string, upTo: number): Tracker | null {
    let tracker = shadows.get(series);
    if (!tracker) {
      const earliest = deps.store.bucketsRead.range(series, 1, upTo - HISTORY_DAYS * DAY_MINUTES)[0]?.minute;
      if (earliest === undefined || earliest > upTo) return null;
      tracker = { detector: createDetector({ bucketMinutes: BUCKET_MINUTES }), band: createBandRing(), lastMinute: earliest - 1 };
      shadows.set(series, tracker);
    }
    if (upTo > tracker.lastMinute) {
      const counts = countsBetween(series, tracker.lastMinute + 1, upTo);
      for (let minute = tracker.lastMinute + 1; minute <= upTo; minute++) stepTracker(tracker, minute, counts.get(minute) ?? 0);
      tracker.lastMinute = upTo;
    }
    return tracker;
  }

  return {
    policies,
    /**
     * What the detector expected of each settled minute in [fromMinute, toMinute], oldest
     * first; minutes it was still warming up on are absent (unknown, not zero).
     */
    band(series: string, fromMinute: number, toMinute: number): BandPoint[] {
      const runtime = runtimes.get(series);
      const tracker = runtime ?? shadowFor(series, settledMinute());
      return tracker ? tracker.band.range(fromMinute, Math.min(toMinute, tracker.lastMinute)) : [];
    },
    /**
     * The fire drill: a synthetic quiet day and then a surge, written to the drill series only
     * (never `total`, a source or a term), run through the same detector, lifecycle, storage
     * and notifications as a real surge. Answers the drill's alert.
     */
    runDrill(): Alert | null {
      const upTo = settledMinute();
      const counts = drillCounts(upTo);
      deps.store.transaction(() => {
        deps.store.buckets.removeSeries(seriesKey.drill);
        deps.store.buckets.addMany(new Map([[seriesKey.drill, counts]]));
      });
      // Before the alert: a window reading the drill because of the alert reads the new one.
      deps.onSeriesReplaced?.(seriesKey.drill);
      runtimes.delete(seriesKey.drill);
      // The quiet day is history (replayed silently, closing any earlier drill's alert); the surge is live.
      const runtime = runtimeFor(seriesKey.drill, upTo - DRILL_SURGE_MINUTES);
      advance(seriesKey.drill, runtime, upTo);
      return runtime.alertId === null ? null : deps.store.alertsRead.get(runtime.alertId);
    },
    /** Ingest hands every newly stored post here, for the bounded per-term burst tracker. */
    observePosts(posts: readonly StoredPost[]): void {
      for (const post of posts) observeTerms(terms, post.terms, toMinute(post.createdAt));
    },
    /**
     * Ingest reports which minutes it added to. A detector never steps back in time, so when
     * a backfill lands well behind a series' detector (a new source's history, the first
     * poll after start), the series is rebuilt from the store on the next tick.
     */
    noteIncrements(increments: BucketIncrements): void {
      const late = (tracker: Tracker, minutes: Map<number, number>) =>
        [...minutes.keys()].some((minute) => minute < tracker.lastMinute - LATE_REBUILD_MINUTES);
      for (const [series, minutes] of increments) {
        const runtime = runtimes.get(series);
        if (runtime && late(runtime, minutes)) runtimes.delete(series);
        const shadow = shadows.get(series);
        if (shadow && late(shadow, minutes)) {
          shadows.delete(series);
          staleShadows.add(series);
        }
      }
    },
    /** Refills the term tracker from recently stored posts, so a restart does not make every term look new. */
    warmTerms(): void {
      const now = deps.now();
      for (const post of deps.store.postsRead.termsBetween(now - TERM_WARMUP_MS, now, TERM_WARMUP_POSTS)) {
        observeTerms(terms, post.terms, toMinute(post.createdAt));
      }
    },
    /**
     * Called every few seconds; does work only when a minute has settled. Answers what the
     * detector expected of the minutes it stepped, per series, for clients to draw beside the
     * counts: the newly settled minutes, or all it holds for a series it (re)built from history
     * (a late backfill changes what it expected of the past too).
     */
    tick(): Record<string, BandPoint[]> {
      const upTo = settledMinute();
      const fresh: Record<string, BandPoint[]> = {};
      const collect = (series: string, tracker: Tracker, before: number | null) => {
        const points = tracker.band.range(before === null ? -Infinity : before + 1, tracker.lastMinute);
        if (points.length > 0) fresh[series] = points;
      };
      for (const series of watched()) {
        try {
          const before = runtimes.get(series)?.lastMinute ?? null;
          const runtime = runtimeFor(series, upTo);
          advance(series, runtime, upTo);
          collect(series, runtime, before);
        } catch (error) {
          deps.logger.log('error', 'Detection failed for a series; it will retry next minute', { series, ...errorMeta(error) });
        }
      }
      // Band-only series are stepped once a client has asked for their band, and kept moving.
      for (const series of [...shadows.keys(), ...staleShadows]) {
        const stale = staleShadows.delete(series);
        if (runtimes.has(series)) continue;
        try {
          const before = stale ? null : (shadows.get(series)?.lastMinute ?? null);
          const tracker = shadowFor(series, upTo);
          if (tracker) collect(series, tracker, before);
        } catch (error) {
          deps.logger.log('error', 'Band failed for a series; it will retry next minute', { series, ...errorMeta(error) });
        }
      }
      return fresh;
    },
    /** Pure replay of stored history with the given settings; nothing is stored or sent. */
    backtest(series: string, policy: AlertPolicy, days: number) {
      const toMinuteInclusive = settledMinute();
      const fromMinute = toMinuteInclusive - days * 1440 + 1;
      const detector = createDetector({ bucketMinutes: BUCKET_MINUTES });
      let lifecycle = initialLifecycle;
      const hits: {
        openedAt: number;
        resolvedAt: number | null;
        severity: ActiveAlert['severity'];
        peakScore: number;
        math: ActiveAlert['math'];
      }[] = [];
      // Warm up on the week before the window, as the live detector would have been, but
      // not on days before the first stored post (they are unknown, not silent).
      const earliest = deps.store.bucketsRead.range(series, 1, fromMinute - 7 * 1440)[0]?.minute ?? toMinuteInclusive + 1;
      const warmFrom = Math.max(fromMinute - 7 * 1440, earliest);
      const counts = countsBetween(series, warmFrom, toMinuteInclusive);
      let replayed = 0;
      for (let minute = warmFrom; minute <= toMinuteInclusive; minute++) {
        const verdict = stepInPlace(detector, { minute, count: counts.get(minute) ?? 0 });
        const next = stepLifecycle(lifecycle, verdict, policy, BUCKET_MINUTES);
        lifecycle = next.state;
        if (minute < fromMinute) continue;
        replayed++;
        for (const event of next.events) {
          const hit = {
            openedAt: event.alert.openedAt,
            resolvedAt: event.alert.resolvedAt,
            severity: event.alert.severity,
            peakScore: event.alert.peakScore,
            math: event.alert.math,
          };
          const last = hits[hits.length - 1];
          if (event.kind === 'opened' || !last) hits.push(hit);
          else hits[hits.length - 1] = hit;
        }
      }
      const firstDataMinute = deps.store.bucketsRead.range(series, 1, fromMinute)[0]?.minute ?? null;
      return {
        series,
        fromMinute,
        toMinute: toMinuteInclusive,
        firstDataMinute: firstDataMinute !== null && firstDataMinute <= toMinuteInclusive ? firstDataMinute : null,
        bucketsReplayed: replayed,
        hits,
      };
    },
  };
}

export type DetectionService = ReturnType<typeof createDetectionService>;
