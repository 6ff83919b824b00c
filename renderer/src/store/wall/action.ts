/**
 * The live wall's data beside the volume: the detector's band and the alert markers per
 * charted series, the history of series the volume slice does not fold (watched terms, the
 * drill), the posts of one clicked bucket, and the alert actions (acknowledge, drill).
 */
import { MINUTE_MS, seriesKey, toMinute, type Alert } from '../../../../shared/domain.js';
import type { MethodInput } from '../../../../shared/contract/methods.js';
import type { DeskSliceCreator } from '../types.js';
import { normalizeHistory, withFirstMinute } from '../volume/buckets.js';
import { mergeBand } from './bands.js';
import type { WallRange, WallSplit, ZoomSpan } from './initialState.js';

export interface WallAction {
  /** Changes the range of every chart, reloading history; the choice survives live updates. */
  setWallRange(minutes: WallRange): Promise<void>;
  setWallSplit(split: WallSplit): void;
  /** Zooms every live chart to these minutes (null: the whole range); kept through live updates, cleared by a new range. */
  setWallZoom(zoom: ZoomSpan | null): void;
  /**
   * Reloads bands and markers for what the Live view shows now, and reads the history of drawn
   * series the volume slice does not keep (watched terms, the drill) when it is not held yet,
   * or again with `rereadHistory` (a new range, the periodic resync). Held history follows
   * `volume.tick` from then on.
   */
  loadBands(options?: { rereadHistory?: boolean }): Promise<void>;
  /** The hub rewrote these series' history (a new drill): drop the copies and read them again. */
  reloadSeries(series: readonly string[]): void;
  openBucket(series: string, minute: number): Promise<void>;
  closeBucket(): void;
  acknowledgeAlert(id: number): Promise<string | null>;
  /** Runs a fire drill; answers an error in plain words, or null. */
  runDrill(): Promise<string | null>;
  setWallMode(on: boolean): void;
  loadNotifyTargets(): Promise<string | null>;
  saveNotifyTarget(input: MethodInput<'notify.saveTarget'>): Promise<string | null>;
  removeNotifyTarget(name: string): Promise<string | null>;
  /** Sends a test message; answers how it went in plain words. */
  testNotifyTarget(name: string): Promise<string>;
  loadWatchedTerms(): Promise<void>;
  /** The watched terms as the hub has them now; their charts' data is read when they are drawn. */
  applyWatchedTerms(terms: string[]): void;
  /** Adds or removes a watched term (admins); answers an error in plain words, or null. */
  changeWatchedTerm(op: 'add' | 'remove', term: string): Promise<string | null>;
  toggleWallTile(series: string): void;
}

/** The series the Live view draws for a split (total always first). */
export function seriesForSplit(split: WallSplit, volumeKeys: readonly string[], termKeys: readonly string[]): string[] {
  if (split === 'source') return [seriesKey.total, ...volumeKeys.filter((key) => key !== seriesKey.total)];
  if (split === 'term') return [seriesKey.total, ...termKeys];
  return [seriesKey.total];
}

