/**
 * Detection speed: one series, 10k series, per-term tracking, and the NAB run. Each figure
 * has a baseline measured in this process (a plain EWMA, a plain split, a plain CSV parse).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Bucket } from '../../shared/domain.js';
import { createDetector, step, stepInPlace, type DetectorState } from '../../main/detect/detector.js';
import { formatResultCsv, parseSeriesCsv, scoreRows } from '../../main/detect/nabRun.js';
import { analyzePost } from '../../main/detect/postSignals.js';
import { createTermTracker, observeTerms, trackedTermCount } from '../../main/detect/termTracker.js';
import { findNabDir } from '../nabPath.js';
import { dailySeries, rng } from '../main/detect/synthetic.js';
import { bestRate } from './measure.js';
import type { BenchLine } from './types.js';

function ewmaBaseline(buckets: readonly Bucket[]): number {
  let m = 0;
  for (const b of buckets) m += 0.05 * (b.count - m);
  return m;
}

function oneSeries(): BenchLine[] {
  const buckets = dailySeries({ days: 70, bucketMinutes: 1, mean: 20, seed: 1 });
  let sink = 0;
  const baseline = bestRate(buckets.length, 5, () => {
    sink += ewmaBaseline(buckets);
  });
  const inPlace = bestRate(buckets.length, 5, () => {
    const s = createDetector();
    for (const b of buckets) sink += stepInPlace(s, b).score;
  });
  const pure = bestRate(buckets.length, 3, () => {
    let s = createDetector();
    for (const b of buckets) {
      const r = step(s, b);
      s = r.state;
      sink += r.verdict.score;
    }
  });
  if (sink === -1) console.log(sink);
  return [
    {
      name: 'one series, stepInPlace',
      value: inPlace,
      unit: 'buckets/s',
      baseline: { name: 'EWMA loop', value: baseline },
      goal: '>= 1M/s',
      met: inPlace >= 1e6,
    },
    { name: 'one series, pure step (copying state)', value: pure, unit: 'buckets/s', baseline: { name: 'EWMA loop', value: baseline } },
  ];
}

function manySeries(): BenchLine[] {
  const series = 10_000;
  const rounds = 60;
  const rand = rng(7);
  const counts = Array.from({ length: rounds * series }, () => Math.floor(rand() * rand() * 40));
  const heapBefore = process.memoryUsage().heapUsed;
  let states: DetectorState[] = [];
  let sink = 0;
  const rate = bestRate(series * rounds, 3, () => {
    states = Array.from({ length: series }, () => createDetector({ bucketMinutes: 1 }));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < series; i++)
        sink += stepInPlace(states[i] as DetectorState, { minute: 1000 + r, count: counts[r * series + i] ?? 0 }).score;
    }
  });
  const perSeries = (process.memoryUsage().heapUsed - heapBefore) / series;
  let base = 0;
  const baseline = bestRate(series * rounds, 3, () => {
    const m = new Float64Array(series);
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < series; i++) m[i] = (m[i] ?? 0) + 0.05 * ((counts[r * series + i] ?? 0) - (m[i] ?? 0));
    base += m[0] ?? 0;
  });
  if (sink + base === -1) console.log(sink);
  return [
    { name: '10k series, round-robin', value: rate, unit: 'buckets/s', baseline: { name: '10k EWMAs', value: baseline } },
    { name: '10k series, heap per series (approx.)', value: Math.max(0, perSeries), unit: 'bytes' },
  ];
}

function terms(): BenchLine[] {
  const rand = rng(3);
  const vocab = Array.from({ length: 50_000 }, (_, i) => `w${i.toString(36)}`);
  const extras = ['is acme down?', "can't log in", 'error 503', '#acme', 'no funciona', 'ログインできない', 'new launch 50% off'];
  const posts = Array.from({ length: 100_000 }, () => {
    const words = Array.from({ length: 12 }, () => vocab[Math.floor(Math.pow(rand(), 3) * vocab.length)]);
    return `${words.join(' ')} ${extras[Math.floor(rand() * extras.length)]}`;
  });
  let sink = 0;
  const baseline = bestRate(posts.length, 3, () => {
    for (const p of posts) sink += p.toLowerCase().split(' ').length;
  });
  const heapBefore = process.memoryUsage().heapUsed;
  const tracker = createTermTracker({ capacity: 4096 });
  const rate = bestRate(posts.length, 3, () => {
    posts.forEach((p, i) => {
      const s = analyzePost(p);
      sink += s.outageIntent;
      observeTerms(tracker, s.terms, Math.floor(i / 2000));
    });
  });
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  if (sink === -1) console.log(sink);
  return [
    {
      name: 'posts: tokenize + outage intent + term tracking',
      value: rate,
      unit: 'posts/s',
      baseline: { name: 'lowercase + split', value: baseline },
      goal: '>= 100k/s',
      met: rate >= 100_000,
    },
    { name: `term tracker: ${trackedTermCount(tracker)} terms kept of ~50k distinct, heap delta`, value: Math.max(0, heapMb), unit: 'MB' },
  ];
}

function nab(): BenchLine[] {
  const dir = findNabDir();
  if (!dir) return [{ name: 'NAB run: SKIPPED, NAB data absent beside the repo', value: 0, unit: 's' }];
  const names = ['AAPL', 'AMZN', 'CRM', 'CVS', 'FB', 'PFE'].map((t) => join(dir, 'data', 'realTweets', `Twitter_volume_${t}.csv`));
  const read = (): string[] => names.map((p) => readFileSync(p, 'utf8'));
  const time = (fn: () => void): number => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      fn();
      best = Math.min(best, performance.now() - t0);
    }
    return best / 1000;
  };
  let sink = 0;
  const parseOnly = time(() => {
    for (const text of read()) sink += parseSeriesCsv(text, 'x').length;
  });
  const full = time(() => {
    for (const text of read()) {
      const rows = parseSeriesCsv(text, 'x');
      sink += formatResultCsv(rows, scoreRows(rows)).length;
    }
  });
  if (sink === -1) console.log(sink);
  return [
    {
      name: 'NAB run, six files (read + detect + format)',
      value: full,
      unit: 's',
      baseline: { name: 'read + parse only', value: parseOnly },
      goal: '< 5 s',
      met: full < 5,
    },
  ];
}

export default async function (): Promise<BenchLine[]> {
  return [...oneSeries(), ...manySeries(), ...terms(), ...nab()];
}
