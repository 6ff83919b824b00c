/** Deterministic synthetic mention streams for detector tests. */
import type { Bucket } from '../../../shared/domain.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function poisson(rand: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(rand)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = rand();
  while (p > l) {
    k++;
    p *= rand();
  }
  return k;
}

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

/** A daily-cycle series: `mean` per bucket on average, peaking mid-day UTC. */
export function dailySeries(opts: { days: number; bucketMinutes: number; mean: number; seed: number; startMinute?: number }): Bucket[] {
  const rand = rng(opts.seed);
  const start = opts.startMinute ?? 27_000_000;
  const n = Math.floor((opts.days * 1440) / opts.bucketMinutes);
  const out: Bucket[] = [];
  for (let i = 0; i < n; i++) {
    const minute = start + i * opts.bucketMinutes;
    const hour = (minute / 60) % 24;
    const shape = 1 + 0.6 * Math.sin(((hour - 6) / 24) * 2 * Math.PI);
    out.push({ minute, count: poisson(rand, opts.mean * shape) });
  }
  return out;
}

/** Shapes of a labelled outage burst, each relative to the series' own level at the time. */
export type OutageShape = 'spike' | 'plateau' | 'ramp' | 'drop';

export interface SocialSeriesOptions {
  name: string;
  seed: number;
  days?: number;
  bucketMinutes?: number;
  /** Mean posts per bucket before seasonality. */
  mean: number;
  /** Peak-to-mean amplitude of the daily cycle (0 = flat). */
  dailyAmplitude?: number;
  /** Weekend volume as a fraction of weekdays (1 = no weekly cycle). */
  weekendFactor?: number;
  /** Log-normal per-bucket noise on the rate (0 = Poisson). */
  noiseSigma?: number;
  /** Unlabelled viral bursts (a post goes viral, a campaign lands): count and peak multiple. */
  viralBursts?: number;
  viralPeak?: number;
  outages?: ReadonlyArray<{ atDay: number; shape: OutageShape; magnitude: number; minutes: number }>;
  /** A lasting change of level (labelled at its start), as a multiple of the level before. */
  levelShift?: { atDay: number; factor: number };
}

export interface LabelledSeries {
  name: string;
  buckets: Bucket[];
  /** Labelled instants (minutes) and NAB-style windows around them (inclusive minutes). */
  labels: number[];
  windows: Array<[number, number]>;
}

/**
 * A mention-volume series with known labels: daily and weekly cycles, over-dispersed noise,
 * unlabelled viral bursts (short and sharp, decaying within an hour or two, as a retweet storm
 * does), and labelled outages of several shapes, a level shift included. Windows follow NAB:
 * 10% of the file shared among the labels, centred on each label.
 */
