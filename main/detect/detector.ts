/**
 * The streaming volume detector: `(state, bucket) → (state, verdict)`, no clock, no I/O, no
 * look-ahead. The verdict for a bucket is computed from the state *before* that bucket is
 * learned, so a bucket never explains itself.
 *
 * Model: expected count = time-of-day profile × recent-level ratio. The profile is a
 * shrunk per-hour average (a slot seen for one hour is pulled towards the overall mean), and
 * the ratio is a ratio of sums, so both stay sane on series that are mostly zeros. Evidence
 * is the negative-binomial tail of the observed sum over a few window lengths. Everything is
 * learned robustly: counts are winsorized at `clipSigmas` Poisson deviations before they
 * reach the baseline (a surge must not teach itself; a lasting level shift is absorbed over
 * `levelHalfLifeMinutes`), and the dispersion is the winsorized (central) spread of the
 * series' own prediction errors. The heavy tail that winsorizing ignores is handled
 * afterwards by `calibrate`, against the series' own history of evidence, so one threshold
 * means about the same false-alarm rate on a brand with 3 posts an hour and one with 3000.
 * The longest window is also judged by its weakest shortest-window block, on its own tail (the
 * sustained channel): one burst raises the long windows' tail for a week or more, and a rise
 * that holds after it must not read as ordinary.
 *
 * Two verdict fields read the same evidence differently. `onset` (NAB, `npm run nab`) counts
 * every window against the tail that learns from every bucket. `score` (live alerts) measures
 * an excursion in progress against the tail before it (`heldTail`) and leaves out a window
 * whose recent part has gone back to normal (`passed`), so an alert follows the surge up and
 * ends with it rather than when its posts leave the longest window.
 */
import type { Bucket } from '../../shared/domain.js';
import { type DetectorConfig, detectorConfig } from './config.js';
import * as countTail from './countTail.js';

// Bound once: where the module is compiled to CommonJS (tsx, which runs the hub and the bench),
// every call through an import reads a getter, and these run a few times per bucket.
const upperTailNats = countTail.upperTailNats;
const lowerTailNats = countTail.lowerTailNats;

const SLOTS = 24;
const DAY = 1440;
/** Largest gap filled with zero buckets; a longer silence is a restart, not 0 posts. */
const MAX_GAP_MINUTES = DAY;
const MIN_EXPECTED = 1e-3;
const PHI_PRIOR = 0.1;
const PHI_MIN = 0.005;
const PHI_MAX = 20;
/** Pseudo-count pulling the level ratio to 1 while little volume has been seen. */
const LEVEL_PRIOR_COUNT = 2;

export type Direction = 'up' | 'down' | 'none';

/** What the detector says about one bucket; numbers are the alert's math. */
export interface Verdict {
  minute: number;
  count: number;
  /** Evidence in [0,1] that the window ending at this bucket is abnormal. */
  score: number;
  /**
   * Evidence in [0,1] reported only when an excursion starts or grows by `escalationFactor`
   * (0 otherwise): one excursion costs one or a few alarms, not one per bucket.
   */
  onset: number;
  /** −ln p of the strongest window; `score` is a monotone map of it. */
  nats: number;
  direction: Direction;
  /** The window the math below is about. */
  windowMinutes: number;
  observed: number;
  expected: number;
  bandLow: number;
  bandHigh: number;
  /** observed / expected (expected floored so a quiet series does not divide by zero). */
  ratio: number;
  /** True while the baseline is still being learned; evidence is then forced to 0. */
  warmingUp: boolean;
  /** Minutes of history the expectation has learned from (gaps filled with zeros count). */
  historyMinutes: number;
  /** True when the bucket was at or before the previous one and was ignored. */
  late: boolean;
  /**
   * When the evidence is the sustained channel's (the longest window's weakest block): that
   * block's length and observed / expected. Zero otherwise.
   */
  heldBlockMinutes: number;
  heldBlockRatio: number;
}

interface Rates {
  readonly decayPhi: number;
  readonly decaySlot: number;
  readonly decayGlobal: number;
  readonly decayLevel: number;
  readonly slotPrior: number;
  readonly r1: number;
  readonly r2: number;
  readonly ideal1: number;
  readonly ideal2: number;
  /** Index of the shortest window. */
  readonly shortest: number;
  /** Index of the longest window. */
  readonly longest: number;
  /** Shortest-window blocks the sustained channel reads in the longest window; 0 when off. */
  readonly sustainedBlocks: number;
}

