/**
 * Loads the last few hours with `volume.series`, then folds `volume.tick` increments in: into
 * `volumeSeries` for the total and sources, and into the wall's extra series (watched terms,
 * the drill) once their history is held, so every chart moves with the same tick.
 *
 * Why ticks for a series are dropped while its history is loading: the hub answers on the
 * same ordered connection. A tick that arrives before the history answer counts writes made
 * before the query ran, which are already inside the answer; counting both would double them.
 * This is exact only if the hub pushes pending increments before it answers `volume.series`
 * (its ticker batches for up to a second); otherwise the minute in progress can be
 * overcounted by up to one tick, which the periodic reload in start.ts corrects.
 *
 * The detector's band for the minutes that settled rides on the same tick (`bands`), folded
 * into the bands the wall holds and trimmed with the window like the counts.
 */
import type { BandPoint, Bucket } from '../../../../shared/domain.js';
import { seriesKey, toMinute } from '../../../../shared/domain.js';
import type { EventPayload } from '../../../../shared/contract/methods.js';
import type { DeskSliceCreator } from '../types.js';
import { addToBucket, anchorMinute, isChartSeries, lastMinuteOf, normalizeHistory, trimBefore, withFirstMinute } from './buckets.js';
import type { VolumeState } from './initialState.js';
import { mergeBand } from '../wall/bands.js';
import type { WallState } from '../wall/initialState.js';

export interface VolumeAction {
  loadVolume(): Promise<void>;
  applyVolumeTick(tick: EventPayload<'volume.tick'>): void;
  /** Moves the window with the clock even when no posts arrive. */
  advanceVolumeClock(): void;
}

type SeriesMap = Record<string, Bucket[]>;

function windowed<T extends { minute: number }>(series: Record<string, T[]>, anchor: number, windowMinutes: number): Record<string, T[]> {
  const from = anchor - windowMinutes + 1;
  let changed = false;
  const next: Record<string, T[]> = {};
  for (const [key, buckets] of Object.entries(series)) {
    const trimmed = trimBefore(buckets, from);
    if (trimmed !== buckets) changed = true;
    next[key] = trimmed;
  }
  return changed ? next : series;
}

/** Pushed band points folded into the bands this window holds; series it does not draw are skipped. */
function foldBands(held: Record<string, BandPoint[]>, pushed: Record<string, BandPoint[]>): Record<string, BandPoint[]> {
  let next = held;
  for (const [key, points] of Object.entries(pushed)) {
    if (!Object.hasOwn(held, key)) continue;
    const merged = mergeBand(held[key]!, points);
    if (merged === held[key]) continue;
    if (next === held) next = { ...held };
    next[key] = merged;
  }
  return next;
}

export const createVolumeSlice: DeskSliceCreator<VolumeAction> = (set, get, _api, deps) => {
  const settle = (
    series: SeriesMap,
    more: Partial<VolumeState & Pick<WallState, 'wallBandsPushed'>> = {},
    extras: SeriesMap = get().wallExtraSeries,
    bands: Record<string, BandPoint[]> = get().wallBands,
  ) => {
    const { volumeWindowMinutes } = get();
    const anchor = anchorMinute(lastMinuteOf(series), toMinute(deps.now()), volumeWindowMinutes);
    set({
      ...more,
      volumeSeries: windowed(series, anchor, volumeWindowMinutes),
      wallExtraSeries: windowed(extras, anchor, volumeWindowMinutes),
      wallBands: windowed(bands, anchor, volumeWindowMinutes),
      volumeAnchorMinute: anchor,
    });
  };

  return {
    async loadVolume() {
      set({ volumeStatus: get().volumeStatus === 'ready' ? 'ready' : 'loading', volumeError: null });
      const listed = await deps.client.call('volume.seriesList', { limit: 500 });
      if (!listed.ok) {
        set({ volumeStatus: 'error', volumeError: listed.error.message });
        return;
      }
      const keys = [
        seriesKey.total,
        ...listed.value.map((entry) => entry.series).filter((key) => key !== seriesKey.total && isChartSeries(key)),
      ];
      const { volumeWindowMinutes } = get();
      const since = toMinute(deps.now()) - volumeWindowMinutes + 1;
      set({ volumeLoadingSeries: { ...get().volumeLoadingSeries, ...Object.fromEntries(keys.map((key) => [key, true as const])) } });

      const results = await Promise.all(
        keys.map(async (key) => {
          const answer = await deps.client.call('volume.series', {
            series: key,
            sinceMinute: since,
            limit: Math.min(10_080, volumeWindowMinutes + 60),
          });
          const { [key]: _done, ...stillLoading } = get().volumeLoadingSeries;
          if (answer.ok) {
            const history = normalizeHistory(answer.value.buckets);
            settle(
              { ...get().volumeSeries, [key]: history },
              {
                volumeLoadingSeries: stillLoading,
                volumeFirstMinutes: withFirstMinute(get().volumeFirstMinutes, key, answer.value.firstMinute),
              },
            );
          } else {
            set({ volumeLoadingSeries: stillLoading });
          }
          return answer;
        }),
      );
      const failed = results.find((answer) => !answer.ok);
      if (failed && !failed.ok) set({ volumeStatus: 'error', volumeError: failed.error.message });
      else set({ volumeStatus: 'ready', volumeError: null });
    },

    applyVolumeTick(tick) {
      const { volumeSeries, volumeLoadingSeries, wallExtraSeries, volumeFirstMinutes } = get();
      let next = volumeSeries;
      let extras = wallExtraSeries;
      let firsts = volumeFirstMinutes;
      for (const [key, count] of Object.entries(tick.increments)) {
        if (volumeLoadingSeries[key] || count <= 0) continue;
        // A series the hub had nothing of (not listed at load, or said so): it starts now.
        const startsNow = firsts[key] === null || (isChartSeries(key) && !Object.hasOwn(volumeSeries, key) && !(key in firsts));
        if (startsNow && (isChartSeries(key) || Object.hasOwn(extras, key))) firsts = withFirstMinute(firsts, key, tick.minute);
        if (isChartSeries(key)) {
          if (next === volumeSeries) next = { ...volumeSeries };
          next[key] = addToBucket(next[key] ?? [], tick.minute, count);
        } else if (Object.hasOwn(extras, key)) {
          // Not held yet: its history, read when it is first drawn, will include this.
          if (extras === wallExtraSeries) extras = { ...wallExtraSeries };
          extras[key] = addToBucket(extras[key]!, tick.minute, count);
        }
      }
      const live = tick.increments[seriesKey.total] ?? 0;
      // The band of a minute that just settled rides on the tick (hubs that send it): no polling.
      const bands = tick.bands ? foldBands(get().wallBands, tick.bands) : get().wallBands;
      const pushed = tick.bands && !get().wallBandsPushed ? { wallBandsPushed: true } : {};
      const more = {
        ...pushed,
        ...(live > 0 ? { volumeLivePosts: get().volumeLivePosts + live } : {}),
        ...(firsts !== volumeFirstMinutes ? { volumeFirstMinutes: firsts } : {}),
      };
      if (next !== volumeSeries || extras !== wallExtraSeries || bands !== get().wallBands || 'wallBandsPushed' in pushed)
        settle(next, more, extras, bands);
      if (tick.replaced?.length) get().reloadSeries(tick.replaced);
    },

    advanceVolumeClock() {
      settle(get().volumeSeries);
    },
  };
};
