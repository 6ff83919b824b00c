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
