/**
 * Folds bucket increments from many ingest batches into one `volume.tick` event per second,
 * so a burst of 10k posts/s costs clients one message per second, not 10k. What the detector
 * expected of newly settled minutes rides on the same tick, so the band follows the counts.
 */
import { toMinute, type BandPoint } from '../../shared/domain.js';
import type { BucketIncrements } from '../store/buckets.js';

export interface VolumeTick {
  minute: number;
  increments: Record<string, number>;
  /** Series whose stored history was rewritten rather than added to (the fire drill): read them again. */
  replaced?: string[];
  /** Per series, what the detector expected of minutes it settled since the last tick, oldest first. */
  bands?: Record<string, BandPoint[]>;
}

export function createVolumeTicker(emit: (tick: VolumeTick) => void, now: () => number) {
  // Keyed by minute so late posts land in their own minute's tick.
  const pending = new Map<number, Record<string, number>>();
  const replaced = new Set<string>();
  let bands: Record<string, BandPoint[]> = {};
  return {
    add(increments: BucketIncrements): void {
      for (const [series, minutes] of increments) {
        for (const [minute, count] of minutes) {
          const bucket = pending.get(minute) ?? {};
          bucket[series] = (bucket[series] ?? 0) + count;
          pending.set(minute, bucket);
        }
      }
    },
    /**
     * The series' history was rewritten: increments would be folded into a copy that no longer
     * holds, so clients are told to drop it and read the series again. Pending increments
     * for it are inside the rewrite already.
     */
    replace(series: string): void {
      for (const increments of pending.values()) delete increments[series];
      replaced.add(series);
    },
    /** Band points to send with the next flush; a later point for the same minute wins. */
    addBands(fresh: Record<string, BandPoint[]>): void {
      for (const [series, points] of Object.entries(fresh)) {
        const held = bands[series];
        bands[series] = held ? [...held.filter((point) => point.minute < (points[0]?.minute ?? Infinity)), ...points] : points;
      }
    },
    flush(): void {
      const current = toMinute(now());
      if (replaced.size > 0) {
        emit({ minute: current, increments: {}, replaced: [...replaced] });
        replaced.clear();
      }
      // A post claiming a far-future minute is clock skew; it is stored, but not pushed live.
      const due = [...pending].filter(([minute]) => minute <= current + 1).sort((a, b) => a[0] - b[0]);
      pending.clear();
      const withBands = Object.keys(bands).length > 0 ? { bands } : {};
      bands = {};
      // The band goes with the newest counts, or alone on an empty tick when no posts came.
      if (due.length === 0 && 'bands' in withBands) emit({ minute: current, increments: {}, ...withBands });
      due.forEach(([minute, increments], i) => emit({ minute, increments, ...(i === due.length - 1 ? withBands : {}) }));
    },
  };
}
