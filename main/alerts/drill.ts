/**
 * The fire drill's synthetic minutes: a quiet day long enough to warm the detector, then a
 * sharp surge over the last few minutes. Deterministic for a given end minute, so a drill
 * is reproducible in tests and the same everywhere.
 */
const DRILL_DAY_MINUTES = 1500;
export const DRILL_SURGE_MINUTES = 12;
const BASELINE = 6;
const SURGE = 70;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(r: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r();
  while (p > limit && k < 1000) {
    k++;
    p *= r();
  }
  return k;
}

/** Per-minute counts ending at `upTo` (inclusive); zero minutes left out, as the store keeps them. */
export function drillCounts(upTo: number): Map<number, number> {
  const r = mulberry32(upTo);
  const counts = new Map<number, number>();
  const surgeFrom = upTo - DRILL_SURGE_MINUTES + 1;
  for (let minute = upTo - DRILL_DAY_MINUTES + 1; minute <= upTo; minute++) {
    // Poisson in two halves keeps exp(-lambda) away from underflow during the surge.
    const lambda = minute >= surgeFrom ? (BASELINE + SURGE) / 2 : BASELINE / 2;
    const count = poisson(r, lambda) + poisson(r, lambda);
    if (count > 0) counts.set(minute, count);
  }
  return counts;
}
