/**
 * What the chart's hover says of one series at one minute. A zero is only said where the
 * series had data to count: before its history starts, or for a source that was unreachable
 * and counted nothing, the minute has no data, and saying "0" would read as a quiet minute.
 */
import { parseSeriesKey } from '../../../shared/domain.js';
import { formatCount } from '../format.js';
import type { WallRow } from '../store/wall/rows.js';

export type TipValue = { kind: 'count'; text: string } | { kind: 'none'; text: string };

export function tipValue(key: string, row: WallRow, sourcesDown: ReadonlySet<string>, historyStartText: string | null): TipValue {
  const count = row.values[key];
  if (count === undefined)
    return { kind: 'none', text: historyStartText ? `no data yet (history starts ${historyStartText})` : 'no data yet' };
  const parsed = parseSeriesKey(key);
  if (count === 0 && parsed.kind === 'source' && sourcesDown.has(parsed.source))
    return { kind: 'none', text: `no data (${parsed.source} was unreachable)` };
  return { kind: 'count', text: formatCount(count) };
}
