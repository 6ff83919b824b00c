import type { Bucket } from '../../../../shared/domain.js';

export const VOLUME_WINDOW_MINUTES = 180;

export interface VolumeState {
  /** Per series key (`total`, `source:<name>`): buckets inside the window, oldest first. */
  volumeSeries: Record<string, Bucket[]>;
  /**
   * Per series (the volume's and the wall's extra ones), its oldest stored minute as the hub
   * told it, or the minute a series new to this window first ticked: before it a chart has no
   * data, which is not "0 posts". Null: the hub has none stored yet (the next tick starts it).
   * Absent (an older hub): charts draw zeros as before.
   */
  volumeFirstMinutes: Record<string, number | null>;
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
  volumeFirstMinutes: {},
  volumeLoadingSeries: {},
  volumeAnchorMinute: null,
  volumeWindowMinutes: VOLUME_WINDOW_MINUTES,
  volumeLivePosts: 0,
  volumeStatus: 'idle',
  volumeError: null,
};
