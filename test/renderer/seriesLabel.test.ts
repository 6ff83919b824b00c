import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seriesLabel } from '../../renderer/src/format.js';
import { isChartSeries } from '../../renderer/src/store/volume/buckets.js';
import { seriesKey } from '../../shared/domain.js';

describe('series keys in the renderer', () => {
  it('labels each kind, names with colons whole, unknown keys as they are', () => {
    expect(seriesLabel(seriesKey.total)).toBe('All sources');
    expect(seriesLabel(seriesKey.source('mastodon'))).toBe('mastodon');
    expect(seriesLabel(seriesKey.term('down'))).toBe('“down”');
    expect(seriesLabel('lang:en')).toBe('lang:en');
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(seriesLabel(seriesKey.source(name))).toBe(name);
        expect(seriesLabel(seriesKey.term(name))).toBe(`“${name}”`);
      }),
    );
  });

  it('charts the total and sources, even a source named like a term; not terms or unknown keys', () => {
    expect(isChartSeries(seriesKey.source('term:down'))).toBe(true);
    expect(isChartSeries(seriesKey.term('source:x'))).toBe(false);
    expect(isChartSeries('lang:en')).toBe(false);
  });
});
