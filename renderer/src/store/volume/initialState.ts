import type { Bucket } from '../../../../shared/domain.js';

export const VOLUME_WINDOW_MINUTES = 180;

export interface VolumeState {
  /** Per series key (`total`, `source:<name>`): buckets inside the window, oldest first. */
  volumeSeries: Record<string, Bucket[]>;
  /** Series whose history request is in flight; ticks for them are dropped meanwhile. */
  volumeLoadingSeries: Record<string, true>;
  /** Last minute of the window (see anchorMinute). */
  volumeAnchorMinute: number | null;
  volumeWindowMinutes: number;
  /** Posts (series `total`) that arrived as live ticks since this store started. */
  volumeLivePosts: number;
  volumeStatus: 'idle' | 'loading' | 'ready' | 'error';
  volumeError: string | null;
}

export const initialVolumeState: VolumeState = {
  volumeSeries: {},
  volumeLoadingSeries: {},
  volumeAnchorMinute: null,
  volumeWindowMinutes: VOLUME_WINDOW_MINUTES,
  volumeLivePosts: 0,
  volumeStatus: 'idle',
  volumeError: null,
};