export const createWallSlice: DeskSliceCreator<WallAction> = (set, get, _api, deps) => {
  const windowStart = () => toMinute(deps.now()) - get().volumeWindowMinutes + 1;
  const termKeys = () => get().watchedTerms.map((term) => seriesKey.term(term));
  /** Drawn now: the split's series, the drill's when a drill alert is around, and the wall's tiles. */
  const drawn = (): string[] => {
    const state = get();
    const keys = new Set(seriesForSplit(state.wallSplit, Object.keys(state.volumeSeries), termKeys()));
    if (state.alerts.some((alert) => alert.series === seriesKey.drill)) keys.add(seriesKey.drill);
    for (const tile of state.wallTiles) keys.add(tile);
    return [...keys];
  };

  return {
    async setWallRange(minutes) {
      // The range already shown: choosing it again is the way back from a zoom.
      if (get().volumeWindowMinutes === minutes) {
        if (get().wallZoom) set({ wallZoom: null });
        return;
      }
      set({ volumeWindowMinutes: minutes, wallBands: {}, wallMarkers: {}, wallZoom: null });
      await Promise.all([get().loadVolume(), get().loadBands({ rereadHistory: true })]);
    },

    setWallZoom(zoom) {
      set({ wallZoom: zoom && zoom.toMinute >= zoom.fromMinute ? zoom : null });
    },

    setWallSplit(split) {
      set({ wallSplit: split });
      void get().loadBands();
    },

    async loadBands(options = {}) {
      const since = windowStart();
      const keys = drawn();
      const held = get().wallExtraSeries;
      const loading = get().volumeLoadingSeries;
      // Held history missed the ticks sent while the link was down: read it again after a reconnect.
      const reconnects = get().connectionReconnects;
      const reread = options.rereadHistory || reconnects !== get().wallReadAtReconnect;
      const histories = keys.filter((key) => !(key in get().volumeSeries) && !loading[key] && (reread || !Object.hasOwn(held, key)));
      // Ticks for a series are dropped while its history is read: the hub pushes pending ticks
      // before it answers, so the answer already holds them (see volume/action.ts).
      set({
        volumeLoadingSeries: { ...loading, ...Object.fromEntries(histories.map((key) => [key, true as const])) },
        wallReadAtReconnect: reconnects,
      });
      const readHistory = async (series: string) => {
        const answer = await deps.client.call('volume.series', {
          series,
          sinceMinute: since,
          limit: Math.min(10_080, get().volumeWindowMinutes + 60),
        });
        const { [series]: _done, ...stillLoading } = get().volumeLoadingSeries;
        // Set with the flag cleared in one step, so no tick falls between the answer and the fold.
        set({
          volumeLoadingSeries: stillLoading,
          ...(answer.ok
            ? {
                wallExtraSeries: { ...get().wallExtraSeries, [series]: normalizeHistory(answer.value.buckets) },
                volumeFirstMinutes: withFirstMinute(get().volumeFirstMinutes, series, answer.value.firstMinute),
              }
            : {}),
        });
        return answer.ok ? null : answer.error.message;
      };
      const answers = await Promise.all(
        keys.map(async (series) => {
          const [band, markers, historyError] = await Promise.all([
            deps.client.call('alerts.band', { series, sinceMinute: since }),
            deps.client.call('alerts.markers', { series, since: since * MINUTE_MS }),
            histories.includes(series) ? readHistory(series) : Promise.resolve(null),
          ]);
          return { series, band, markers, historyError };
        }),
      );
      const bands = { ...get().wallBands };
      const markers = { ...get().wallMarkers };
      let error: string | null = null;
      for (const answer of answers) {
        // The answer holds every minute from `since` as of when the hub read it; a point pushed
        // with a later tick, already folded in, is newer than the answer and stays.
        if (answer.band.ok) bands[answer.series] = mergeBand(bands[answer.series] ?? [], answer.band.value.points, since);
        else error = answer.band.error.message;
        if (answer.markers.ok) markers[answer.series] = answer.markers.value;
        error ??= answer.historyError;
      }
      set({ wallBands: bands, wallMarkers: markers, wallError: error });
    },

    reloadSeries(series) {
      const { volumeSeries, wallExtraSeries } = get();
      if (series.some((key) => key in volumeSeries)) void get().loadVolume();
      const kept = Object.fromEntries(Object.entries(wallExtraSeries).filter(([key]) => !series.includes(key)));
      set({ wallExtraSeries: kept });
      void get().loadBands();
    },

    async openBucket(series, minute) {
      set({ wallBucket: { series, minute, status: 'loading', posts: [], error: null } });
      const answer = await deps.client.call('posts.inBucket', { series, minute });
      const current = get().wallBucket;
      if (!current || current.series !== series || current.minute !== minute) return;
      set({
        wallBucket: answer.ok
          ? { ...current, status: 'ready', posts: answer.value }
          : { ...current, status: 'error', error: answer.error.message },
      });
    },

    closeBucket() {
      set({ wallBucket: null });
    },

    async acknowledgeAlert(id) {
      const answer = await deps.client.call('alerts.acknowledge', { id });
      if (!answer.ok) return answer.error.message;
      get().applyAlertChanged(answer.value);
      return null;
    },

    async runDrill() {
      const answer = await deps.client.call('alerts.runDrill', {});
      if (!answer.ok) return answer.error.message;
      // The drill's series, band and markers follow the hub's `volume.tick` (replaced) and `alerts.changed`.
      if (answer.value.alert) get().applyAlertChanged(answer.value.alert as Alert);
      return answer.value.alert ? null : 'The drill ran but raised no alert; the detector may need tuning.';
    },

    async loadWatchedTerms() {
      const answer = await deps.client.call('terms.list', {});
      if (answer.ok) get().applyWatchedTerms(answer.value);
    },

    applyWatchedTerms(terms) {
      const before = get().watchedTerms;
      if (terms.length === before.length && terms.every((term, i) => term === before[i])) return;
      set({ watchedTerms: terms });
      // The terms can land after the split was chosen (startup, another admin): draw their data now.
      if (get().wallSplit === 'term') void get().loadBands();
    },

    async changeWatchedTerm(op, term) {
      const answer = await deps.client.call(op === 'add' ? 'terms.add' : 'terms.remove', { term });
      if (!answer.ok) return answer.error.message;
      get().applyWatchedTerms(answer.value);
      return null;
    },

    async loadNotifyTargets() {
      const answer = await deps.client.call('notify.targets', {});
      if (!answer.ok) return answer.error.message;
      set({ notifyTargets: answer.value });
      return null;
    },

    async saveNotifyTarget(input) {
      const answer = await deps.client.call('notify.saveTarget', input);
      if (!answer.ok) return answer.error.message;
      set({ notifyTargets: answer.value });
      return null;
    },

    async removeNotifyTarget(name) {
      const answer = await deps.client.call('notify.removeTarget', { name });
      if (!answer.ok) return answer.error.message;
      set({ notifyTargets: answer.value });
      return null;
    },

    async testNotifyTarget(name) {
      const answer = await deps.client.call('notify.test', { name });
      void get().loadNotifyTargets();
      if (!answer.ok) return `Could not send: ${answer.error.message}`;
      return answer.value.ok ? `Test sent: ${answer.value.detail}.` : `Test failed: ${answer.value.detail}.`;
    },

    setWallMode(on) {
      set({ wallMode: on });
    },

    toggleWallTile(series) {
      const tiles = get().wallTiles;
      const adding = !tiles.includes(series);
      set({ wallTiles: adding ? [...tiles, series] : tiles.filter((key) => key !== series) });
      // A new tile (a term, the drill) may need its history, band and markers: read them now.
      if (adding) void get().loadBands();
    },
  };
};
