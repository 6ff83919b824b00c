import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSeriesKey, seriesKey, seriesKind } from '../../shared/domain.js';

/** Any text, plus text built from the pieces a naive parser trips on. */
const name = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(fc.constantFrom(':', 'source:', 'term:', 'total', 'a', ' ', '“'), { maxLength: 8 }).map((parts) => parts.join('')),
);

describe('series keys', () => {
  it('keeps the stored spelling (buckets, alerts and policies are keyed by it)', () => {
    expect(seriesKey.total).toBe('total');
    expect(seriesKey.source('mastodon')).toBe('source:mastodon');
    expect(seriesKey.term('down')).toBe('term:down');
  });

  it('parse(build(x)) gives x back for any source name, colons included', () => {
    fc.assert(
      fc.property(name, (source) => {
        expect(parseSeriesKey(seriesKey.source(source))).toEqual({ kind: 'source', source });
      }),
    );
  });

  it('parse(build(x)) gives x back for any term, colons included', () => {
    fc.assert(
      fc.property(name, (term) => {
        expect(parseSeriesKey(seriesKey.term(term))).toEqual({ kind: 'term', term });
      }),
    );
  });

  it('parses the total', () => {
    expect(parseSeriesKey(seriesKey.total)).toEqual({ kind: 'total' });
    expect(seriesKind(seriesKey.total)).toBe('total');
  });

  it('names that look like other keys stay inside their own kind', () => {
    expect(parseSeriesKey(seriesKey.source('term:down'))).toEqual({ kind: 'source', source: 'term:down' });
    expect(parseSeriesKey(seriesKey.term('source:x'))).toEqual({ kind: 'term', term: 'source:x' });
    expect(parseSeriesKey(seriesKey.source('total'))).toEqual({ kind: 'source', source: 'total' });
    expect(parseSeriesKey(seriesKey.source('a:b:c'))).toEqual({ kind: 'source', source: 'a:b:c' });
  });

  it('calls anything else unknown and keeps the key as it came', () => {
    for (const key of ['', 'Total', 'total ', ' total', 'Source:x', 'sources:x', 'source', 'term', 'src:x', ':source:x', 'lang:en']) {
      expect(parseSeriesKey(key), JSON.stringify(key)).toEqual({ kind: 'unknown', key });
      expect(seriesKind(key)).toBe('unknown');
    }
  });

  it('every string parses to exactly one kind, and known kinds rebuild the same key', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          name,
          name.map((n) => `source:${n}`),
          name.map((n) => `term:${n}`),
        ),
        (key) => {
          const parsed = parseSeriesKey(key);
          const rebuilt =
            parsed.kind === 'total'
              ? seriesKey.total
              : parsed.kind === 'drill'
                ? seriesKey.drill
                : parsed.kind === 'source'
                  ? seriesKey.source(parsed.source)
                  : parsed.kind === 'term'
                    ? seriesKey.term(parsed.term)
                    : parsed.key;
          expect(rebuilt).toBe(key);
          expect(seriesKind(key)).toBe(parsed.kind);
        },
      ),
    );
  });
});
