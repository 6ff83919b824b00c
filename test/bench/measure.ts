/** Timing helpers shared by the bench suites: best of N runs, after a warm-up. */
import { performance } from 'node:perf_hooks';

/** Runs `fn` (which processes `items` things) `runs` times; returns the best rate in items/s. */
export function bestRate(items: number, runs: number, fn: () => void): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return items / (best / 1000);
}

export async function bestRateAsync(items: number, runs: number, fn: () => Promise<void>): Promise<number> {
  await fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    best = Math.min(best, performance.now() - start);
  }
  return items / (best / 1000);
}

/**
 * Measures two variants alternately (A, B, A, B, …) so that a burst of load from elsewhere on
 * the machine hits both alike; returns the best rate of each in items/s.
 */
export function interleavedRates(items: number, rounds: number, a: () => void, b: () => void): [number, number] {
  a();
  b();
  let bestA = Infinity;
  let bestB = Infinity;
  for (let i = 0; i < rounds; i++) {
    let start = performance.now();
    a();
    bestA = Math.min(bestA, performance.now() - start);
    start = performance.now();
    b();
    bestB = Math.min(bestB, performance.now() - start);
  }
  return [items / (bestA / 1000), items / (bestB / 1000)];
}