/** Everything a series needs between buckets: O(24 + longest window) numbers. */
export interface DetectorState {
  readonly config: DetectorConfig;
  bucketMinutes: number;
  lastMinute: number;
  heldCount: number;
  buckets: number;
  slotSum: Float64Array;
  slotWeight: Float64Array;
  globalSum: number;
  globalWeight: number;
  levelNum: number;
  levelDen: number;
  /** Bucket counts per window length (derived from config once the width is known). */
  scaleBuckets: Int32Array;
  ringCount: Float64Array;
  ringExpected: Float64Array;
  /** 1 where the shortest window ending at that ring position ran above its expectation. */
  ringAbove: Uint8Array;
  ringPos: number;
  /** Running sums of count and expected over each window, so a step is O(windows), not O(ring). */
  sumCount: Float64Array;
  sumExpected: Float64Array;
  /** Per-step constants derived from the width; immutable, so clones may share it. */
  rates: Rates | null;
  phiNum: Float64Array;
  phiDen: Float64Array;
  /**
   * Per window length, then for the sustained channel: two running high quantiles of raw
   * evidence (see `calibrate`).
   */
  evidenceQuantile: Float64Array;
  excursionPeak: number;
  excursionQuiet: number;
  /**
   * The tail as it stood before the live excursion in progress began (see `heldTail`), and
   * how long the live evidence has stayed under `armNats` since; −1 when no excursion is held.
   */
  heldQuantile: Float64Array;
  heldQuietMinutes: number;
}

export function createDetector(overrides: Partial<DetectorConfig> = {}): DetectorState {
  const config = detectorConfig(overrides);
  const scales = config.scalesMinutes.length;
  return {
    config,
    bucketMinutes: 0,
    lastMinute: NaN,
    heldCount: 0,
    buckets: 0,
    slotSum: new Float64Array(SLOTS),
    slotWeight: new Float64Array(SLOTS),
    globalSum: 0,
    globalWeight: 0,
    levelNum: 0,
    levelDen: 0,
    scaleBuckets: new Int32Array(scales),
    ringCount: new Float64Array(0),
    ringExpected: new Float64Array(0),
    ringAbove: new Uint8Array(0),
    ringPos: 0,
    sumCount: new Float64Array(scales),
    sumExpected: new Float64Array(scales),
    rates: null,
    phiNum: new Float64Array(scales),
    phiDen: new Float64Array(scales),
    evidenceQuantile: new Float64Array(2 * scales + 2),
    excursionPeak: 0,
    excursionQuiet: 0,
    heldQuantile: new Float64Array(2 * scales + 2),
    heldQuietMinutes: -1,
  };
}

/** A deep copy: the pure `step` never touches the state it was given. */
export function cloneDetector(s: DetectorState): DetectorState {
  return {
    ...s,
    slotSum: s.slotSum.slice(),
    slotWeight: s.slotWeight.slice(),
    scaleBuckets: s.scaleBuckets.slice(),
    ringCount: s.ringCount.slice(),
    ringExpected: s.ringExpected.slice(),
    ringAbove: s.ringAbove.slice(),
    sumCount: s.sumCount.slice(),
    sumExpected: s.sumExpected.slice(),
    phiNum: s.phiNum.slice(),
    phiDen: s.phiDen.slice(),
    evidenceQuantile: s.evidenceQuantile.slice(),
    heldQuantile: s.heldQuantile.slice(),
  };
}

/** Pure transition: returns a new state and the verdict; `state` is left untouched. */
export function step(state: DetectorState, bucket: Bucket): { state: DetectorState; verdict: Verdict } {
  const next = cloneDetector(state);
  const verdict = stepInPlace(next, bucket);
  return { state: next, verdict };
}

/**
 * The same transition, updating `state` in place: for hot loops (10k series, NAB, bench)
 * where the caller owns the state and never shares it. `step` is this plus a copy.
 */
