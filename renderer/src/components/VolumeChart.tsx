/**
 * One live chart: the observed line of a series, the band the detector calls normal (and its
 * expected value), markers where alerts opened, escalated and resolved, and hatched coverage
 * gaps. Long ranges are decimated to the pixel columns before recharts sees them (SVG cost
 * grows with points); bursts survive (see shared/decimate.ts). Clicking a minute opens its posts.
 */
import { useMemo, useRef } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { decimate } from '../../../shared/decimate.js';
import { MINUTE_MS, type AlertEvent } from '../../../shared/domain.js';
import { formatClock, formatCount, seriesLabel } from '../format.js';
import { minuteStart, type GapBand } from '../store/gaps/bands.js';
import type { WallRow } from '../store/wall/rows.js';
import { GapPatternDefs, gapShape } from './GapShading.js';
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
}

// Points sit at minute starts; half a minute either side puts each affected point inside its band.
const HALF_MINUTE = MINUTE_MS / 2;
const Y_AXIS_WIDTH = 48;

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
  active?: boolean;
  payload?: readonly { payload?: WallRow }[];
}

function makeTooltip(keys: readonly string[], gaps: readonly GapBand[], partialMinute: number | null) {
  return function WallTooltip({ active, payload }: TipProps) {
    const row = payload?.[0]?.payload;
    if (!active || !row) return null;
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
  };
}

function markerShape(event: AlertEvent) {
  const look = MARKER_LOOK[event.kind];
  // recharts hands the line's end points; the glyph sits at the top so the line stays readable.
  return function Marker({ x1 = 0, y1 = 0, y2 = 0 }: { x1?: number; y1?: number; y2?: number }) {
    const top = Math.min(y1, y2);
    return (
      <g
        className={`alert-marker alert-marker-${event.kind}`}
        data-testid="alert-marker"
        data-kind={event.kind}
        data-severity={event.severity}
      >
        <title>{`${look.words} (${event.severity}) at ${formatClock(event.at)}`}</title>
        <line x1={x1} x2={x1} y1={y1} y2={y2} stroke={look.color} strokeWidth={1.5} strokeDasharray="2 3" />
        <text x={x1} y={top + 12} textAnchor="middle" fill={look.color} fontSize={12} fontWeight={700}>
          {look.glyph}
        </text>
      </g>
    );
  };
}

/** The row at a recharts tooltip index (a number, a numeric string, or nothing). */
function rowAt(rows: readonly WallRow[], index: unknown): WallRow | null {
  if (index === null || index === undefined || index === '') return null;
  return rows[Number(index)] ?? null;
}

