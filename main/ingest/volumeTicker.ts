/**
 * Folds bucket increments from many ingest batches into one `volume.tick` event per second,
 * so a burst of 10k posts/s costs clients one message per second, not 10k.
 */
import { toMinute } from '../../shared/domain.js';
import type { BucketIncrements } from '../store/buckets.js';

export interface VolumeTick {
  minute: number;
  increments: Record<string, number>;
  /** Series whose stored history was rewritten rather than added to (the fire drill): read them again. */
  replaced?: string[];
}

export function createVolumeTicker(emit: (tick: VolumeTick) => void, now: () => number) {
  // Keyed by minute so late posts land in their own minute's tick.
  const pending = new Map<number, Record<string, number>>();
  const replaced = new Set<string>();
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
    flush(): void {
      const current = toMinute(now());
      if (replaced.size > 0) {
        emit({ minute: current, increments: {}, replaced: [...replaced] });
        replaced.clear();
      }
      for (const [minute, increments] of [...pending].sort((a, b) => a[0] - b[0])) {
        // A post claiming a far-future minute is clock skew; it is stored, but not pushed live.
        if (minute <= current + 1) emit({ minute, increments });
      }
      pending.clear();
    },
  };
}