export function stepInPlace(s: DetectorState, bucket: Bucket): Verdict {
  const { minute, count } = bucket;
  if (Number.isNaN(s.lastMinute)) {
    s.lastMinute = minute;
    s.heldCount = count;
    if (s.config.bucketMinutes === null) return quietVerdict(minute, count, s.config.scalesMinutes[0] ?? 1, false);
    initWidth(s, s.config.bucketMinutes);
    return advance(s, minute, count);
  }
  if (minute <= s.lastMinute) return quietVerdict(minute, count, s.bucketMinutes || 1, true);
  if (s.bucketMinutes === 0) {
    // The first bucket was held until its width was known; learn it now, then go on.
    initWidth(s, minute - s.lastMinute);
    advance(s, s.lastMinute, s.heldCount);
  }
  const w = s.bucketMinutes;
  const gap = Math.round((minute - s.lastMinute) / w) - 1;
  const fill = Math.min(gap, Math.floor(MAX_GAP_MINUTES / w));
  for (let i = fill; i >= 1; i--) advance(s, minute - i * w, 0);
  return advance(s, minute, count);
}

function initWidth(s: DetectorState, width: number): void {
  s.bucketMinutes = width;
  const scales = s.config.scalesMinutes;
  let longest = 1;
  for (let i = 0; i < scales.length; i++) {
    const k = Math.max(1, Math.round((scales[i] ?? width) / width));
    s.scaleBuckets[i] = k;
    longest = Math.max(longest, k);
  }
  s.ringCount = new Float64Array(longest);
  s.ringExpected = new Float64Array(longest);
  s.ringAbove = new Uint8Array(longest);
  const cfg = s.config;
  const shortest = s.scaleBuckets.reduce((best, k, i) => (k < (s.scaleBuckets[best] ?? Infinity) ? i : best), 0);
  const longestIndex = s.scaleBuckets.reduce((best, k, i) => (k > (s.scaleBuckets[best] ?? 0) ? i : best), 0);
  const blocks = Math.floor(longest / (s.scaleBuckets[shortest] ?? 1));
  const r1 = Math.min(0.5, width / cfg.tailIntervalMinutes);
  const r2 = r1 / TAIL_SPAN;
  s.rates = {
    decayPhi: halfLifeDecay(width, cfg.dispersionHalfLifeDays * DAY),
    // A slot is seen 60/width times a day, so its per-observation half-life is shorter.
    decaySlot: halfLifeDecay(width, cfg.seasonHalfLifeDays * 60),
    decayGlobal: halfLifeDecay(width, cfg.seasonHalfLifeDays * DAY),
    decayLevel: halfLifeDecay(width, cfg.levelHalfLifeMinutes),
    slotPrior: 60 / width,
    r1,
    r2,
    ideal1: -Math.log(r1),
    ideal2: -Math.log(r2),
    shortest,
    longest: longestIndex,
    sustainedBlocks: blocks >= 2 && cfg.sustainedChannel ? blocks : 0,
  };
}

function quietVerdict(minute: number, count: number, windowMinutes: number, late: boolean): Verdict {
  return {
    minute,
    count,
    score: 0,
    onset: 0,
    nats: 0,
    direction: 'none',
    windowMinutes,
    observed: count,
    expected: count,
    bandLow: 0,
    bandHigh: count,
    ratio: 1,
    warmingUp: true,
    historyMinutes: 0,
    late,
    heldBlockMinutes: 0,
    heldBlockRatio: 0,
  };
}

function halfLifeDecay(stepMinutes: number, halfLifeMinutes: number): number {
  return Math.pow(2, -stepMinutes / halfLifeMinutes);
}

/** Expected count for a bucket at `minute`, before seeing it. */
export function expectedCount(s: DetectorState, minute: number): number {
  return profile(s, slotOf(minute)) * levelRatio(s);
}

/**
 * The expected count of one bucket at `minute` and the bounds the detector would call normal,
 * before seeing it: the per-bucket version of a verdict's band (same z, the shortest window's
 * dispersion), for drawing beside the observed line. Zeros before the width is known.
 */
export function bucketBand(s: DetectorState, minute: number): { expected: number; low: number; high: number } {
  if (s.bucketMinutes === 0) return { expected: 0, low: 0, high: 0 };
  const mu = Math.max(MIN_EXPECTED, expectedCount(s, minute));
  const spread = Math.sqrt(2 * s.config.armNats) * Math.sqrt(mu + phiOf(s, 0) * mu * mu);
  return { expected: mu, low: Math.max(0, mu - spread), high: mu + spread };
}

