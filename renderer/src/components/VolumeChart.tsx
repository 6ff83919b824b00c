/**
 * One live chart: the observed line of a series, the band the detector calls normal (and its
 * expected value), markers where alerts opened, escalated and resolved, and hatched coverage
 * gaps. Long ranges are decimated to the pixel columns (SVG cost grows with points); bursts
 * survive (see shared/decimate.ts). Clicking a minute opens its posts.
 *
 * Plain SVG rather than recharts: recharts made React elements, labels and measured ticks per
 * point, so an update of four 10k-point charts took hundreds of ms. Here each series is one
 * precomputed path (chartGeometry.ts) and an update is a few dozen elements.
 */
import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { followDecimation } from '../../../shared/decimate.js';
import { MINUTE_MS, type AlertEvent } from '../../../shared/domain.js';
import { formatClock, formatCount, formatDay, seriesLabel } from '../format.js';
import { minuteStart, type GapBand } from '../store/gaps/bands.js';
import type { WallRow } from '../store/wall/rows.js';
import { GapPatternDefs, gapShape } from './GapShading.js';
import {
  countScale,
  followBandPaths,
  followLinePath,
  highest,
  plotBox,
  rowNear,
  timeScale,
  type Plot,
  type Scale,
  type TimeScale,
} from './chartGeometry.js';
import { spanFromDrag, type ZoomKey, type ZoomSpan } from './chartZoom.js';
import { colorFor } from './seriesColors.js';
import { useWidth } from './useWidth.js';

interface Props {
  rows: WallRow[];
  /** keys[0] is the series the band and markers belong to; the others are drawn as dashed overlays. */
  keys: string[];
  /** What a screen reader hears for the picture; the numbers are in the table beside it. */
  label: string;
  /** The minute in progress, drawn as a hollow dot instead of the end of the lines. */
  partialMinute: number | null;
  gaps: readonly GapBand[];
  markers: readonly AlertEvent[];
  onBucket?: (minute: number) => void;
  height?: number;
  /** Off only in the bench, to measure what decimation saves. */
  decimated?: boolean;
  testId?: string;
  /** Drag across the chart to zoom to that span; Escape on the focused chart resets (null). */
  onZoom?: (span: ZoomSpan | null) => void;
  /** + / − and Shift+← / → on the focused chart. */
  onZoomStep?: (key: ZoomKey) => void;
  zoomed?: boolean;
}

const ZOOM_KEYS: Record<string, ZoomKey> = { '+': 'in', '=': 'in', '-': 'out', _: 'out' };
export const ZOOM_KEY_HINT = 'Drag to zoom; on the focused chart + and − zoom, Shift+← and Shift+→ move, Escape resets.';

// Points sit at minute starts; half a minute either side puts each affected point inside its band.
const HALF_MINUTE = MINUTE_MS / 2;

const MARKER_LOOK: Record<AlertEvent['kind'], { glyph: string; color: string; words: string }> = {
  opened: { glyph: '▲', color: 'var(--marker-open)', words: 'Alert opened' },
  escalated: { glyph: '▲▲', color: 'var(--marker-escalated)', words: 'Alert escalated' },
  resolved: { glyph: '✓', color: 'var(--marker-resolved)', words: 'Alert resolved' },
};

function gapNote(gaps: readonly GapBand[], minute: number): string {
  const sources = [...new Set(gaps.filter((gap) => gap.firstMinute <= minute && minute <= gap.lastMinute).map((gap) => gap.source))];
  return sources.length === 0 ? '' : `No data from ${sources.join(', ')}`;
}

const fmt = (value: number) => (value >= 10 ? formatCount(Math.round(value)) : value.toFixed(1));

interface TipProps {
  row: WallRow;
  keys: readonly string[];
  gaps: readonly GapBand[];
  partialMinute: number | null;
}

function ChartTip({ row, keys, gaps, partialMinute }: TipProps) {
  const note = gapNote(gaps, row.minute);
  return (
    <div className="chart-tip" data-testid="chart-tooltip">
      <p className="chart-tip-title">
        Minute from {formatClock(row.time)}
        {row.minute === partialMinute ? ' (so far)' : ''}
      </p>
      {keys.map((key) => (
        <p key={key}>
          {seriesLabel(key)}: <strong>{formatCount(row.values[key] ?? 0)}</strong>
        </p>
      ))}
      {row.expected !== null && row.band ? (
        <p>
          Expected {fmt(row.expected)}{' '}
          <span className="muted">
            (normal {fmt(row.band[0])}–{fmt(row.band[1])})
          </span>
        </p>
      ) : (
        <p className="muted">No expectation yet for this minute</p>
      )}
      {note && <p className="chart-tip-gap">{note}</p>}
      <p className="muted">Click to list its posts</p>
    </div>
  );
}

