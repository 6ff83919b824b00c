import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MINUTE_MS, type BacktestHit, type Bucket, type Severity } from '../../../../shared/domain.js';
import { formatClock, formatCount, formatDayTime } from '../../format.js';
import { countOf } from '../../../../shared/plural.js';

export const SEVERITY_COLORS: Record<Severity, string> = { critical: '#ff7b72', warning: '#f0b429', info: '#4cc2ff' };

interface Row {
  time: number;
  /** Null before the series' first stored minute: unknown, not silent, so nothing is drawn. */
  count: number | null;
}

/**
 * Sums per-minute buckets into `step`-minute rows from `fromMinute`, missing minutes as 0.
 * Only whole steps: a step cut short by the end of the range would look like a drop, and so
 * would one cut short by the start of history (`firstDataMinute`), so that one is left out too.
 */
export function stepRows(
  buckets: Bucket[],
  fromMinute: number,
  toMinute: number,
  step: number,
  firstDataMinute: number | null = fromMinute,
): Row[] {
  const start = fromMinute;
  const known = firstDataMinute ?? toMinute + 1;
  const rows: Row[] = [];
  for (let minute = start; minute + step - 1 <= toMinute; minute += step)
    rows.push({ time: minute * MINUTE_MS, count: minute < known ? null : 0 });
  for (const bucket of buckets) {
    const row = rows[Math.floor((bucket.minute - start) / step)];
    if (row && row.count !== null) row.count += bucket.count;
  }
  return rows;
}

interface Props {
  buckets: Bucket[];
  hits: BacktestHit[];
  fromMinute: number;
  toMinute: number;
  /** The series' first stored minute inside the range; null when it has none. */
  firstDataMinute: number | null;
  days: number;
}

/** The series over the replayed range with the spans where alerts would have been open shaded. */
export function BacktestChart({ buckets, hits, fromMinute, toMinute, firstDataMinute, days }: Props) {
  const step = days * 5;
  const rows = useMemo(
    () => stepRows(buckets, fromMinute, toMinute, step, firstDataMinute),
    [buckets, fromMinute, toMinute, step, firstDataMinute],
  );
  const historyStart = firstDataMinute !== null && firstDataMinute > fromMinute ? firstDataMinute * MINUTE_MS : null;
  const end = (toMinute + 1) * MINUTE_MS;
  const tick = (value: number) => (days === 1 ? formatClock(value) : formatDayTime(value));
  const label = `Area chart of posts per ${step} minutes from ${formatDayTime(fromMinute * MINUTE_MS)} to ${formatDayTime(end)}, with ${countOf(hits.length, 'shaded span')} where alerts would have been open.${historyStart === null ? '' : ` History starts ${formatDayTime(historyStart)}; no data before it.`} The list below has the same moments.`;
  return (
    <div className="chart backtest-chart" role="img" aria-label={label} data-testid="backtest-chart">
      <ResponsiveContainer width="100%" height="100%" minHeight={160}>
        <AreaChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#26303d" vertical={false} />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={[fromMinute * MINUTE_MS, end]}
            tickFormatter={tick}
            stroke="#8b98a5"
            tick={{ fill: '#a9b4bf', fontSize: 11 }}
            minTickGap={50}
          />
          <YAxis allowDecimals={false} stroke="#8b98a5" tick={{ fill: '#a9b4bf', fontSize: 11 }} width={44} />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(value) => `${step} minutes from ${formatDayTime(Number(value))}`}
            formatter={(value) => [value === null || value === undefined ? 'no data yet' : formatCount(Number(value)), 'Posts']}
            contentStyle={{ background: '#0b1016', border: '1px solid #334155', borderRadius: 6, color: '#e6edf3' }}
            labelStyle={{ color: '#e6edf3' }}
          />
          {hits.map((hit) => (
            <ReferenceArea
              key={`area-${hit.openedAt}`}
              x1={hit.openedAt}
              x2={Math.min(hit.resolvedAt ?? end, end)}
              fill={SEVERITY_COLORS[hit.severity]}
              fillOpacity={0.16}
              strokeOpacity={0}
              ifOverflow="hidden"
            />
          ))}
          <Area
            type="linear"
            dataKey="count"
            name="Posts"
            stroke="#4cc2ff"
            strokeWidth={1.5}
            fill="#4cc2ff"
            fillOpacity={0.12}
            dot={false}
            isAnimationActive={false}
          />
          {historyStart !== null && (
            <ReferenceLine
              x={historyStart}
              stroke="#8b98a5"
              strokeDasharray="1 3"
              ifOverflow="hidden"
              label={{ value: `History starts ${formatDayTime(historyStart)}`, position: 'insideTopRight', fill: '#a9b4bf', fontSize: 11 }}
            />
          )}
          {hits.map((hit) => (
            <ReferenceLine
              key={`line-${hit.openedAt}`}
              x={hit.openedAt}
              stroke={SEVERITY_COLORS[hit.severity]}
              strokeWidth={1.5}
              strokeDasharray="4 3"
              ifOverflow="hidden"
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