function slotOf(minute: number): number {
  return ((Math.floor(minute / 60) % SLOTS) + SLOTS) % SLOTS;
}

function profile(s: DetectorState, slot: number): number {
  const overall = s.globalWeight > 0 ? s.globalSum / s.globalWeight : 0;
  // One hour of observations worth of prior towards the overall mean.
  const prior = s.rates?.slotPrior ?? 1;
  return ((s.slotSum[slot] ?? 0) + prior * overall) / ((s.slotWeight[slot] ?? 0) + prior);
}

function levelRatio(s: DetectorState): number {
  return (s.levelNum + LEVEL_PRIOR_COUNT) / (s.levelDen + LEVEL_PRIOR_COUNT);
}

function phiOf(s: DetectorState, i: number): number {
  const den = s.phiDen[i] ?? 0;
  if (den <= 0) return PHI_PRIOR;
  return Math.min(PHI_MAX, Math.max(PHI_MIN, (s.phiNum[i] ?? 0) / den));
}

/**
 * Real mention streams are burstier than any count model: a big brand has a few 20× spikes a
 * day that nobody would label. So raw evidence is calibrated against this series' own
 * history, per window length: two running quantiles (the evidence exceeded about once per
 * `tailIntervalMinutes`, and about once per 12× that) give the slope of an exponential tail
 * (peaks over threshold). Beyond the first quantile, evidence is re-expressed as the −ln of
 * the empirical per-bucket exceedance rate. For a series the model describes well the slope
 * is 1 and the evidence is unchanged; a bursty one needs proportionally more to alarm.
 */
const TAIL_SPAN = 12;
const LN_TAIL_SPAN = Math.log(TAIL_SPAN);
/** Robbins–Monro: step ≈ 1 / (expected exceedances so far), never below the configured rate. */
const EARLY_STEP = 1;
/** The two quantiles `floorTail` read, for its caller: no array is made per bucket. */
const TAIL = new Float64Array(2);
/**
 * Window `i`'s quantiles as the calibration reads them: one not learned yet stands at its ideal,
 * and the upper stays at least a span above the lower, so the slope is never below 1.
 */
function floorTail(quantiles: Float64Array, rates: Rates, i: number): void {
  const q1 = quantiles[2 * i] || rates.ideal1;
  TAIL[0] = q1;
  TAIL[1] = Math.max(quantiles[2 * i + 1] || rates.ideal2, q1 + LN_TAIL_SPAN);
}

function calibrate(s: DetectorState, rates: Rates, i: number, raw: number): number {
  const { r1, r2, ideal1, ideal2 } = rates;
  floorTail(s.evidenceQuantile, rates, i);
  const q1 = TAIL[0] as number;
  const q2 = TAIL[1] as number;
  // Large steps while few exceedances could have been seen, settling to the configured rate.
  const eta = s.config.tailLearningRate;
  const early = s.config.tailEarlySteps ? EARLY_STEP : 0;
  const eta1 = Math.max(eta, early / (1 + s.buckets * r1));
  const eta2 = Math.max(eta, early / (1 + s.buckets * r2));
  s.evidenceQuantile[2 * i] = Math.max(ideal1, q1 * (raw > q1 ? Math.exp(eta1 * (1 - r1)) : Math.exp(-eta1 * r1)));
  s.evidenceQuantile[2 * i + 1] = Math.max(ideal2, q2 * (raw > q2 ? Math.exp(eta2 * (1 - r2)) : Math.exp(-eta2 * r2)));
  return calibrated(q1, q2, ideal1, raw);
}

function calibrated(q1: number, q2: number, ideal1: number, raw: number): number {
  const slope = (q2 - q1) / LN_TAIL_SPAN;
  return Math.min(raw, raw <= q1 ? (raw * ideal1) / q1 : ideal1 + (raw - q1) / slope);
}

/**
 * Live evidence while an excursion is in progress is measured against the tail as it stood
 * before the excursion began. The running quantiles keep learning from every bucket, the
 * excursion's own included: that is what damps a bursty series' next burst, and what NAB's
 * `onset` stream was chosen with. But against a tail that has absorbed the surge (the upper
 * quantile grows by a few percent per bucket above it), a 25× outage peaks in its first
 * minutes and then reads weaker while it holds, so its alert would never escalate.
 */
