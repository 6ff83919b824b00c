import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MINUTE_MS } from '../../../shared/domain.js';
import { formatClock, formatCount, seriesLabel } from '../format.js';
import { minuteStart, type GapBand } from '../store/gaps/bands.js';
import type { ChartRow } from '../store/volume/selectors.js';
import { GapPatternDefs, gapShape } from './GapShading.js';
import { colorFor } from './seriesColors.js';

interface Props {
  rows: ChartRow[];
  seriesKeys: string[];
  /** What a screen reader hears for the picture; the numbers are in the table beside it. */
  label: string;
  /** The minute in progress, drawn as a hollow dot instead of the end of the lines. */
  partialMinute: number | null;
  /** Coverage gaps inside the window, shaded behind the lines. */
  gaps: readonly GapBand[];
}

// Points sit at minute starts; half a minute either side puts each affected point inside its band.
const HALF_MINUTE = MINUTE_MS / 2;

function gapNote(gaps: readonly GapBand[], minute: number): string {
  const sources = [...new Set(gaps.filter((gap) => gap.firstMinute <= minute && minute <= gap.lastMinute).map((gap) => gap.source))];
  return sources.length === 0 ? '' : ` — no data from ${sources.join(', ')}`;
}

export function VolumeChart({ rows, seriesKeys, label, partialMinute, gaps }: Props) {
  const sourceKeys = seriesKeys.filter((key) => key !== 'total');
  const firstTime = rows[0]?.time ?? 0;
  const lastTime = rows[rows.length - 1]?.time ?? 0;
  const bands = gaps
    .map((gap) => ({
      gap,
      x1: Math.max(firstTime, minuteStart(gap.firstMinute) - HALF_MINUTE),
      x2: Math.min(lastTime, minuteStart(gap.lastMinute) + HALF_MINUTE),
    }))
    .filter((band) => band.x1 <= band.x2);
  return (
    <div className="chart" role="img" aria-label={label} data-testid="volume-chart" data-points={rows.length} data-gaps={bands.length}>
      <ResponsiveContainer width="100%" height="100%" minHeight={200}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <GapPatternDefs />
          <CartesianGrid stroke="#26303d" vertical={false} />
          {bands.map(({ gap, x1, x2 }) => (
            <ReferenceArea key={`${gap.source}:${gap.start}`} x1={x1} x2={x2} ifOverflow="hidden" shape={gapShape(gap)} />
          ))}
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(value: number) => formatClock(value)}
            stroke="#8b98a5"
            tick={{ fill: '#a9b4bf', fontSize: 12 }}
            minTickGap={40}
          />
          <YAxis allowDecimals={false} stroke="#8b98a5" tick={{ fill: '#a9b4bf', fontSize: 12 }} width={48} />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(value) => `Minute from ${formatClock(Number(value))}${gapNote(gaps, Math.floor(Number(value) / MINUTE_MS))}`}
            formatter={(value, name) => [formatCount(Number(value)), String(name)]}
            filterNull
            contentStyle={{ background: '#0b1016', border: '1px solid #334155', borderRadius: 6, color: '#e6edf3' }}
            labelStyle={{ color: '#e6edf3' }}
          />
          {/* Sources first, the total last so it is drawn on top. The lines stop at the last
              complete minute: a minute in progress always looks like a drop. */}
          {[...sourceKeys, ...seriesKeys.filter((key) => key === 'total')].map((key) => (
            <Line
              key={key}
              type="linear"
              name={seriesLabel(key)}
              dataKey={(row: ChartRow) => (row.minute === partialMinute ? null : (row.values[key] ?? 0))}
              stroke={colorFor(key, sourceKeys)}
              strokeWidth={key === 'total' ? 2.25 : 1.5}
              strokeDasharray={key === 'total' ? undefined : '5 3'}
              dot={false}
              activeDot={{ r: 3 }}
              isAnimationActive={false}
            />
          ))}
          {partialMinute !== null && seriesKeys.includes('total') && (
            <Line
              key="partial"
              type="linear"
              name="This minute so far"
              dataKey={(row: ChartRow) => (row.minute === partialMinute ? (row.values.total ?? 0) : null)}
              stroke="#e6edf3"
              strokeWidth={0}
              dot={{ r: 3, fill: '#0d1117', stroke: '#e6edf3', strokeWidth: 1.5 }}
              activeDot={{ r: 4 }}
              isAnimationActive={false}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
