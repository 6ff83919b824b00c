/**
 * What the detector expected of each recent minute, kept per series for the Live chart: a
 * fixed ring (a week of minutes) indexed by minute, so recording is O(1) and memory stays
 * flat however long the hub runs. Rebuilt from stored history by the replay on start.
 */
import type { BandPoint } from '../../shared/domain.js';

export const BAND_MINUTES = 7 * 1440;

export function createBandRing(capacity = BAND_MINUTES) {
  const minutes = new Float64Array(capacity).fill(Number.NaN);
  const expected = new Float32Array(capacity);
  const low = new Float32Array(capacity);
  const high = new Float32Array(capacity);
  const slot = (minute: number) => ((minute % capacity) + capacity) % capacity;
  // Hundredths are more than a chart can show, and keep a week of points small on the wire.
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    record(minute: number, band: { expected: number; low: number; high: number }): void {
      const i = slot(minute);
      minutes[i] = minute;
      expected[i] = band.expected;
      low[i] = band.low;
      high[i] = band.high;
    },
    /** Oldest first; minutes the ring does not hold (warm-up, evicted) are left out, not zeroed. */
    range(fromMinute: number, toMinute: number): BandPoint[] {
      const out: BandPoint[] = [];
      for (let minute = Math.max(fromMinute, toMinute - capacity + 1); minute <= toMinute; minute++) {
        const i = slot(minute);
        if (minutes[i] === minute) out.push({ minute, expected: round(expected[i]!), low: round(low[i]!), high: round(high[i]!) });
      }
      return out;
    },
  };
}

export type BandRing = ReturnType<typeof createBandRing>;
