import type { AlertEvent, BandPoint, Bucket, StoredPost } from '../../../../shared/domain.js';
import type { MethodOutput } from '../../../../shared/contract/methods.js';

export type NotifyTarget = MethodOutput<'notify.targets'>[number];

/** The Live chart's ranges, in minutes: 15 min, 1 h, 6 h, 24 h, 7 d. */
export const WALL_RANGES = [15, 60, 360, 1440, 10_080] as const;
export type WallRange = (typeof WALL_RANGES)[number];
export type WallSplit = 'none' | 'source' | 'term';
/** A zoom: whole minutes, both ends included. */
export interface ZoomSpan {
  fromMinute: number;
  toMinute: number;
}

export interface BucketPosts {
  series: string;
  minute: number;
  status: 'loading' | 'ready' | 'error';
  posts: StoredPost[];
  error: string | null;
}

export interface WallState {
  wallSplit: WallSplit;
  /** Minutes every live chart is zoomed to (drag, or + and − on a chart); null shows the whole range. */
  wallZoom: ZoomSpan | null;
  /** Per series: what the detector expected of each settled minute in the window. */
  wallBands: Record<string, BandPoint[]>;
  /** True once the hub sent a band with `volume.tick`; until then (an older hub) the Live view polls it. */
  wallBandsPushed: boolean;
  /** `connectionReconnects` when the held extra series were last read: after a reconnect they missed ticks. */
  wallReadAtReconnect: number;
  /** Per series: where its alerts opened, escalated and resolved in the window. */
  wallMarkers: Record<string, AlertEvent[]>;
  /** History of series the volume slice does not keep (watched terms, the drill), reloaded with the bands. */
  wallExtraSeries: Record<string, Bucket[]>;
  /** The bucket whose posts are open in the side dialog. */
  wallBucket: BucketPosts | null;
  /** Wall mode: full screen, dark, large type; the series tiled. */
  wallMode: boolean;
  /** Series tiled in wall mode (empty: the total and every alerting series). */
  wallTiles: string[];
  wallError: string | null;
  /** Terms with their own series and detector (Settings → Watched terms). */
  watchedTerms: string[];
  /** Outbound targets (admins only); null until loaded. */
  notifyTargets: NotifyTarget[] | null;
}

export const initialWallState: WallState = {
  wallSplit: 'none',
  wallZoom: null,
  wallBands: {},
  wallBandsPushed: false,
  wallReadAtReconnect: 0,
  wallMarkers: {},
  wallExtraSeries: {},
  wallBucket: null,
  wallMode: false,
  wallTiles: [],
  wallError: null,
  watchedTerms: [],
  notifyTargets: null,
};
