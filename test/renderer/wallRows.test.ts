/** A chart's rows after a tick are built from the change alone, and equal a full build. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToBucket } from '../../renderer/src/store/volume/buckets.js';
import { mergeBand } from '../../renderer/src/store/wall/bands.js';
import { buildWallRows, followWallRows, nextWallRows, type WallRowsInput } from '../../renderer/src/store/wall/rows.js';
import type { BandPoint, Bucket } from '../../shared/domain.js';

const FROM = 29_000_000;
const ANCHOR = FROM + 59;
const band: BandPoint[] = [{ minute: FROM + 10, expected: 4, low: 1, high: 8 }];
const history: Bucket[] = Array.from({ length: 50 }, (_, i) => ({ minute: FROM + i, count: 1 + (i % 5) }));
const input = (series: WallRowsInput['series'], over: Partial<WallRowsInput> = {}): WallRowsInput => ({
  series,
  keys: ['total', 'term:x'],
  band,
  fromMinute: FROM,
  anchor: ANCHOR,
  ...over,
});
const full = (i: WallRowsInput) => buildWallRows(i.series, i.keys, i.band, i.fromMinute, i.anchor);

describe('chart rows follow ticks', () => {
  it('rebuilds only from the changed minute on, reusing the rows before it', () => {
    const first = input({ total: history, 'term:x': history });
    const rows = full(first);
    const ticked = input({ total: addToBucket(history, ANCHOR, 3), 'term:x': history });
    const next = nextWallRows({ input: first, rows }, ticked);
    expect(next).toEqual(full(ticked));
    expect(next[ANCHOR - FROM]!.values).toEqual({ total: 3, 'term:x': 0 });
    expect(next[49]).toBe(rows[49]);
    expect(next[ANCHOR - FROM]).not.toBe(rows[ANCHOR - FROM]);
    // Nothing changed: the very same array, so the chart below is skipped.
    expect(nextWallRows({ input: ticked, rows: next }, input({ ...ticked.series }))).toBe(next);
  });

  it('builds from the new band point on when the band gains its newest settled minute', () => {
    const first = input({ total: history });
    const rows = full(first);
    const grown = input({ total: history }, { band: [...band, { minute: FROM + 40, expected: 5, low: 2, high: 9 }] });
    const next = nextWallRows({ input: first, rows }, grown);
    expect(next).toEqual(full(grown));
    expect(next[39]).toBe(rows[39]);
    expect(next[40]).toMatchObject({ expected: 5, band: [2, 9] });
    // The same points in a new array: nothing to redraw.
    expect(nextWallRows({ input: grown, rows: next }, input({ total: history }, { band: [...grown.band] }))).toBe(next);
  });

  it('builds afresh when the window or keys change, and from its first point on for a reloaded band', () => {
    const first = input({ total: history });
    const rows = full(first);
    for (const over of [{ anchor: ANCHOR + 1, fromMinute: FROM + 1 }, { keys: ['total'] }]) {
      const next = nextWallRows({ input: first, rows }, input({ total: history }, over));
      expect(next).toEqual(full(input({ total: history }, over)));
      expect(next[0]).not.toBe(rows[0]);
    }
    const reloaded = input({ total: history }, { band: band.map((point) => ({ ...point, expected: point.expected + 1 })) });
    const next = nextWallRows({ input: first, rows }, reloaded);
    expect(next).toEqual(full(reloaded));
    expect(next[9]).toBe(rows[9]);
    expect(next[10]!.expected).toBe(5);
  });

  it('equals a full build after any sequence of ticks, late ticks, band pushes and reloads', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('tick' as const),
        key: fc.constantFrom('total', 'term:x'),
        back: fc.nat(70),
        count: fc.integer({ min: 1, max: 9 }),
      }),
      fc.record({ kind: fc.constant('reload' as const), key: fc.constantFrom('total', 'term:x') }),
      // A band point pushed with a tick (a settled minute, or a late one the hub rebuilt), or the band read again.
      fc.record({ kind: fc.constant('band' as const), back: fc.nat(70), expected: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ kind: fc.constant('bandReload' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const follow = followWallRows();
        let series: Record<string, Bucket[]> = { total: history, 'term:x': history.slice(10) };
        let held: BandPoint[] = band;
        follow(input(series, { band: held }));
        for (const s of steps) {
          if (s.kind === 'tick') series = { ...series, [s.key]: addToBucket(series[s.key]!, ANCHOR - s.back, s.count) };
          else if (s.kind === 'reload') series = { ...series, [s.key]: series[s.key]!.map((b) => ({ ...b })) };
          else if (s.kind === 'band') {
            const minute = ANCHOR - s.back;
            held = mergeBand(held, [{ minute, expected: s.expected, low: 0, high: s.expected + 2 }]);
          } else
            held = mergeBand(
              held,
              held.map((point) => ({ ...point })),
              FROM,
            );
          expect(follow(input(series, { band: held }))).toEqual(full(input(series, { band: held })));
        }
      }),
      { numRuns: 200 },
    );
  });
});
