/**
 * Grapheme clusters (what a person sees as one character, UAX #29) exactly as Intl.Segmenter
 * finds them, without running the segmenter over text where every code point stands alone.
 * V8's segmenter is slow (35 ms for a 10,000-character post, quadratic in length), and the
 * composer counts on every keystroke.
 *
 * A code point can share a cluster with a neighbour only through one of UAX #29's no-break
 * rules, and every one of them needs a code point of one of these kinds on one side of the
 * pair: CR (before LF), Extend (marks, variation selectors, emoji modifiers, tags), ZWJ,
 * SpacingMark, Prepend, a regional indicator, or a Hangul (or Kirat Rai) jamo L/V/T. Indic
 * conjuncts (GB9c) and emoji ZWJ sequences (GB11) need a virama or ZWJ, both Extend. Hangul
 * syllables (LV, LVT) join only with jamo, and an emoji alone is its own cluster.
 *
 * So between two code points of no such kind there is always a boundary, and the text is cut
 * there: such code points count one each, and only the stretches around a joining code point
 * (with one neighbour on either side) go through the segmenter. No rule looks back across
 * such a boundary (the emoji, regional indicator and conjunct rules look back only over
 * joining code points), so a stretch segments alone exactly as within the whole text.
 *
 * JOINING may hold more than those kinds (all of \p{M} and \p{Cf}): that only sends more text
 * to the segmenter. It must never hold less; test/shared/publishing/graphemes.property.test.ts
 * checks every code point against this runtime's segmenter. The listed code points are
 * Prepend letters (U+0D4E, U+111C2–3, U+113D1, U+1193F, U+11941, U+11A3A, U+11A84–9,
 * U+11D46, U+11F02) and Kirat Rai vowels (U+16D63, U+16D67–A), GraphemeBreakProperty.txt,
 * Unicode 17 (U+11A3A was Prepend before), for which no property escape exists. Astral ones
 * are written as surrogate pairs (one code point under `u`) and one by one, not as ranges,
 * which the lint's parse without `u` misreads.
 */

/** Runs of joining code points. */
const JOINING =
  /[\r\p{Grapheme_Extend}\p{Emoji_Modifier}\p{Variation_Selector}\p{M}\p{Cf}\p{Regional_Indicator}\u0E33\u0EB3\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0D4E\uD804\uDDC2\uD804\uDDC3\uD804\uDFD1\uD806\uDD3F\uD806\uDD41\uD806\uDE3A\uD806\uDE84\uD806\uDE85\uD806\uDE86\uD806\uDE87\uD806\uDE88\uD806\uDE89\uD807\uDD46\uD807\uDF02\uD81B\uDD63\uD81B\uDD67\uD81B\uDD68\uD81B\uDD69\uD81B\uDD6A]+/gu;

