import type { MethodOutput } from '../../../../shared/contract/methods.js';
import type { AlertPolicy, Bucket } from '../../../../shared/domain.js';
import type { PolicyDraft } from './policyDraft.js';

export const BACKTEST_DAYS = [1, 3, 7] as const;
export type BacktestDays = (typeof BACKTEST_DAYS)[number];

/** What `alerts.backtest` answered, and the range the person chose. */
export type BacktestResult = MethodOutput<'alerts.backtest'> & { days: BacktestDays };

export interface DetectionState {
  /** Series that can have settings: `total` first, then what `volume.seriesList` knows. */
  detectionSeriesOptions: string[];
  detectionSeries: string;
  /** What the engine has for the series; `inherited` means it follows the defaults. */
  detectionSettings: { series: string; policy: AlertPolicy; inherited: boolean } | null;
  /** The form; survives a failed save or backtest untouched. */
  detectionDraft: PolicyDraft | null;
  detectionStatus: 'idle' | 'loading' | 'ready' | 'error';
  detectionError: string | null;
  detectionSaving: boolean;
  detectionSaveError: string | null;
  /** When the settings were last saved from this window (epoch ms). */
  detectionSavedAt: number | null;
  backtestDays: BacktestDays;
  backtestStatus: 'idle' | 'running' | 'ready' | 'error';
  backtestError: string | null;
  /** The latest backtest only: a new run replaces it. */
  backtest: BacktestResult | null;
  /** The series' stored volume over the replayed range, for the chart. */
  backtestVolume: Bucket[];
}

export const initialDetectionState: DetectionState = {
  detectionSeriesOptions: ['total'],
  detectionSeries: 'total',
  detectionSettings: null,
  detectionDraft: null,
  detectionStatus: 'idle',
  detectionError: null,
  detectionSaving: false,
  detectionSaveError: null,
  detectionSavedAt: null,
  backtestDays: 1,
  backtestStatus: 'idle',
  backtestError: null,
  backtest: null,
  backtestVolume: [],
};