function AlertMarker({ event, x, top, bottom }: { event: AlertEvent; x: number; top: number; bottom: number }) {
  const look = MARKER_LOOK[event.kind];
  // The glyph sits at the top so the line stays readable.
  return (
    <g
      className={`alert-marker alert-marker-${event.kind}`}
      data-testid="alert-marker"
      data-kind={event.kind}
      data-severity={event.severity}
    >
      <title>{`${look.words} (${event.severity}) at ${formatClock(event.at)}`}</title>
      <line x1={x} x2={x} y1={top} y2={bottom} stroke={look.color} strokeWidth={1.5} strokeDasharray="2 3" />
      <text x={x} y={top + 12} textAnchor="middle" fill={look.color} fontSize={12} fontWeight={700}>
        {look.glyph}
      </text>
    </g>
  );
}

interface Geometry {
  plot: Plot;
  x: TimeScale;
  y: Scale;
}

interface LayerProps {
  drawn: readonly WallRow[];
  keys: readonly string[];
  partialRow: WallRow | null;
  bands: readonly { gap: GapBand; x1: number; x2: number }[];
  markers: readonly AlertEvent[];
  geometry: Geometry;
}

/** Everything but the pointer's cursor: memoized, so hovering re-renders only the cursor and tip. */
const ChartLayer = memo(function ChartLayer({ drawn, keys, partialRow, bands, markers, geometry }: LayerProps) {
  const { plot, x, y } = geometry;
  const primary = keys[0] ?? 'total';
  const overlays = keys.slice(1);
  const partialMinute = partialRow?.minute ?? null;
  const [bandPaths] = useState(followBandPaths);
  // One per series line, kept while the chart lives: a tick rewrites each line's tail only.
  const [linePaths] = useState(() => new Map<string, ReturnType<typeof followLinePath>>());
  const paths = useMemo(
    () => ({
      ...bandPaths(drawn, x, y),
      // Overlays first, the primary last so it is drawn on top. The lines stop at the last
      // complete minute: a minute in progress always looks like a drop.
      lines: [...overlays, primary].map((key) => {
        let follow = linePaths.get(key);
        if (!follow) linePaths.set(key, (follow = followLinePath()));
        const value = (row: WallRow) => (row.minute === partialMinute ? null : (row.values[key] ?? 0));
        return { key, d: follow(drawn, `${key}\n${partialMinute}`, value, x, y) };
      }),
    }),
    // overlays is derived from keys.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [bandPaths, linePaths, drawn, keys, partialMinute, x, y],
  );
  const tick = { fill: 'var(--text-muted)', fontSize: 12 };
  return (
    <>
      <GapPatternDefs />
      <g className="chart-gridlines">
        <rect x={plot.left} y={plot.top} width={plot.right - plot.left} height={plot.bottom - plot.top} fill="none" />
        {y.ticks.map((value) => (
          <line key={value} x1={plot.left} x2={plot.right} y1={y.at(value)} y2={y.at(value)} stroke="var(--chart-grid)" />
        ))}
      </g>
      {bands.map(({ gap, x1, x2 }) => (
        <GapRect
          key={`${gap.source}:${gap.start}`}
          gap={gap}
          x={x.at(x1)}
          y={plot.top}
          width={x.at(x2) - x.at(x1)}
          height={plot.bottom - plot.top}
        />
      ))}
      <g className="chart-axis chart-axis-x">
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="var(--chart-axis)" />
        {x.ticks.map((value) => (
          <g key={value}>
            <line x1={x.at(value)} x2={x.at(value)} y1={plot.bottom} y2={plot.bottom + 6} stroke="var(--chart-axis)" />
            <text className="chart-tick" x={x.at(value)} y={plot.bottom + 20} textAnchor="middle" {...tick}>
              {x.isMidnight(value) ? formatDay(value) : formatClock(value)}
            </text>
          </g>
        ))}
      </g>
      <g className="chart-axis chart-axis-y">
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke="var(--chart-axis)" />
        {y.ticks.map((value) => (
          <g key={value}>
            <line x1={plot.left - 6} x2={plot.left} y1={y.at(value)} y2={y.at(value)} stroke="var(--chart-axis)" />
            <text className="chart-tick" x={plot.left - 9} y={y.at(value)} dy="0.35em" textAnchor="end" {...tick}>
              {formatCount(value)}
            </text>
          </g>
        ))}
      </g>
      {paths.band && <path className="band-area" d={paths.band} fill="var(--band-fill)" stroke="none" />}
      {paths.expected && (
        <path className="expected-line" d={paths.expected} fill="none" stroke="var(--expected)" strokeWidth={1.25} strokeDasharray="6 4" />
      )}
      {paths.lines.map(({ key, d }) => (
        <path
          key={key}
          className="chart-line"
          data-series={key}
          d={d}
          fill="none"
          stroke={colorFor(key, overlays)}
          strokeWidth={key === primary ? 2.25 : 1.5}
          strokeDasharray={key === primary ? undefined : '5 3'}
          strokeLinejoin="round"
        />
      ))}
      {partialRow && (
        <circle
          className="chart-partial"
          cx={x.at(partialRow.time)}
          cy={y.at(partialRow.values[primary] ?? 0)}
          r={3}
          fill="var(--bg)"
          stroke="var(--text)"
          strokeWidth={1.5}
        />
      )}
      {markers.map((event) => (
        <AlertMarker
          key={`${event.alertId}:${event.kind}:${event.at}`}
          event={event}
          x={x.at(Math.floor(event.at / MINUTE_MS) * MINUTE_MS)}
          top={plot.top}
          bottom={plot.bottom}
        />
      ))}
    </>
  );
});