function heldTail(s: DetectorState, rates: Rates, i: number, raw: number): number {
  floorTail(s.heldQuantile, rates, i);
  return calibrated(TAIL[0] as number, TAIL[1] as number, rates.ideal1, raw);
}

/**
 * Whether window `i`'s evidence (`o` posts against `e` expected) is of an excursion that has
 * already passed, as its recent parts (shorter windows ending at the same bucket) say.
 *
 * Clearly (`clearlyPassed`): a recent part runs below the window's rate by at least the
 * evidence that starts an excursion (`armNats`). A 240-minute window holds a 40-minute
 * outage's posts for hours after the volume is back, and even against a tail that has learned
 * from the outage reads as a rise.
 *
 * Otherwise, at even odds: the recent part is nearer the usual rate than the rate the rest of
 * the window ran at (the tail evidence against "still going" exceeds that against "usual";
 * no level to tune). On a quiet series (0.5–2 posts a minute) a mild surge never gives a
 * recent part the posts to reject the window's rate at `armNats`, so its 240-minute window
 * held the alert open for hours at about the resolve level. The longest recent part decides,
 * as it has the most posts: a 15-minute dip inside a quiet build-up still going then does not
 * read as the end of it. A part whose own excess has clearly passed straddles the end of the
 * surge and says nothing about the present, so the next shorter part decides instead.
 *
 * A build-up still in progress runs at or above the rest of its window at its recent end, so
 * it keeps its evidence however little the shortest window sees of it. Only live evidence is
 * judged so; the onset stream counts every window.
 */
function passed(s: DetectorState, i: number, o: number, e: number, rising: boolean): boolean {
  if (clearlyPassed(s, i, o, e, rising)) return true;
  let limit = s.scaleBuckets[i] ?? 1;
  for (;;) {
    // The longest part shorter than `limit`.
    let j = -1;
    for (let m = 0; m < s.scaleBuckets.length; m++) {
      const km = s.scaleBuckets[m] ?? 1;
      if (km < limit && (j < 0 || km > (s.scaleBuckets[j] ?? 1))) j = m;
    }
    if (j < 0) return false;
    const recent = s.sumCount[j] ?? 0;
    const usual = Math.max(MIN_EXPECTED, s.sumExpected[j] ?? 0);
    const phi = phiOf(s, j);
    const notUsual = rising ? upperTailNats(recent, usual, phi) : lowerTailNats(recent, usual, phi);
    const olderExpected = e - usual;
    if (olderExpected > 0) {
      const atOlderRate = (usual * Math.max(0, o - recent)) / olderExpected;
      const notGoing = rising ? lowerTailNats(recent, atOlderRate, phi) : upperTailNats(recent, atOlderRate, phi);
      if (notGoing > notUsual) return true;
    }
    if (!(notUsual > 0 && clearlyPassed(s, j, recent, usual, rising))) return false;
    limit = s.scaleBuckets[j] ?? 1;
  }
}

/** A recent part runs below the window's rate by at least `armNats`. */
function clearlyPassed(s: DetectorState, i: number, o: number, e: number, rising: boolean): boolean {
  const k = s.scaleBuckets[i] ?? 1;
  for (let j = 0; j < s.scaleBuckets.length; j++) {
    if ((s.scaleBuckets[j] ?? 1) >= k) continue;
    const recent = s.sumCount[j] ?? 0;
    const atWindowRate = (Math.max(MIN_EXPECTED, s.sumExpected[j] ?? 0) * o) / e;
    const phi = phiOf(s, j);
    const against = rising ? lowerTailNats(recent, atWindowRate, phi) : upperTailNats(recent, atWindowRate, phi);
    if (against >= s.config.armNats) return true;
  }
  return false;
}

/** Per window of the bucket being stepped: 1 when its evidence is of a rise (at most 6 windows). */
const UP_SCRATCH = new Uint8Array(6);

/**
 * Whether every block of the longest window, each as long as the shortest window, ran above its
 * expectation: the flags rule out nearly every bucket without a sum.
 */
