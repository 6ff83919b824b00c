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
import { tipValue } from './chartTipText.js';
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
const DAY_MS = 1440 * MINUTE_MS;

const MARKER_LOOK: Record<AlertEvent['kind'], { glyph: string; color: string; words: string }> = {
  opened: { glyph: '▲', color: 'var(--marker-open)', words: 'Alert opened' },
  escalated: { glyph: '▲▲', color: 'var(--marker-escalated)', words: 'Alert escalated' },
  resolved: { glyph: '✓', color: 'var(--marker-resolved)', words: 'Alert resolved' },
};

function sourcesDownAt(gaps: readonly GapBand[], minute: number): Set<string> {
  return new Set(gaps.filter((gap) => gap.firstMinute <= minute && minute <= gap.lastMinute).map((gap) => gap.source));
}

const fmt = (value: number) => (value >= 10 ? formatCount(Math.round(value)) : value.toFixed(1));

/** `Tue 1, 09:00`: a moment on a chart that spans days. */
export const formatDayClock = (ms: number): string => `${formatDay(ms)}, ${formatClock(ms)}`;

interface TipProps {
  row: WallRow;
  keys: readonly string[];
  gaps: readonly GapBand[];
  partialMinute: number | null;
  /** The chart spans days: the title says which day too. */
  long: boolean;
  /** Where the primary's history starts inside the chart (ms), for a minute before it. */
  historyStart: number | null;
}

function ChartTip({ row, keys, gaps, partialMinute, long, historyStart }: TipProps) {
  const down = sourcesDownAt(gaps, row.minute);
  const note = down.size === 0 ? '' : `No data from ${[...down].join(', ')}`;
  const known = keys.filter((key) => key in row.values);
  const startText = historyStart === null ? null : formatDayClock(historyStart);
  return (
    <div className="chart-tip" data-testid="chart-tooltip">
      <p className="chart-tip-title">
        Minute from {long ? formatDayClock(row.time) : formatClock(row.time)}
        {row.minute === partialMinute ? ' (so far)' : ''}
      </p>
      {keys.map((key, i) => {
        const value = tipValue(key, row, down, i === 0 ? startText : null);
        return value.kind === 'count' ? (
          <p key={key}>
            {seriesLabel(key)}: <strong>{value.text}</strong>
          </p>
        ) : (
          <p key={key} className="muted" data-no-data="">
            {seriesLabel(key)}: {value.text}
          </p>
        );
      })}
      {known.length === 0 ? null : row.expected !== null && row.band ? (
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
      {known.length > 0 && <p className="muted">Click to list its posts</p>}
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

/**
 * Where the primary series' history starts inside the chart: a faint line and a quiet label,
 * so the empty stretch before it reads as "no data", not as a flat zero.
 */
function HistoryStartMark({ time, plot, x }: { time: number; plot: Plot; x: TimeScale }) {
  const px = x.at(time);
  // The label sits left of the line when there is more room there (history starting late).
  const before = px - plot.left > plot.right - px;
  return (
    <g className="history-start" data-testid="history-start" pointerEvents="none">
      <line x1={px} x2={px} y1={plot.top} y2={plot.bottom} stroke="var(--text-muted)" strokeWidth={1} strokeDasharray="1 3" />
      <text x={before ? px - 8 : px + 8} y={plot.top + 14} textAnchor={before ? 'end' : 'start'} fill="var(--text-muted)" fontSize={12}>
        History starts {formatDayClock(time)}
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
  /** The primary's first minute with data when it falls inside the chart (ms), null otherwise. */
  historyStart: number | null;
  /** Not one minute in the chart has data for the primary. */
  noData: boolean;
  keys: readonly string[];
  partialRow: WallRow | null;
  bands: readonly { gap: GapBand; x1: number; x2: number }[];
  markers: readonly AlertEvent[];
  geometry: Geometry;
}

/** Everything but the pointer's cursor: memoized, so hovering re-renders only the cursor and tip. */
const ChartLayer = memo(function ChartLayer({ drawn, historyStart, noData, keys, partialRow, bands, markers, geometry }: LayerProps) {
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
      // complete minute: a minute in progress always looks like a drop. Before a series'
      // history starts there is no value: no line, rather than a line at zero.
      lines: [...overlays, primary].map((key) => {
        let follow = linePaths.get(key);
        if (!follow) linePaths.set(key, (follow = followLinePath()));
        const value = (row: WallRow) => (row.minute === partialMinute ? null : (row.values[key] ?? null));
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
      {historyStart !== null && <HistoryStartMark time={historyStart} plot={plot} x={x} />}
      {noData && (
        <text
          className="history-none"
          data-testid="history-none"
          x={(plot.left + plot.right) / 2}
          y={(plot.top + plot.bottom) / 2}
          textAnchor="middle"
          fill="var(--text-muted)"
          fontSize={13}
        >
          No data in this span: the series' history starts later
        </text>
      )}
      {partialRow && primary in partialRow.values && (
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
  // Null before the history starts: decimation keeps such minutes as gaps, never as lows of 0.
  const valueOf = useCallback((row: WallRow) => row.values[primary] ?? null, [primary]);
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
  // The rows ascend, and a series' history, once started, goes on: the first row with a value.
  const startIndex = useMemo(() => rows.findIndex((row) => primary in row.values), [rows, primary]);
  const historyStart = startIndex > 0 ? rows[startIndex]!.time : null;
  const noData = rows.length > 0 && startIndex < 0;
  const newest = rows[rows.length - 1];
  const previous = rows[rows.length - 2];
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
      aria-label={historyStart === null ? label : `${label} History starts ${formatDayClock(historyStart)}; no data before it.`}
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
      // The primary's first minute with data, when the chart starts before it.
      data-history-start={historyStart === null ? '' : historyStart / MINUTE_MS}
      // The newest minute and its count: what the post-to-chart bench watches for. The one
      // before too: a post from a minute's last second arrives with the next minute's first tick.
      data-last-minute={newest?.minute ?? ''}
      data-last-count={newest?.values[primary] ?? 0}
      data-prev-minute={previous?.minute ?? ''}
      data-prev-count={previous?.values[primary] ?? 0}
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
        <ChartLayer
          drawn={drawn}
          historyStart={historyStart}
          noData={noData}
          keys={keys}
          partialRow={partialRow}
          bands={bands}
          markers={shownMarkers}
          geometry={geometry}
        />
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
            {keys
              .filter((key) => key in hovered.values)
              .map((key) => (
                <circle
                  key={key}
                  cx={geometry.x.at(hovered.time)}
                  cy={geometry.y.at(hovered.values[key]!)}
                  r={3}
                  fill={colorFor(key, keys.slice(1))}
                />
              ))}
          </g>
        )}
      </svg>
      {hovered && hover && (
        <div className="chart-tip-at" style={{ left: tipLeft, top: plot.top }}>
          <ChartTip
            row={hovered}
            keys={keys}
            gaps={gaps}
            partialMinute={partialMinute}
            long={lastTime - firstTime > DAY_MS}
            historyStart={historyStart}
          />
        </div>
      )}
    </div>
  );
});
