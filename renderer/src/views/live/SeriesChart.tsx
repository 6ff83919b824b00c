/** One series' live chart, fed from the store: volume (or the wall's extra history), band, markers. */
import { useCallback, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { VolumeChart } from '../../components/VolumeChart.js';
import type { GapBand } from '../../store/gaps/bands.js';
import { stepZoom, zoomInWindow, type ZoomKey, type ZoomSpan } from '../../components/chartZoom.js';
import { useDesk, useDeskApi } from '../../store/react.js';
import { followWallRows } from '../../store/wall/rows.js';
import type { AlertEvent, BandPoint, Bucket } from '../../../../shared/domain.js';

const NO_BAND: BandPoint[] = [];
const NO_MARKERS: AlertEvent[] = [];
const NO_BUCKETS: Bucket[] = [];

export function rangeLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} minutes`;
  if (minutes < 1440) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return minutes === 1440 ? '24 hours' : `${minutes / 1440} days`;
}

interface Props {
  series: string;
  overlays: readonly string[];
  gaps: readonly GapBand[];
  label: string;
  height?: number;
}

/**
 * Reads only its own series (and overlays) from the store, so a tick for another series leaves
 * this chart's rows, and with them the memoized VolumeChart, untouched: one chart redraws, not all.
 */
export function SeriesChart({ series, overlays, gaps, label, height }: Props) {
  const overlayKey = overlays.join('\n');
  const keys = useMemo(() => [series, ...(overlayKey ? overlayKey.split('\n') : [])], [series, overlayKey]);
  const buckets = useDesk(useShallow((s) => keys.map((key) => s.volumeSeries[key] ?? s.wallExtraSeries[key] ?? NO_BUCKETS)));
  const starts = useDesk(useShallow((s) => keys.map((key) => s.volumeFirstMinutes[key])));
  const band = useDesk((s) => s.wallBands[series] ?? NO_BAND);
  const markers = useDesk((s) => s.wallMarkers[series] ?? NO_MARKERS);
  const anchor = useDesk((s) => s.volumeAnchorMinute);
  const windowMinutes = useDesk((s) => s.volumeWindowMinutes);
  const openBucket = useDesk((s) => s.openBucket);
  const [rowsFor] = useState(followWallRows);
  const rows = useMemo(
    () =>
      rowsFor({
        series: Object.fromEntries(keys.map((key, i) => [key, buckets[i]!])),
        keys,
        band,
        fromMinute: anchor === null ? 0 : anchor - windowMinutes + 1,
        anchor,
        starts,
      }),
    [rowsFor, buckets, keys, band, anchor, windowMinutes, starts],
  );
  const onBucket = useCallback((minute: number) => void openBucket(series, minute), [openBucket, series]);
  // The zoom is shared by every live chart and kept in the store, so ticks and re-renders keep it.
  const api = useDeskApi();
  const windowFrom = anchor === null ? 0 : anchor - windowMinutes + 1;
  const zoom = useDesk(useShallow((s) => zoomInWindow(s.wallZoom, windowFrom, anchor ?? 0)));
  const shown = useMemo(
    () => (zoom ? rows.slice(zoom.fromMinute - windowFrom, zoom.toMinute - windowFrom + 1) : rows),
    [rows, zoom, windowFrom],
  );
  const onZoom = useCallback((span: ZoomSpan | null) => api.getState().setWallZoom(span), [api]);
  const onZoomStep = useCallback(
    (key: ZoomKey) => {
      const state = api.getState();
      const last = state.volumeAnchorMinute;
      if (last !== null) state.setWallZoom(stepZoom(state.wallZoom, key, last - state.volumeWindowMinutes + 1, last));
    },
    [api],
  );
  return (
    <VolumeChart
      rows={shown}
      keys={keys}
      label={label}
      partialMinute={anchor}
      gaps={gaps}
      markers={markers}
      onBucket={onBucket}
      {...(height ? { height } : {})}
      testId={series === 'total' ? 'volume-chart' : `chart-${series}`}
      onZoom={onZoom}
      onZoomStep={onZoomStep}
      zoomed={zoom !== null}
    />
  );
}
