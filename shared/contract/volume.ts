/** The volume domain: per-minute post counts per series. */
import { z } from 'zod';
import { bandPointSchema, bucketSchema } from '../domain.js';
import { ANY_ROLE, defineMethod } from './spec.js';

export const seriesVolumeSchema = z.object({
  series: z.string(),
  buckets: z.array(bucketSchema),
  /**
   * The series' oldest stored minute, whatever `sinceMinute` asked: a chart draws nothing before
   * it (no data is not "0 posts"). Null when the series has none; absent from older hubs.
   */
  firstMinute: z.number().int().nullable().optional(),
});

export const volumeMethods = {
  'volume.series': defineMethod({
    summary: 'Per-minute post counts for one series, oldest first, gaps not filled.',
    input: z
      .object({
        series: z.string().min(1).max(200),
        sinceMinute: z.number().int().optional(),
        limit: z.number().int().min(1).max(10_080).default(180),
      })
      .strict(),
    output: seriesVolumeSchema,
    roles: ANY_ROLE,
  }),
  'volume.seriesList': defineMethod({
    summary: 'Series that have any stored volume, busiest first.',
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(z.object({ series: z.string(), total: z.number().int() })),
    roles: ANY_ROLE,
  }),
} as const;

export const volumeEvents = {
  /** Volume added since the last tick, per series; the renderer folds it into its buckets. */
  'volume.tick': z.object({
    minute: z.number().int(),
    increments: z.record(z.string(), z.number().int().nonnegative()),
    /** Series whose history was rewritten, not added to (the fire drill): drop your copy and read it again. */
    replaced: z.array(z.string()).optional(),
    /**
     * Per series, what the detector expected of the minutes it settled since the last tick
     * (oldest first; all it holds when it rebuilt the series), as `alerts.band` answers them.
     * Optional and additive: older hubs never send it, so a window keeps polling `alerts.band`
     * until a tick carries it.
     */
    bands: z.record(z.string(), z.array(bandPointSchema)).optional(),
  }),
} as const;
