/**
 * Polling limits and defaults per configurable source type. Shared because the engine's
 * config schema enforces them and the Sources form shows them; one list keeps the two in step.
 */

/** The shortest interval any source may poll at. */
export const MIN_INTERVAL_SECONDS = 10;

/** Polling defaults per type: polite to each API's documented limits (RELIABILITY.md §3). */
export const DEFAULT_INTERVAL_SECONDS = {
  mastodon: 60,
  bluesky: 60,
  reddit: 120,
  x: 120,
  hackernews: 120,
  rss: 300,
  statuspage: 120,
  webhook: 10,
} as const;

export type ConfigurableSourceType = keyof typeof DEFAULT_INTERVAL_SECONDS;

/**
 * How much history a new source fetches on its first poll (its `backfill`). The expected band
 * learns each hour of the day over a week, so the form offers up to a week; the schema's caps
 * (100,000 posts, 7 days) are the week's. `hour` is what a source without a choice gets.
 */
export const BACKFILL_PRESETS = {
  hour: { maxAgeMinutes: 60, maxPosts: 500 },
  day: { maxAgeMinutes: 24 * 60, maxPosts: 20_000 },
  week: { maxAgeMinutes: 7 * 24 * 60, maxPosts: 100_000 },
} as const;

export type BackfillPreset = keyof typeof BACKFILL_PRESETS;
