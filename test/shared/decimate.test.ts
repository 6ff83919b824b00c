import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimate, decimateIndices, followDecimation } from '../../shared/decimate.js';

interface P {
  x: number;
  y: number | null;
}

const series = fc
  .array(fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null, freq: 8 }), { minLength: 1, maxLength: 3000 })
  .map((ys) => ys.map((y, x): P => ({ x, y })));
const columns = fc.integer({ min: 1, max: 400 });
const run = (points: P[], cols: number) =>
  decimate(
    points,
    (p) => p.x,
    (p) => p.y,
    cols,
  );

/** Which column a point falls in, as decimateIndices assigns it. */
const columnOf = (points: P[], cols: number) => {
  const span = points[points.length - 1]!.x - points[0]!.x;
  const width = span > 0 ? span / cols : 1;
  return (p: P) => Math.min(cols - 1, Math.floor((p.x - points[0]!.x) / width));
};

describe('decimation (min/max per column)', () => {
  it('keeps at most 3 points per column and never reorders', () => {
    fc.assert(
      fc.property(series, columns, (points, cols) => {
        const out = run(points, cols);
        expect(out.length).toBeLessThanOrEqual(Math.max(points.length <= cols * 2 ? points.length : 0, cols * 3));
        for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
        for (const p of out) expect(points).toContain(p);
      }),
    );
  });

  it("keeps every column's highest and lowest value, so a one-point burst survives any zoom", () => {
    fc.assert(
      fc.property(series, columns, (points, cols) => {
        const out = run(points, cols);
        const col = columnOf(points, cols);
        const extremes = (list: P[]) => {
          const byCol = new Map<number, { min: number; max: number }>();
          for (const p of list) {
            if (p.y === null) continue;
            const c = col(p);
            const e = byCol.get(c) ?? { min: Infinity, max: -Infinity };
            byCol.set(c, { min: Math.min(e.min, p.y), max: Math.max(e.max, p.y) });
          }
          return byCol;
        };
        expect(extremes(out)).toEqual(extremes(points));
      }),
    );
  });

  it('keeps a gap in every column that has one, so no line is drawn across missing data', () => {
    fc.assert(
      fc.property(series, columns, (points, cols) => {
        const out = run(points, cols);
        const col = columnOf(points, cols);
        const gapCols = (list: P[]) => new Set(list.filter((p) => p.y === null).map(col));
        expect(gapCols(out)).toEqual(gapCols(points));
      }),
    );
  });

  it('a single 10k-point day with one spike keeps the spike in 300 columns', () => {
    const points: P[] = Array.from({ length: 10_000 }, (_, x) => ({ x, y: x === 6_789 ? 500 : 5 + (x % 3) }));
    const out = run(points, 300);
    expect(out.length).toBeLessThanOrEqual(900);
    expect(out.some((p) => p.x === 6_789)).toBe(true);
  });

  it('returns short series untouched (same array)', () => {
    const points: P[] = [
      { x: 0, y: 1 },
      { x: 1, y: null },
      { x: 2, y: 3 },
    ];
    expect(run(points, 10)).toBe(points);
    expect(
      decimateIndices(
        0,
        () => 0,
        () => 0,
        10,
      ),
    ).toEqual([]);
  });

  it('a follower equals a full pass after any sequence of live changes, and keeps the picks of untouched columns', () => {
    let reads = 0;
    const y = (p: P) => {
      reads++;
      return p.y;
    };
    const step = fc.oneof(
      // The newest points change (a tick): new objects at the end, the rest the same.
      fc.record({ kind: fc.constant('tail' as const), back: fc.nat(40), value: fc.integer({ min: 0, max: 1000 }) }),
      // The window moved or the series was read again: new span, every object new.
      fc.record({ kind: fc.constant('shift' as const) }),
      fc.record({ kind: fc.constant('reload' as const) }),
    );
    fc.assert(
      fc.property(series, columns, fc.array(step, { maxLength: 20 }), (start, cols, steps) => {
        const follow = followDecimation((p: P) => p.x);
        let points = start;
        expect(follow(points, y, cols)).toEqual(run(points, cols));
        for (const s of steps) {
          const before = points;
          let changedColumn = 0;
          if (s.kind === 'tail') {
            points = points.slice();
            const i = Math.max(0, points.length - 1 - s.back);
            points[i] = { x: points[i]!.x, y: s.value };
            changedColumn = columnOf(points, cols)(points[i]!);
          } else if (s.kind === 'shift') points = [...points.slice(1), { x: points[points.length - 1]!.x + 1, y: 5 }];
          else points = points.map((p) => ({ ...p }));
          reads = 0;
          const followed = follow(points, y, cols);
          expect(followed).toEqual(run(points, cols));
          // A change in a later column walks only from that column on: the first is not read again.
          if (changedColumn > 0 && before.length > cols * 2) expect(reads).toBeLessThan(points.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