function allBlocksUp(s: DetectorState, rates: Rates): boolean {
  const k = s.scaleBuckets[rates.shortest] ?? 1;
  const len = s.ringCount.length;
  for (let b = 0, p = s.ringPos; b < rates.sustainedBlocks; b++) {
    if (s.ringAbove[p] !== 1) return false;
    p -= k;
    if (p < 0) p += len;
  }
  return true;
}

/**
 * Raw evidence that a rise held through the whole longest window: the least upper-tail evidence
 * among its blocks as long as the shortest window. One bucket's spike lights one block; a surge
 * that has not let up lights them all. The newest block is the shortest window itself
 * (`newest`, its evidence this step).
 */
function sustainedRaw(s: DetectorState, rates: Rates, phi: number, newest: number): number {
  const k = s.scaleBuckets[rates.shortest] ?? 1;
  const len = s.ringCount.length;
  let weakest = newest;
  WEAKEST_BLOCK[0] = s.sumCount[rates.shortest] ?? 0;
  WEAKEST_BLOCK[1] = Math.max(MIN_EXPECTED, s.sumExpected[rates.shortest] ?? 0);
  let p = (s.ringPos - k + len) % len;
  for (let b = 1; b < rates.sustainedBlocks; b++) {
    let o = 0;
    let e = 0;
    for (let j = 0; j < k; j++, p = p === 0 ? len - 1 : p - 1) {
      o += s.ringCount[p] ?? 0;
      e += s.ringExpected[p] ?? 0;
    }
    e = Math.max(MIN_EXPECTED, e);
    const nats = upperTailNats(o, e, phi);
    if (nats < weakest) {
      weakest = nats;
      WEAKEST_BLOCK[0] = o;
      WEAKEST_BLOCK[1] = e;
    }
  }
  return weakest;
}

/** The sustained channel's evidence this step: against the learning tail, then the held one. */
const SUSTAINED = new Float64Array(2);
/** The weakest block's count and expectation, as `sustainedRaw` last found them. */
const WEAKEST_BLOCK = new Float64Array(2);

/**
 * Steps the sustained channel, on its own tail: a rise this long is rarer than the longest
 * window's spikes, and it must not be judged against theirs. Not `passed`: its newest block is
 * above the usual by definition. `shortUp` (the shortest window's evidence, which is the newest
 * block's) bounds the weakest block's: below the channel's first quantile (so both quantiles step
 * down whatever it is) and unable to beat `found` (or `heldFound`, −1 when no excursion is held),
 * the blocks need not be summed, as nothing this step reports or learns would change.
 */
function sustainedChannel(s: DetectorState, rates: Rates, shortUp: number, phi: number, found: number, heldFound: number): void {
  const channel = s.scaleBuckets.length;
  let raw = 0;
  if (shortUp > 0 && allBlocksUp(s, rates)) {
    floorTail(s.evidenceQuantile, rates, channel);
    const matters =
      shortUp > (TAIL[0] as number) ||
      calibrated(TAIL[0] as number, TAIL[1] as number, rates.ideal1, shortUp) > found ||
      (heldFound >= 0 && heldTail(s, rates, channel, shortUp) > heldFound);
    if (matters) raw = sustainedRaw(s, rates, phi, shortUp);
  }
  SUSTAINED[0] = calibrate(s, rates, channel, raw);
  SUSTAINED[1] = heldFound >= 0 ? heldTail(s, rates, channel, raw) : 0;
}

/** Exact re-summation once per ring turn, so add/subtract rounding never accumulates. */
function resum(s: DetectorState): void {
  const len = s.ringCount.length;
  for (let i = 0; i < s.scaleBuckets.length; i++) {
    const k = s.scaleBuckets[i] ?? 1;
    let o = 0;
    let e = 0;
    for (let j = 0, p = s.ringPos; j < k; j++, p = p === 0 ? len - 1 : p - 1) {
      o += s.ringCount[p] ?? 0;
      e += s.ringExpected[p] ?? 0;
    }
    s.sumCount[i] = o;
    s.sumExpected[i] = e;
  }
}