export function VolumeChart({ rows, keys, label, partialMinute, gaps, markers, onBucket, height = 300, decimated = true, testId }: Props) {
  const [wrapRef, width] = useWidth<HTMLDivElement>();
  const hovered = useRef<WallRow | null>(null);
  const primary = keys[0] ?? 'total';
  const overlays = keys.slice(1);
  // One column per 2 px: min and max of each still show every burst, at a third of the SVG cost.
  const columns = Math.max(50, Math.floor((width - Y_AXIS_WIDTH - 16) / 2));
  const drawn = useMemo(
    () =>
      decimated
        ? decimate(
            rows,
            (row) => row.minute,
            (row) => row.values[primary] ?? 0,
            columns,
          )
        : rows,
    [rows, primary, columns, decimated],
  );
  const firstTime = rows[0]?.time ?? 0;
  const lastTime = rows[rows.length - 1]?.time ?? 0;
  const bands = gaps
    .map((gap) => ({
      gap,
      x1: Math.max(firstTime, minuteStart(gap.firstMinute) - HALF_MINUTE),
      x2: Math.min(lastTime, minuteStart(gap.lastMinute) + HALF_MINUTE),
    }))
    .filter((band) => band.x1 <= band.x2);
  const shownMarkers = markers.filter((event) => event.at >= firstTime && event.at <= lastTime + MINUTE_MS);
  const Tip = useMemo(() => makeTooltip(keys, gaps, partialMinute), [keys, gaps, partialMinute]);
  const hasBand = drawn.some((row) => row.band !== null);
  const newest = rows[rows.length - 1];
  return (
    <div
      ref={wrapRef}
      className="chart"
      role="img"
      aria-label={label}
      data-testid={testId ?? 'volume-chart'}
      data-series={primary}
      data-points={rows.length}
      data-drawn={drawn.length}
      data-gaps={bands.length}
      data-band={hasBand ? drawn.filter((row) => row.band !== null).length : 0}
      data-markers={shownMarkers.length}
      // The newest minute and its count: what the post-to-chart bench watches for.
      data-last-minute={newest?.minute ?? ''}
      data-last-count={newest?.values[primary] ?? 0}
    >
      <ComposedChart
        width={width}
        height={height}
        data={drawn}
        margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        accessibilityLayer={false}
        onMouseMove={(state) => {
          hovered.current = rowAt(drawn, state.activeIndex ?? state.activeTooltipIndex);
        }}
        onMouseLeave={() => (hovered.current = null)}
        onClick={(state) => {
          // The row under the pointer as the tooltip shows it; a click alone may carry no index.
          const row = rowAt(drawn, state.activeIndex ?? state.activeTooltipIndex) ?? hovered.current;
          if (onBucket && row) onBucket(row.minute);
        }}
        className={onBucket ? 'chart-clickable' : undefined}
      >
        <GapPatternDefs />
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        {bands.map(({ gap, x1, x2 }) => (
          <ReferenceArea key={`${gap.source}:${gap.start}`} x1={x1} x2={x2} ifOverflow="hidden" shape={gapShape(gap)} />
        ))}
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={(value: number) => formatClock(value)}
          stroke="var(--chart-axis)"
          tick={{ fill: 'var(--text-muted)', fontSize: 12 }}
          minTickGap={40}
        />
        <YAxis allowDecimals={false} stroke="var(--chart-axis)" tick={{ fill: 'var(--text-muted)', fontSize: 12 }} width={Y_AXIS_WIDTH} />
        <Tooltip isAnimationActive={false} content={Tip} />
        <Area
          type="linear"
          name="Normal band"
          dataKey="band"
          stroke="none"
          fill="var(--band-fill)"
          fillOpacity={1}
          isAnimationActive={false}
          activeDot={false}
          className="band-area"
        />
        <Line
          type="linear"
          name="Expected"
          dataKey="expected"
          stroke="var(--expected)"
          strokeWidth={1.25}
          strokeDasharray="6 4"
          dot={false}
          activeDot={false}
          isAnimationActive={false}
          className="expected-line"
        />
        {/* Overlays first, the primary last so it is drawn on top. The lines stop at the last
            complete minute: a minute in progress always looks like a drop. */}
        {[...overlays, primary].map((key) => (
          <Line
            key={key}
            type="linear"
            name={seriesLabel(key)}
            dataKey={(row: WallRow) => (row.minute === partialMinute ? null : (row.values[key] ?? 0))}
            stroke={colorFor(key, overlays)}
            strokeWidth={key === primary ? 2.25 : 1.5}
            strokeDasharray={key === primary ? undefined : '5 3'}
            dot={false}
            activeDot={{ r: 3 }}
            isAnimationActive={false}
          />
        ))}
        {partialMinute !== null && (
          <Line
            key="partial"
            type="linear"
            name="This minute so far"
            dataKey={(row: WallRow) => (row.minute === partialMinute ? (row.values[primary] ?? 0) : null)}
            stroke="var(--text)"
            strokeWidth={0}
            dot={{ r: 3, fill: 'var(--bg)', stroke: 'var(--text)', strokeWidth: 1.5 }}
            activeDot={{ r: 4 }}
            isAnimationActive={false}
          />
        )}
        {shownMarkers.map((event) => (
          <ReferenceLine
            key={`${event.alertId}:${event.kind}:${event.at}`}
            x={Math.floor(event.at / MINUTE_MS) * MINUTE_MS}
            ifOverflow="hidden"
            shape={markerShape(event)}
          />
        ))}
      </ComposedChart>
    </div>
  );
}