/** Whether `codePoint` (one code point) may share a cluster with a neighbour. */
export function joins(codePoint: string): boolean {
  JOINING.lastIndex = 0;
  return JOINING.test(codePoint);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/**
 * V8's segmenter takes time quadratic in the length it is given (35 ms for 10,000 characters,
 * 3.4 s for 100,000), so a long stretch goes through in windows of about this many code units.
 */
const WINDOW = 256;

/** Code units of the code point starting at `i`: 2 for a surrogate pair, else 1 (a lone surrogate too). */
function unitsAt(text: string, i: number): number {
  const high = text.charCodeAt(i);
  if (high < 0xd800 || high > 0xdbff) return 1;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

/**
 * Calls `visit` for each cluster of text[from, to), which starts and ends on a boundary. A
 * window's last cluster may be cut short, so the next window starts there; a boundary found
 * before it is final, as no rule looks more than one code point ahead, and starting at a
 * boundary changes nothing (see the file comment). A window too short for two clusters grows.
 */
function segmentStretch(text: string, from: number, to: number, visit: (start: number, end: number) => void): void {
  let at = from;
  let size = WINDOW;
  while (at < to) {
    let end = Math.min(to, at + size);
    // Never between the halves of a surrogate pair: the half left alone would end the cluster before it.
    if (end < to && unitsAt(text, end - 1) === 2) end--;
    let last = at;
    let lastEnd = at;
    for (const { index, segment } of segmenter.segment(text.slice(at, end))) {
      if (lastEnd > at) visit(last, lastEnd);
      last = at + index;
      lastEnd = last + segment.length;
    }
    if (end === to) {
      visit(last, lastEnd);
      return;
    }
    // Only one cluster in the window: it may go on past it.
    size = last === at ? size * 2 : WINDOW;
    at = last;
  }
}

/** Code units of the code point ending just before `i`. */
const unitsBefore = (text: string, i: number): number => (i >= 2 && unitsAt(text, i - 2) === 2 ? 2 : 1);

/** Runs of anything but ASCII other than CR: where joining code points can be. */
const BEYOND_ASCII = /[^\0-\x0c\x0e-\x7f]+/g;

/**
 * Where JOINING matches in `text`. It is looked for only beyond ASCII: a `u` pattern reads
 * text with any character past U+00FF twenty times slower than one without (115 µs against
 * 6 µs over 10,000 characters with a few emoji).
 */
function* joiningRuns(text: string): Generator<{ index: number; length: number }> {
  for (const wide of text.matchAll(BEYOND_ASCII))
    for (const run of wide[0].matchAll(JOINING)) yield { index: wide.index + run.index, length: run[0].length };
}

/**
 * [from, to) of each stretch where clusters may span code points: a run of joining code points
 * with the code point on either side. Runs one code point apart share a stretch.
 */
function* stretches(text: string): Generator<readonly [number, number]> {
  let from = -1;
  let to = -1;
  for (const run of joiningRuns(text)) {
    const start = run.index === 0 ? 0 : run.index - unitsBefore(text, run.index);
    let end = run.index + run.length;
    if (end < text.length) end += unitsAt(text, end);
    if (from >= 0 && start < to) {
      to = end;
      continue;
    }
    if (from >= 0) yield [from, to];
    from = start;
    to = end;
  }
  if (from >= 0) yield [from, to];
}

/**
 * Where the clusters of the stretches end (offsets in `text`, in order), all segmented in one
 * go (a call costs as much as segmenting some twenty characters) with NUL between them: a
 * control is a cluster of its own and no rule looks back across it, so each stretch segments
 * as it would alone.
 */
function stretchClusterEnds(text: string, spans: ReadonlyArray<readonly [number, number]>): number[] {
  const joined = spans.map(([from, to]) => text.slice(from, to)).join('\0');
  const ends: number[] = [];
  let k = 0;
  let offset = 0;
  segmentStretch(joined, 0, joined.length, (start, end) => {
    const [from, to] = spans[k]!;
    if (start < offset + to - from) {
      ends.push(from + end - offset);
      return;
    }
    // The NUL after stretch k.
    offset += to - from + 1;
    k++;
  });
  return ends;
}

/** Calls `visit(start, end)` (UTF-16 offsets) for every grapheme cluster of `text`, in order. */
export function eachGrapheme(text: string, visit: (start: number, end: number) => void): void {
  const spans = Array.from(stretches(text));
  const ends = spans.length > 0 ? stretchClusterEnds(text, spans) : [];
  let i = 0;
  let e = 0;
  for (const [from, to] of [...spans, [text.length, text.length] as const]) {
    for (; i < from;) {
      const end = i + unitsAt(text, i);
      visit(i, end);
      i = end;
    }
    for (; i < to; e++) {
      visit(i, ends[e]!);
      i = ends[e]!;
    }
  }
}

/** How many grapheme clusters `text` has (what Bluesky and Mastodon count). */
export function graphemeCount(text: string): number {
  const spans = Array.from(stretches(text));
  let count = spans.length > 0 ? stretchClusterEnds(text, spans).length : 0;
  let i = 0;
  for (const [from, to] of [...spans, [text.length, text.length] as const]) {
    for (; i < from; i += unitsAt(text, i)) count++;
    i = to;
  }
  return count;
}

/** The grapheme clusters of `text`, in order. */
export function graphemes(text: string): string[] {
  const clusters: string[] = [];
  eachGrapheme(text, (start, end) => clusters.push(text.slice(start, end)));
  return clusters;
}
