/** One series' live chart, fed from the store: volume (or the wall's extra history), band, markers. */
import { useMemo } from 'react';
import { VolumeChart } from '../../components/VolumeChart.js';
import type { GapBand } from '../../store/gaps/bands.js';
import { useDesk } from '../../store/react.js';
import { buildWallRows } from '../../store/wall/rows.js';
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
  overlays: string[];
  gaps: readonly GapBand[];
  label: string;
  height?: number;
}

export function SeriesChart({ series, overlays, gaps, label, height }: Props) {
  const volume = useDesk((s) => s.volumeSeries);
  const extra = useDesk((s) => s.wallExtraSeries[series] ?? NO_BUCKETS);
  const band = useDesk((s) => s.wallBands[series] ?? NO_BAND);
  const markers = useDesk((s) => s.wallMarkers[series] ?? NO_MARKERS);
  const anchor = useDesk((s) => s.volumeAnchorMinute);
  const windowMinutes = useDesk((s) => s.volumeWindowMinutes);
  const openBucket = useDesk((s) => s.openBucket);
  const overlayKey = overlays.join('\n');
  const keys = useMemo(() => [series, ...(overlayKey ? overlayKey.split('\n') : [])], [series, overlayKey]);
  const rows = useMemo(() => {
    const source = series in volume ? volume : { ...volume, [series]: extra };
    return anchor === null ? [] : buildWallRows(source, keys, band, anchor - windowMinutes + 1, anchor);
  }, [volume, extra, series, keys, band, anchor, windowMinutes]);
  return (
    <VolumeChart
      rows={rows}
      keys={keys}
      label={label}
      partialMinute={anchor}
      gaps={gaps}
      markers={markers}
      onBucket={(minute) => void openBucket(series, minute)}
      {...(height ? { height } : {})}
      testId={series === 'total' ? 'volume-chart' : `chart-${series}`}
    />
  );
}
