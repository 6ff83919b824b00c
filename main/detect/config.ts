/**
 * Detector configuration. Every duration is in minutes (or days) rather than buckets, so the
 * same settings mean the same thing on 1-minute live buckets and 5-minute NAB rows.
 */
import { z } from 'zod';

export const detectorConfigSchema = z.object({
  /** Bucket width; null infers it from the first two buckets' timestamps. */
  bucketMinutes: z.number().int().positive().nullable(),
  /**
   * Windows the evidence is summed over. Short windows catch sharp spikes early; long ones
   * catch a slow build-up or a drop that no single bucket shows.
   */
  scalesMinutes: z.array(z.number().positive()).min(1).max(6),
  /** Drops are judged only on windows at least this long: one quiet bucket means nothing. */
  dropMinMinutes: z.number().positive(),
  /** Memory of the time-of-day profile. */
  seasonHalfLifeDays: z.number().positive(),
  /** Memory of the recent-level correction (how fast a level shift becomes the new normal). */
  levelHalfLifeMinutes: z.number().positive(),
  /** Memory of the overdispersion estimate. */
  dispersionHalfLifeDays: z.number().positive(),
  /**
   * Learning is winsorized at this many standard deviations: the baseline (so a surge does not
   * teach itself) and the dispersion (so it measures the central spread; tails are calibrated).
   */
  clipSigmas: z.number().positive(),
  /** No verdict carries evidence before this much history (the baseline is still a guess). */
  warmupMinutes: z.number().nonnegative(),
  /** Evidence (−ln p) at which an excursion starts; below it for `rearmMinutes` it ends. */
  armNats: z.number().positive(),
  rearmMinutes: z.number().nonnegative(),
  /**
   * Within one excursion, new onset evidence is reported only when it grows by this factor.
   * Fine (1.1): the reported values then follow the evidence closely, so a threshold on them
   * means the same thing on every series. A coarse ladder (1.5) makes what is reported depend
   * on the excursion's path (a first report at 5 nats hides 7 unless 7.5 is reached), which
   * is what moved the threshold between NAB folds (issue 9).
   */
  escalationFactor: z.number().min(1),
  /** Evidence is calibrated against the level this series exceeds about once per this long. */
  tailIntervalMinutes: z.number().positive(),
  /** Step size of that running quantile (larger adapts faster, noisier). */
  tailLearningRate: z.number().positive(),
  /**
   * Robbins–Monro start: steps of about 1 / (exceedances expected so far) before settling to
   * `tailLearningRate`. Chosen on the six NAB files (issue 4), so `npm run nab:cv` chooses it
   * per fold.
   */
  tailEarlySteps: z.boolean(),
  /**
   * Also judge the longest window by its weakest part: the least evidence among its blocks as
   * long as the shortest window (16 blocks of 15 minutes in 4 hours). A rise that held through
   * all of them is news even when the longest window's own tail has been raised by an earlier
   * spike, which lights one block, not all. Issue 9: a 4.5× rise that held ten hours on NAB's
   * CRM was missed because a burst a week before had raised that tail sixfold. Off only to
   * measure what it adds (`npm run nab:cv -- --nested`).
   */
  sustainedChannel: z.boolean(),
  /** Maps evidence to a [0,1] score: score = nats / (nats + scoreHalfNats). */
  scoreHalfNats: z.number().positive(),
});
export type DetectorConfig = z.infer<typeof detectorConfigSchema>;

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  bucketMinutes: null,
  scalesMinutes: [15, 60, 240],
  dropMinMinutes: 60,
  seasonHalfLifeDays: 7,
  levelHalfLifeMinutes: 2880,
  dispersionHalfLifeDays: 7,
  clipSigmas: 1,
  warmupMinutes: 24 * 60,
  armNats: 4,
  rearmMinutes: 60,
  escalationFactor: 1.1,
  scoreHalfNats: 20,
  tailIntervalMinutes: 480,
  tailLearningRate: 0.05,
  tailEarlySteps: true,
  sustainedChannel: true,
};

export function detectorConfig(overrides: Partial<DetectorConfig> = {}): DetectorConfig {
  return detectorConfigSchema.parse({ ...DEFAULT_DETECTOR_CONFIG, ...overrides });
}