function advance(s: DetectorState, minute: number, count: number): Verdict {
  const cfg = s.config;
  const w = s.bucketMinutes;
  const slot = slotOf(minute);
  const base = profile(s, slot);
  const mu = Math.max(MIN_EXPECTED, base * levelRatio(s));
  const rates = s.rates as Rates;
  const ringLen = s.ringCount.length;
  const pos = (s.ringPos + 1) % ringLen;
  for (let i = 0; i < s.scaleBuckets.length; i++) {
    const leaving = (pos - (s.scaleBuckets[i] ?? 1) + ringLen) % ringLen;
    s.sumCount[i] = (s.sumCount[i] ?? 0) + count - (s.ringCount[leaving] ?? 0);
    s.sumExpected[i] = (s.sumExpected[i] ?? 0) + mu - (s.ringExpected[leaving] ?? 0);
  }
  s.ringPos = pos;
  s.ringCount[pos] = count;
  s.ringExpected[pos] = mu;
  if (pos === 0) resum(s);
  if (rates.sustainedBlocks > 0) {
    const newest = rates.shortest;
    s.ringAbove[pos] = (s.sumCount[newest] ?? 0) - 0.5 > Math.max(MIN_EXPECTED, s.sumExpected[newest] ?? 0) ? 1 : 0;
  }
  s.buckets++;
  s.lastMinute = minute;
  const warmingUp = s.buckets * w < cfg.warmupMinutes;

  const held = s.heldQuietMinutes >= 0;
  // Before this bucket's learning step: the tail an excursion starting here is measured against.
  if (!held) for (let j = 0; j < s.heldQuantile.length; j++) s.heldQuantile[j] = s.evidenceQuantile[j] ?? 0;
  let heldBest = 0;
  let heldScale = 0;
  // Whether the live evidence (learned, then held) is the sustained channel's.
  let bestSustained = false;
  let heldSustained = false;
  let shortHeld = 0;
  let learnedNats = 0;
  let chosen = false;
  let bestNats = 0;
  let bestDir: Direction = 'none';
  let bestScale = 0;
  let bestObserved = count;
  let bestExpected = mu;
  const decayPhi = rates.decayPhi;
  // Read before this bucket's dispersion step, as every window's evidence is.
  const shortPhi = phiOf(s, rates.shortest);
  let shortUp = 0;
  for (let i = 0; i < s.scaleBuckets.length; i++) {
    const k = s.scaleBuckets[i] ?? 1;
    const o = s.sumCount[i] ?? 0;
    const e = Math.max(MIN_EXPECTED, s.sumExpected[i] ?? 0);
    const phi = phiOf(s, i);
    const up = upperTailNats(o, e, phi);
    const down = k * w >= cfg.dropMinMinutes ? lowerTailNats(o, e, phi) : 0;
    const raw = Math.max(up, down);
    const nats = calibrate(s, rates, i, raw);
    UP_SCRATCH[i] = up >= down ? 1 : 0;
    if (i === rates.shortest) shortUp = up;
    if (held) {
      const h = heldTail(s, rates, i, raw);
      if (h > heldBest) {
        heldBest = h;
        heldScale = i;
      }
      if (i === rates.shortest) shortHeld = h;
    }
    // The onset stream's evidence counts every window, a passed one too.
    if (nats > learnedNats) learnedNats = nats;
    if ((nats > bestNats || !chosen) && (nats === 0 || !passed(s, i, o, e, up >= down))) {
      chosen = true;
      bestNats = nats;
      bestDir = nats === 0 ? 'none' : up >= down ? 'up' : 'down';
      bestScale = i;
      bestObserved = o;
      bestExpected = e;
    }
    // Central (winsorized) spread only: bursts would otherwise widen every band after them,
    // and the tail beyond is `calibrate`'s job.
    const sd = Math.sqrt(e + phi * e * e);
    const r = Math.max(-cfg.clipSigmas * sd, Math.min(cfg.clipSigmas * sd, o - e));
    s.phiNum[i] = decayPhi * (s.phiNum[i] ?? 0) + r * r - e;
    s.phiDen[i] = decayPhi * (s.phiDen[i] ?? 0) + e * e;
  }
  if (rates.sustainedBlocks > 0) {
    sustainedChannel(s, rates, shortUp, shortPhi, Math.min(learnedNats, bestNats), held ? heldBest : -1);
    const nats = SUSTAINED[0] as number;
    if (nats > learnedNats) learnedNats = nats;
    if (nats > bestNats) {
      bestNats = nats;
      bestSustained = true;
      bestDir = 'up';
      bestScale = rates.longest;
      bestObserved = s.sumCount[bestScale] ?? 0;
      bestExpected = Math.max(MIN_EXPECTED, s.sumExpected[bestScale] ?? 0);
    }
    if (held && (SUSTAINED[1] as number) > heldBest) {
      heldBest = SUSTAINED[1] as number;
      heldScale = rates.longest;
      heldSustained = true;
    }
  }

  // Learn the baseline from the count winsorized at the Poisson spread, not the learned one:
  // on a bursty series the learned spread is wide enough that a surge would double the
  // baseline in a few buckets.
  const clipped = Math.min(count, mu + cfg.clipSigmas * Math.sqrt(mu) + 1);
  const decaySlot = rates.decaySlot;
  s.slotSum[slot] = decaySlot * (s.slotSum[slot] ?? 0) + clipped;
  s.slotWeight[slot] = decaySlot * (s.slotWeight[slot] ?? 0) + 1;
  const decayGlobal = rates.decayGlobal;
  s.globalSum = decayGlobal * s.globalSum + clipped;
  s.globalWeight = decayGlobal * s.globalWeight + 1;
  const decayLevel = rates.decayLevel;
  s.levelNum = decayLevel * s.levelNum + clipped;
  s.levelDen = decayLevel * s.levelDen + base;

  if (warmingUp) learnedNats = 0;
  // Against the held tail, an excursion counts as far as its most recent window still shows it:
  // the longer windows hold a surge for hours after the volume is back, and a blip in the
  // shortest one must not bring their evidence back.
  const heldNats = Math.min(heldBest, shortHeld);
  if (held && !warmingUp && heldNats > bestNats) {
    bestScale = heldBest <= shortHeld ? heldScale : rates.shortest;
    bestSustained = heldSustained && heldBest <= shortHeld;
    bestNats = heldNats;
    bestObserved = s.sumCount[bestScale] ?? 0;
    bestExpected = Math.max(MIN_EXPECTED, s.sumExpected[bestScale] ?? 0);
    bestDir = UP_SCRATCH[bestScale] ? 'up' : 'down';
  }
  const nats = warmingUp ? 0 : bestNats;
  if (nats >= cfg.armNats) s.heldQuietMinutes = 0;
  else if (held) {
    s.heldQuietMinutes += w;
    if (s.heldQuietMinutes >= cfg.rearmMinutes) s.heldQuietMinutes = -1;
  }
  let onsetNats = 0;
  if (learnedNats >= cfg.armNats) {
    if (s.excursionPeak === 0 || learnedNats > s.excursionPeak * cfg.escalationFactor) {
      onsetNats = learnedNats;
      s.excursionPeak = learnedNats;
    }
    s.excursionQuiet = 0;
  } else if (s.excursionPeak > 0) {
    s.excursionQuiet += w;
    if (s.excursionQuiet >= cfg.rearmMinutes) s.excursionPeak = 0;
  }

  const phiBest = phiOf(s, bestScale);
  const z = Math.sqrt(2 * cfg.armNats);
  const spread = z * Math.sqrt(bestExpected + phiBest * bestExpected * bestExpected);
  const half = cfg.scoreHalfNats;
  return {
    minute,
    count,
    score: nats / (nats + half),
    onset: onsetNats / (onsetNats + half),
    nats,
    direction: nats === 0 ? 'none' : bestDir,
    windowMinutes: (s.scaleBuckets[bestScale] ?? 1) * w,
    observed: bestObserved,
    expected: bestExpected,
    bandLow: Math.max(0, bestExpected - spread),
    bandHigh: bestExpected + spread,
    ratio: bestObserved / Math.max(bestExpected, MIN_EXPECTED * 100),
    warmingUp,
    historyMinutes: s.buckets * w,
    late: false,
    heldBlockMinutes: bestSustained && nats > 0 ? (s.scaleBuckets[rates.shortest] ?? 1) * w : 0,
    heldBlockRatio: bestSustained && nats > 0 ? (WEAKEST_BLOCK[0] as number) / Math.max(WEAKEST_BLOCK[1] as number, MIN_EXPECTED * 100) : 0,
  };
}
