/**
 * Wall mode: the charts an operator chose, tiled full screen in the dark theme with large type,
 * readable from across a room. Escape (or the Leave button) returns to the desk.
 */
import { useEffect, useState } from 'react';
import { seriesKey } from '../../../../shared/domain.js';
import { formatCount, seriesLabel } from '../../format.js';
import type { GapBand } from '../../store/gaps/bands.js';
import { useDesk } from '../../store/react.js';
import { SeriesChart } from './SeriesChart.js';
import { ZoomReset } from './WallControls.js';
import { learningNote } from '../../../../shared/learning.js';

const NO_OVERLAYS: string[] = [];
const NO_GAPS: GapBand[] = [];

function useViewportHeight(): number {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

function Tile({ series, height }: { series: string; height: number }) {
  const alert = useDesk((s) => s.alerts.find((a) => a.series === series && a.state !== 'resolved'));
  const anchor = useDesk((s) => s.volumeAnchorMinute);
  const last = useDesk((s) => {
    const buckets = s.volumeSeries[series] ?? s.wallExtraSeries[series] ?? [];
    return buckets.find((b) => b.minute === (anchor ?? 0) - 1)?.count ?? 0;
  });
  const firstMinute = useDesk((s) => s.volumeFirstMinutes[series]);
  // A drill's history is synthetic; any other young series' dashed line runs low, and says so here too.
  const learning = series === seriesKey.drill || anchor === null ? null : learningNote(firstMinute, anchor);
  return (
    <section className={`wall-tile${alert ? ` wall-tile-alert wall-tile-${alert.severity}` : ''}`} aria-label={seriesLabel(series)}>
      <header className="wall-tile-head">
        <h2>
          {seriesLabel(series)}
          {series === seriesKey.drill && <span className="tag tag-drill"> DRILL</span>}
        </h2>
        <span className="wall-count" title="Posts in the last full minute">
          {formatCount(last)}
          <span className="wall-unit">/min</span>
        </span>
      </header>
      {learning && (
        <p className="wall-learning" title={learning.detail} data-testid="wall-learning">
          {learning.shown}
          <span className="visually-hidden"> ({learning.detail})</span>
        </p>
      )}
      {alert && (
        <p className={`wall-alert wall-alert-${alert.severity}`} role="status">
          {alert.severity.toUpperCase()} · {alert.title}
        </p>
      )}
      <SeriesChart
        series={series}
        overlays={NO_OVERLAYS}
        gaps={NO_GAPS}
        label={`Posts per minute for ${seriesLabel(series)}.`}
        height={height}
      />
    </section>
  );
}

export function WallMode() {
  const on = useDesk((s) => s.wallMode);
  const setWallMode = useDesk((s) => s.setWallMode);
  const tiles = useDesk((s) => s.wallTiles);
  const toggle = useDesk((s) => s.toggleWallTile);
  const volumeKeys = useDesk((s) => Object.keys(s.volumeSeries).join('\n'));
  const terms = useDesk((s) => s.watchedTerms);
  const alerting = useDesk((s) => [...new Set(s.alerts.filter((a) => a.state !== 'resolved').map((a) => a.series))].join('\n'));
  const loadBands = useDesk((s) => s.loadBands);
  const viewport = useViewportHeight();

  useEffect(() => {
    if (!on) return;
    document.documentElement.requestFullscreen?.().catch(() => {
      // Not allowed without a gesture, or not supported: the overlay still fills the window.
    });
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setWallMode(false);
    };
    // Leaving the browser's full screen (its own Escape) leaves wall mode too.
    const onFullscreen = () => {
      if (!document.fullscreenElement) setWallMode(false);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreen);
    void loadBands();
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreen);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    };
  }, [on, setWallMode, loadBands]);

  if (!on) return null;
  const available = [...new Set([seriesKey.total, ...volumeKeys.split('\n').filter(Boolean), ...terms.map((t) => seriesKey.term(t))])];
  // Chosen tiles, or by default the total and every series with an open alert.
  const shown = tiles.length > 0 ? tiles : [...new Set([seriesKey.total, ...alerting.split('\n').filter(Boolean)])];
  const columns = shown.length <= 1 ? 1 : shown.length <= 4 ? 2 : 3;
  const rows = Math.ceil(shown.length / columns);
  const chartHeight = Math.max(160, Math.floor((viewport - 70) / rows) - 190);
  return (
    <div className="wall" role="dialog" aria-modal="true" aria-label="Wall mode" data-testid="wall-mode">
      <div className="wall-bar">
        <span className="wall-brand">Surge Desk · wall</span>
        <div role="group" aria-label="Tiles" className="wall-picks">
          {available.map((key) => (
            <button key={key} type="button" className="segment" aria-pressed={shown.includes(key)} onClick={() => toggle(key)}>
              {seriesLabel(key)}
            </button>
          ))}
        </div>
        <ZoomReset />
        <button type="button" className="button" onClick={() => setWallMode(false)} autoFocus>
          Leave wall mode (Esc)
        </button>
      </div>
      <div className={`wall-grid wall-cols-${columns}`}>
        {shown.map((key) => (
          <Tile key={key} series={key} height={chartHeight} />
        ))}
      </div>
    </div>
  );
}
