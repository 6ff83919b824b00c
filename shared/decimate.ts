/**
 * Decimation for charts: which points of a long series to draw so that `columns` columns still
 * show every burst. Per column it keeps the lowest and the highest point (min/max), so a
 * one-minute spike survives at any zoom; the line between columns joins extremes, which at a
 * column of a pixel or two is what the eye sees anyway. A point without a value is a gap: each
 * column that holds one keeps one, so a gap never becomes a line drawn across it. At most 3
 * points per column.
 */

/** Pushes the column's picks (-1: none) in ascending order, each once; no array per column (10k rows each tick). */
function keepAscending(keep: number[], a: number, b: number, c: number): void {
  let last = -1;
  for (let round = 0; round < 3; round++) {
    let next = Infinity;
    if (a > last && a < next) next = a;
    if (b > last && b < next) next = b;
    if (c > last && c < next) next = c;
    if (next === Infinity) return;
    keep.push(next);
    last = next;
  }
}

/**
 * Indices (ascending) of the points to keep. `y(i)` null is a gap; x must not decrease.
 * With `from` (the first index of a column) only the columns from there on are walked, their
 * picks pushed onto `keep`: what a follower needs when only the newest points changed.
 */
export function decimateIndices(
  count: number,
  x: (i: number) => number,
  y: (i: number) => number | null,
  columns: number,
  from = 0,
  keep: number[] = [],
): number[] {
  const cols = Math.max(1, Math.floor(columns));
  if (count <= cols * 2) return Array.from({ length: count }, (_, i) => i);
  const x0 = x(0);
  const span = x(count - 1) - x0;
  const width = span > 0 ? span / cols : 1;
  let i = from;
  while (i < count) {
    const column = Math.min(cols - 1, Math.floor((x(i) - x0) / width));
    let min = -1;
    let max = -1;
    let gap = -1;
    let minY = Infinity;
    let maxY = -Infinity;
    for (; i < count && Math.min(cols - 1, Math.floor((x(i) - x0) / width)) === column; i++) {
      const value = y(i);
      if (value === null) {
        if (gap < 0) gap = i;
        continue;
      }
      if (value < minY) {
        minY = value;
        min = i;
      }
      if (value > maxY) {
        maxY = value;
        max = i;
      }
    }
    keepAscending(keep, min, max, gap);
  }
  return keep;
}

/** The kept items themselves (same object identity, for chart rows). */
export function decimate<T>(items: readonly T[], x: (item: T) => number, y: (item: T) => number | null, columns: number): T[] {
  const indices = decimateIndices(
    items.length,
    (i) => x(items[i]!),
    (i) => y(items[i]!),
    columns,
  );
  return indices.length === items.length ? (items as T[]) : indices.map((i) => items[i]!);
}

/**
 * `decimate` for one chart over time. A live tick changes the newest points only and keeps the
 * older ones (same objects, same span): the columns before the first changed point keep their
 * picks, and only the rest is walked again. Anything else (span, length, columns, `y`) is a
 * full pass. Answers the same array when nothing changed.
 */
export function followDecimation<T>(x: (item: T) => number): (items: readonly T[], y: (item: T) => number | null, columns: number) => T[] {
  let previous: { items: readonly T[]; y: (item: T) => number | null; columns: number; keep: number[]; kept: T[] } | null = null;
  return (items, y, columns) => {
    const count = items.length;
    const xi = (i: number) => x(items[i]!);
    const yi = (i: number) => y(items[i]!);
    let start = 0;
    let keep: number[] = [];
    const before = previous;
    const cols = Math.max(1, Math.floor(columns));
    if (
      before &&
      before.y === y &&
      before.columns === columns &&
      before.items.length === count &&
      count > cols * 2 &&
      x(before.items[0]!) === xi(0) &&
      x(before.items[count - 1]!) === xi(count - 1)
    ) {
      let changed = 0;
      while (changed < count && before.items[changed] === items[changed]) changed++;
      if (changed === count) return before.kept;
      // Back to the first point of the changed point's column: that whole column is picked again.
      const x0 = xi(0);
      const width = (xi(count - 1) - x0) / cols || 1;
      const columnOf = (i: number) => Math.min(cols - 1, Math.floor((xi(i) - x0) / width));
      const column = columnOf(changed);
      start = changed;
      while (start > 0 && columnOf(start - 1) === column) start--;
      const held = before.keep.findIndex((index) => index >= start);
      keep = held < 0 ? before.keep.slice() : before.keep.slice(0, held);
    }
    const indices = decimateIndices(count, xi, yi, columns, start, keep);
    const kept = indices.length === count ? (items as T[]) : indices.map((i) => items[i]!);
    previous = { items, y, columns, keep: indices, kept };
    return kept;
  };
}