function GapRect({ gap, ...box }: { gap: GapBand; x: number; y: number; width: number; height: number }) {
  return gapShape(gap)(box);
}

/**
 * Memoized: on the Live view every tick re-renders the view, and a chart whose rows, band and
 * markers did not change (another series ticked) should cost nothing. Callers pass stable props.
 */
export const VolumeChart = memo(function VolumeChart({
  rows,
  keys,
  label,
  partialMinute,
  gaps,
  markers,
  onBucket,
  height = 300,
  decimated = true,
  testId,
  onZoom,
  onZoomStep,
  zoomed = false,
}: Props) {
  const [wrapRef, width] = useWidth<HTMLDivElement>();
  const [hover, setHover] = useState<{ time: number; px: number } | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  // A drag ends in a click event too: that click must not open the minute's posts.
  const dragged = useRef(false);
  const primary = keys[0] ?? 'total';
  const plot = useMemo(() => plotBox(width, height), [width, height]);
  // One column per 3 px: min and max of each still show every burst, and Chromium parses and
  // paints two points per 3 px instead of one per minute.
  const columns = Math.max(50, Math.floor((plot.right - plot.left) / 3));
  // Per chart, so a tick re-picks only the newest columns (see followDecimation).
  const [decimateRows] = useState(() => followDecimation((row: WallRow) => row.minute));
  const valueOf = useCallback((row: WallRow) => row.values[primary] ?? 0, [primary]);
  const drawn = useMemo(() => (decimated ? decimateRows(rows, valueOf, columns) : rows), [decimateRows, rows, valueOf, columns, decimated]);
  const firstTime = rows[0]?.time ?? 0;
  const lastTime = rows[rows.length - 1]?.time ?? 0;
  const top = useMemo(() => highest(drawn, keys), [drawn, keys]);
  const geometry = useMemo(
    () => ({
      plot,
      x: timeScale(firstTime, lastTime, plot, -new Date(firstTime).getTimezoneOffset() * MINUTE_MS),
      y: countScale(top, plot),
    }),
    [plot, firstTime, lastTime, top],
  );
  const bands = useMemo(
    () =>
      gaps
        .map((gap) => ({
          gap,
          x1: Math.max(firstTime, minuteStart(gap.firstMinute) - HALF_MINUTE),
          x2: Math.min(lastTime, minuteStart(gap.lastMinute) + HALF_MINUTE),
        }))
        .filter((band) => band.x1 <= band.x2),
    [gaps, firstTime, lastTime],
  );
  const shownMarkers = useMemo(
    () => markers.filter((event) => event.at >= firstTime && event.at <= lastTime + MINUTE_MS),
    [markers, firstTime, lastTime],
  );
  const newest = rows[rows.length - 1];
  const partialRow = newest && newest.minute === partialMinute ? newest : null;
  const bandCount = useMemo(() => drawn.filter((row) => row.band !== null).length, [drawn]);
  // The newest minute with a band: what the e2e test watches move with the pushed ticks.
  const bandLast = useMemo(() => rows.findLast((row) => row.band !== null)?.minute ?? '', [rows]);

  // The exact minute under the pointer (from all rows, not the decimated ones).
  const rowAtPointer = (event: MouseEvent<SVGSVGElement>) => {
    const px = event.clientX - event.currentTarget.getBoundingClientRect().left;
    const { x } = geometry;
    const time = x.domain[0] + ((px - plot.left) / (plot.right - plot.left)) * (x.domain[1] - x.domain[0]);
    const row = rowNear(rows, time);
    return row ? { row, time: row.time, px } : null;
  };
  const pxOf = (event: PointerEvent<SVGSVGElement>) => event.clientX - event.currentTarget.getBoundingClientRect().left;
  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (!onZoom || event.button !== 0) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    setDrag({ from: pxOf(event), to: pxOf(event) });
  };
  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    if (!drag || !onZoom) return;
    const span = spanFromDrag(drag.from, pxOf(event), plot, geometry.x);
    setDrag(null);
    dragged.current = span !== null;
    if (span) onZoom(span);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const step =
      event.shiftKey && event.key === 'ArrowLeft' ? 'left' : event.shiftKey && event.key === 'ArrowRight' ? 'right' : ZOOM_KEYS[event.key];
    if (step && onZoomStep) {
      event.preventDefault();
      onZoomStep(step);
    } else if (event.key === 'Escape' && zoomed && onZoom) {
      // Only when zoomed: otherwise Escape keeps its meaning around the chart (leaving wall mode).
      event.preventDefault();
      event.stopPropagation();
      onZoom(null);
    }
  };
  const dragBox = drag && Math.abs(drag.to - drag.from) > 0 ? { x1: Math.min(drag.from, drag.to), x2: Math.max(drag.from, drag.to) } : null;
  // Looked up again on each render: the rows under a still pointer move on with every update.
  const hovered = hover ? rowNear(rows, hover.time) : null;
  const tipLeft = hover ? (hover.px + 240 > width ? Math.max(0, hover.px - 240) : hover.px + 16) : 0;
  return (
    <div
      ref={wrapRef}
      className="chart"
      role="img"
      aria-label={label}
      {...(onZoom
        ? {
            tabIndex: 0,
            'aria-description': ZOOM_KEY_HINT,
            'aria-keyshortcuts': '+ - Shift+ArrowLeft Shift+ArrowRight Escape',
            onKeyDown,
          }
        : {})}
      data-zoomed={zoomed}
      data-testid={testId ?? 'volume-chart'}
      data-series={primary}
      data-points={rows.length}
      data-drawn={drawn.length}
      data-gaps={bands.length}
      data-band={bandCount}
      data-band-last={bandLast}
      data-markers={shownMarkers.length}
      // The newest minute and its count: what the post-to-chart bench watches for.
      data-last-minute={newest?.minute ?? ''}
      data-last-count={newest?.values[primary] ?? 0}
    >
      <svg
        width={width}
        height={height}
        className={onBucket ? 'chart-surface chart-clickable' : 'chart-surface'}
        onMouseMove={(event) => setHover(rowAtPointer(event))}
        onMouseLeave={() => setHover(null)}
        onPointerDown={onPointerDown}
        onPointerMove={(event) => drag && setDrag({ ...drag, to: pxOf(event) })}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
        onClick={(event) => {
          if (dragged.current) {
            dragged.current = false;
            return;
          }
          const at = rowAtPointer(event);
          if (onBucket && at) onBucket(at.row.minute);
        }}
      >
        <ChartLayer drawn={drawn} keys={keys} partialRow={partialRow} bands={bands} markers={shownMarkers} geometry={geometry} />
        {dragBox && (
          <rect
            className="chart-zoom-selection"
            data-testid="zoom-selection"
            x={Math.max(plot.left, dragBox.x1)}
            y={plot.top}
            width={Math.max(0, Math.min(plot.right, dragBox.x2) - Math.max(plot.left, dragBox.x1))}
            height={plot.bottom - plot.top}
            pointerEvents="none"
          />
        )}
        {hovered && (
          <g className="chart-cursor" pointerEvents="none">
            <line
              x1={geometry.x.at(hovered.time)}
              x2={geometry.x.at(hovered.time)}
              y1={plot.top}
              y2={plot.bottom}
              stroke="var(--chart-axis)"
            />
            {keys.map((key) => (
              <circle
                key={key}
                cx={geometry.x.at(hovered.time)}
                cy={geometry.y.at(hovered.values[key] ?? 0)}
                r={3}
                fill={colorFor(key, keys.slice(1))}
              />
            ))}
          </g>
        )}
      </svg>
      {hovered && hover && (
        <div className="chart-tip-at" style={{ left: tipLeft, top: plot.top }}>
          <ChartTip row={hovered} keys={keys} gaps={gaps} partialMinute={partialMinute} />
        </div>
      )}
    </div>
  );
});
