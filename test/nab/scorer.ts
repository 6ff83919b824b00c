/**
 * A NAB-compatible scorer (NAB v1.1 semantics: windows, probation, scaled sigmoid, and the
 * sweeper's corpus-wide threshold optimisation), written from NAB's published description.
 * Pure functions here; file loading lives in `nabFiles.ts` so tests can feed synthetic rows.
 */

export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

export const NAB_PROFILES: Readonly<Record<ProfileName, CostMatrix>> = {
  standard: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
};

/** One detector output file, already aligned with its labels. Times are epoch ms. */
export interface ScoredSeries {
  name: string;
  timestamps: readonly number[];
  scores: readonly number[];
  /** Inclusive [start, end] timestamps of each labelled window, in order. */
  windows: ReadonlyArray<readonly [number, number]>;
}

/** NAB caps probation at 15% of 5000 rows, so long files are not mostly probation. */
export function probationLength(rows: number, fraction = 0.15): number {
  return Math.min(Math.floor(fraction * rows), fraction * 5000);
}

/**
 * Maps a relative position to a reward in (-1, 1): -1 is the window's left edge, 0 its right
 * edge, positive values are distances past the window (in window widths).
 */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

const PROBATION = -2;
const OUTSIDE = -1;

/** Per-row contribution if that row were a detection, plus the window it belongs to. */
export interface SweepRow {
  score: number;
  /** What detecting this row is worth (tp reward if in a window, fp penalty otherwise). */
  value: number;
  /** Global window id, OUTSIDE (-1) or PROBATION (-2). */
  window: number;
}

/** Locates a window bound among the row timestamps; NAB labels sit on row timestamps. */
function indexOfTime(timestamps: readonly number[], t: number, from: number): number {
  for (let i = from; i < timestamps.length; i++) if ((timestamps[i] ?? Infinity) >= t) return i;
  return timestamps.length - 1;
}

/** Annotates every row of one file; window ids start at `firstWindowId`. */
export function sweepSeries(series: ScoredSeries, cost: CostMatrix, firstWindowId: number): SweepRow[] {
  const { timestamps, scores, windows } = series;
  if (timestamps.length !== scores.length) throw new Error(`${series.name}: ${timestamps.length} timestamps vs ${scores.length} scores`);
  const maxTp = scaledSigmoid(-1);
  const probation = probationLength(timestamps.length);
  const rows: SweepRow[] = new Array<SweepRow>(timestamps.length);
  const bounds = windows.map(([start, end]) => {
    const left = indexOfTime(timestamps, start, 0);
    let right = indexOfTime(timestamps, end, left);
    if ((timestamps[right] ?? Infinity) > end) right -= 1;
    return { left, right };
  });
  let next = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < timestamps.length; i++) {
    const b = bounds[next];
    let value: number;
    let window = OUTSIDE;
    if (b && i >= b.left && i <= b.right) {
      const width = b.right - b.left + 1;
      value = (scaledSigmoid(-(b.right - i + 1) / width) * cost.tpWeight) / maxTp;
      window = firstWindowId + next;
      if (i === b.right) {
        prevRight = b.right;
        prevWidth = width;
        next++;
      }
    } else {
      const position = prevRight < 0 ? 3 : Math.abs(prevRight - i) / (prevWidth - 1);
      value = scaledSigmoid(position) * cost.fpWeight;
    }
    rows[i] = { score: scores[i] ?? 0, value, window: i < probation ? PROBATION : window };
  }
  return rows;
}

export interface ThresholdResult {
  threshold: number;
  /** Raw NAB score summed over the corpus. */
  raw: number;
  tp: number;
  fp: number;
}

/**
 * Sweeps every distinct score from high to low, as NAB's optimiser does, and returns the
 * threshold with the best corpus-wide raw score. A row is a detection when score >= threshold.
 */
export function optimizeThreshold(corpus: readonly ScoredSeries[], cost: CostMatrix): ThresholdResult {
  const rows: SweepRow[] = [];
  let windowCount = 0;
  for (const series of corpus) {
    for (const row of sweepSeries(series, cost, windowCount)) if (row.window !== PROBATION) rows.push(row);
    windowCount += series.windows.length;
  }
  rows.sort((a, b) => b.score - a.score);
  const best = new Float64Array(windowCount).fill(-cost.fnWeight);
  const present = new Set<number>();
  for (const r of rows) if (r.window >= 0) present.add(r.window);
  let windowPart = -cost.fnWeight * present.size;
  let fpPart = 0;
  let tp = 0;
  let fp = 0;
  let result: ThresholdResult = { threshold: 1.1, raw: windowPart, tp: 0, fp: 0 };
  for (let i = 0; i < rows.length;) {
    const threshold = rows[i]?.score ?? 0;
    // Every row sharing this score switches on together.
    for (; i < rows.length && rows[i]?.score === threshold; i++) {
      const r = rows[i] as SweepRow;
      if (r.window >= 0) {
        tp++;
        const old = best[r.window] ?? 0;
        if (r.value > old) {
          windowPart += r.value - old;
          best[r.window] = r.value;
        }
      } else {
        fp++;
        fpPart += r.value;
      }
    }
    const raw = windowPart + fpPart;
    if (raw > result.raw) result = { threshold, raw, tp, fp };
  }
  return result;
}

export interface ProfileScore {
  profile: ProfileName;
  threshold: number;
  raw: number;
  /** 100 × (raw − null) / (perfect − null). */
  normalized: number;
}

/** Null never fires (−fn per window); perfect fires at each window's first row (+tp each). */
export function normalize(raw: number, windowCount: number, cost: CostMatrix): number {
  const nullScore = -cost.fnWeight * windowCount;
  const perfect = cost.tpWeight * windowCount;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}

export function scoreAllProfiles(corpus: readonly ScoredSeries[]): ProfileScore[] {
  const windowCount = corpus.reduce((n, s) => n + s.windows.length, 0);
  return (Object.keys(NAB_PROFILES) as ProfileName[]).map((profile) => {
    const cost = NAB_PROFILES[profile];
    const best = optimizeThreshold(corpus, cost);
    return { profile, threshold: best.threshold, raw: best.raw, normalized: normalize(best.raw, windowCount, cost) };
  });
}

/**
 * The raw score of `corpus` at a threshold chosen elsewhere (cross-validation: chosen on the
 * other files, applied here). Same semantics as the sweep: a row detects when score >= threshold,
 * probation is ignored, a window earns its best (earliest) detection.
 */
export function scoreAtThreshold(corpus: readonly ScoredSeries[], cost: CostMatrix, threshold: number): ThresholdResult {
  let raw = 0;
  let tp = 0;
  let fp = 0;
  for (const series of corpus) {
    const best = new Float64Array(series.windows.length).fill(-cost.fnWeight);
    const present = new Set<number>();
    for (const r of sweepSeries(series, cost, 0)) {
      if (r.window === PROBATION) continue;
      if (r.window >= 0) present.add(r.window);
      if (r.score < threshold) continue;
      if (r.window >= 0) {
        tp++;
        best[r.window] = Math.max(best[r.window] ?? 0, r.value);
      } else {
        fp++;
        raw += r.value;
      }
    }
    // As in the sweep, a window lying wholly inside probation is neither hit nor missed.
    for (const w of present) raw += best[w] ?? 0;
  }
  return { threshold, raw, tp, fp };
}
