import type { DeskSliceCreator } from '../types.js';
import type { BacktestDays } from './initialState.js';
import { draftFromPolicy, policyFromDraft, type PolicyDraft } from './policyDraft.js';

export interface DetectionAction {
  /** `volume.seriesList` → the series select (`total` always first). */
  loadDetectionSeries(): Promise<void>;
  /** Loads the series' settings into the form; the previous series' backtest is dropped. */
  selectDetectionSeries(series: string): Promise<void>;
  editDetectionDraft(patch: Partial<PolicyDraft>): void;
  setBacktestDays(days: BacktestDays): void;
  /** Replays the form's settings (saved or not) over stored history; the answer replaces the last one. */
  runBacktest(): Promise<void>;
  /** Saves the form's settings for the series; a failure keeps the form as typed. */
  saveDetectionSettings(): Promise<boolean>;
}

const SERIES_LIMIT = 100;
const MAX_VOLUME_MINUTES = 10_080;

export const createDetectionSlice: DeskSliceCreator<DetectionAction> = (set, get, _api, deps) => {
  const browserOffset = () => (deps.utcOffsetMinutes ? deps.utcOffsetMinutes() : -new Date(deps.now()).getTimezoneOffset());
  // Answers that arrive after the user moved on (another series, a newer run) are dropped.
  let settingsRequest = 0;
  let backtestRequest = 0;

  return {
    async loadDetectionSeries() {
      const answer = await deps.client.call('volume.seriesList', { limit: SERIES_LIMIT });
      if (!answer.ok) return; // the select still offers `total` and the current series
      const names = answer.value.map((entry) => entry.series).filter((series) => series !== 'total');
      const current = get().detectionSeries;
      const options = ['total', ...names];
      if (!options.includes(current)) options.push(current);
      set({ detectionSeriesOptions: options });
    },

    async selectDetectionSeries(series) {
      const request = ++settingsRequest;
      backtestRequest++;
      set({
        detectionSeries: series,
        detectionStatus: 'loading',
        detectionError: null,
        detectionSaveError: null,
        detectionSavedAt: null,
        backtest: null,
        backtestVolume: [],
        backtestStatus: 'idle',
        backtestError: null,
      });
      const answer = await deps.client.call('detection.getSettings', { series });
      if (request !== settingsRequest) return;
      if (!answer.ok) {
        set({ detectionStatus: 'error', detectionError: answer.error.message });
        return;
      }
      set({
        detectionStatus: 'ready',
        detectionSettings: answer.value,
        detectionDraft: draftFromPolicy(answer.value.policy, browserOffset()),
      });
    },

    editDetectionDraft(patch) {
      const draft = get().detectionDraft;
      if (draft) set({ detectionDraft: { ...draft, ...patch }, detectionSaveError: null });
    },

    setBacktestDays(days) {
      set({ backtestDays: days });
    },

    async runBacktest() {
      const draft = get().detectionDraft;
      if (!draft) return;
      const built = policyFromDraft(draft);
      if (!built.ok) {
        set({ backtestStatus: 'error', backtestError: built.error });
        return;
      }
      const request = ++backtestRequest;
      const series = get().detectionSeries;
      const days = get().backtestDays;
      set({ backtestStatus: 'running', backtestError: null });
      const answer = await deps.client.call('alerts.backtest', { series, policy: built.policy, days });
      if (request !== backtestRequest) return;
      if (!answer.ok) {
        set({ backtestStatus: 'error', backtestError: answer.error.message });
        return;
      }
      const { fromMinute, toMinute } = answer.value;
      set({ backtestStatus: 'ready', backtest: { ...answer.value, days }, backtestVolume: [] });
      // The chart is a bonus: without it the list still says everything.
      const volume = await deps.client.call('volume.series', {
        series,
        sinceMinute: fromMinute,
        limit: Math.min(MAX_VOLUME_MINUTES, Math.max(1, toMinute - fromMinute + 1)),
      });
      if (request !== backtestRequest || !volume.ok) return;
      set({ backtestVolume: volume.value.buckets.filter((bucket) => bucket.minute <= toMinute) });
    },

    async saveDetectionSettings() {
      const draft = get().detectionDraft;
      if (!draft || get().detectionSaving) return false;
      const built = policyFromDraft(draft);
      if (!built.ok) {
        set({ detectionSaveError: built.error });
        return false;
      }
      const series = get().detectionSeries;
      set({ detectionSaving: true, detectionSaveError: null });
      const answer = await deps.client.call('detection.saveSettings', { series, policy: built.policy });
      if (get().detectionSeries !== series) {
        set({ detectionSaving: false });
        return answer.ok;
      }
      if (!answer.ok) {
        set({ detectionSaving: false, detectionSaveError: answer.error.message });
        return false;
      }
      set({
        detectionSaving: false,
        detectionSettings: answer.value,
        detectionDraft: draftFromPolicy(answer.value.policy, browserOffset()),
        detectionSavedAt: deps.now(),
      });
      return true;
    },
  };
};