export function socialSeries(opts: SocialSeriesOptions): LabelledSeries {
  const rand = rng(opts.seed);
  const days = opts.days ?? 55;
  const w = opts.bucketMinutes ?? 5;
  const start = 23_667_840; // 2015-01-01 00:00 UTC, a Thursday
  const n = Math.floor((days * 1440) / w);
  const amp = opts.dailyAmplitude ?? 0.6;
  const weekend = opts.weekendFactor ?? 0.75;
  const sigma = opts.noiseSigma ?? 0.3;
  const multiplier = new Float64Array(n).fill(1);
  // Viral bursts: sharp rise, exponential decay with a 15-45 minute half-life; never labelled.
  const bursts = opts.viralBursts ?? 0;
  const probationEnd = Math.min(Math.floor(0.15 * n), 750); // NAB's probation
  for (let b = 0; b < bursts; b++) {
    const at = probationEnd + Math.floor(rand() * (n - probationEnd));
    const peak = (opts.viralPeak ?? 6) * (0.5 + rand());
    const halfLife = (15 + rand() * 30) / w;
    for (let i = at; i < Math.min(n, at + Math.ceil(halfLife * 8)); i++)
      multiplier[i] = (multiplier[i] ?? 1) + peak * Math.pow(2, -(i - at) / halfLife);
  }
  const labels: number[] = [];
  for (const o of opts.outages ?? []) {
    const at = Math.floor((o.atDay * 1440) / w);
    const len = Math.max(1, Math.round(o.minutes / w));
    labels.push(start + at * w);
    for (let j = 0; j < len && at + j < n; j++) {
      const i = at + j;
      const f = j / len;
      const boost =
        o.shape === 'spike'
          ? o.magnitude * Math.pow(0.5, j / Math.max(1, len / 4))
          : o.shape === 'plateau'
            ? o.magnitude
            : o.shape === 'ramp'
              ? o.magnitude * f
              : -Math.min(0.95, o.magnitude); // drop: the brand's feed (or the platform) goes quiet
      multiplier[i] = Math.max(0.02, (multiplier[i] ?? 1) * (1 + boost));
    }
  }
  let shiftAt = n;
  if (opts.levelShift) {
    shiftAt = Math.floor((opts.levelShift.atDay * 1440) / w);
    labels.push(start + shiftAt * w);
  }
  const buckets: Bucket[] = [];
  for (let i = 0; i < n; i++) {
    const minute = start + i * w;
    const hour = (minute / 60) % 24;
    const dow = (Math.floor(minute / 1440) + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
    const daily = 1 + amp * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
    const weekly = dow === 0 || dow === 6 ? weekend : 1;
    const level = i >= shiftAt && opts.levelShift ? opts.levelShift.factor : 1;
    const noise = Math.exp(sigma * gauss(rand) - (sigma * sigma) / 2);
    const rate = opts.mean * daily * weekly * level * noise * (multiplier[i] ?? 1);
    buckets.push({ minute, count: poisson(rand, rate) });
  }
  labels.sort((a, b) => a - b);
  const half = labels.length ? Math.floor((0.1 * n) / labels.length / 2) * w : 0;
  const windows = labels.map((t): [number, number] => [Math.max(start, t - half), Math.min(start + (n - 1) * w, t + half)]);
  return { name: opts.name, buckets, labels, windows };
}

/**
 * A fixed corpus of twelve brands as different as NAB's six: loud and quiet, near-zero,
 * strongly weekly, bursty with many unlabelled viral bursts, and outages of every shape.
 */
export function socialCorpus(seed = 1): LabelledSeries[] {
  const o = (atDay: number, shape: OutageShape, magnitude: number, minutes: number) => ({ atDay, shape, magnitude, minutes });
  const specs: SocialSeriesOptions[] = [
    { name: 'loud_plateau', seed, mean: 300, outages: [o(15, 'plateau', 1.5, 120), o(38, 'spike', 4, 90)] },
    {
      name: 'loud_bursty',
      seed: seed + 1,
      mean: 150,
      noiseSigma: 0.5,
      viralBursts: 25,
      viralPeak: 8,
      outages: [o(20, 'plateau', 3, 180), o(44, 'ramp', 6, 240)],
    },
    {
      name: 'mid_weekly',
      seed: seed + 2,
      mean: 40,
      weekendFactor: 0.35,
      outages: [o(18, 'spike', 5, 60), o(33, 'plateau', 2, 180), o(47, 'drop', 0.9, 240)],
    },
    { name: 'mid_ramp', seed: seed + 3, mean: 25, outages: [o(25, 'ramp', 5, 300), o(41, 'spike', 6, 45)] },
    { name: 'mid_shift', seed: seed + 4, mean: 30, outages: [o(16, 'plateau', 4, 120)], levelShift: { atDay: 35, factor: 2.5 } },
    {
      name: 'small_bursty',
      seed: seed + 5,
      mean: 5,
      noiseSigma: 0.6,
      viralBursts: 30,
      viralPeak: 10,
      outages: [o(22, 'plateau', 6, 120), o(45, 'spike', 12, 60)],
    },
    { name: 'small_daily', seed: seed + 6, mean: 3, dailyAmplitude: 0.9, outages: [o(19, 'spike', 10, 60), o(37, 'plateau', 4, 240)] },
    {
      name: 'near_zero',
      seed: seed + 7,
      mean: 0.15,
      dailyAmplitude: 0.9,
      noiseSigma: 0.8,
      outages: [o(24, 'spike', 60, 60), o(42, 'plateau', 20, 120)],
    },
    {
      name: 'near_zero_viral',
      seed: seed + 8,
      mean: 0.3,
      noiseSigma: 0.8,
      viralBursts: 15,
      viralPeak: 25,
      outages: [o(30, 'plateau', 25, 180)],
    },
    { name: 'mostly_zero', seed: seed + 9, mean: 0.05, dailyAmplitude: 0.95, outages: [o(20, 'spike', 200, 30), o(40, 'plateau', 60, 90)] },
    {
      name: 'shift_down',
      seed: seed + 10,
      mean: 60,
      weekendFactor: 0.5,
      outages: [o(14, 'spike', 3, 60)],
      levelShift: { atDay: 30, factor: 0.4 },
    },
    {
      name: 'huge_viral',
      seed: seed + 11,
      mean: 800,
      noiseSigma: 0.4,
      viralBursts: 40,
      viralPeak: 15,
      outages: [o(26, 'plateau', 2, 240), o(46, 'spike', 10, 60)],
    },
  ];
  return specs.map(socialSeries);
}
