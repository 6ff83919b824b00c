/**
 * The Sources form's "History to fetch when added" choice: which presets it offers, which
 * types have history at all, each type's default and its caveat. The numbers are the
 * engine's (shared/sourceDefaults.ts); the words are the form's.
 */
import { BACKFILL_PRESETS, type BackfillPreset } from '../../../../shared/sourceDefaults.js';
import { countOf } from '../../../../shared/plural.js';
import type { FormSourceType } from './fields.js';

export const HISTORY_CHOICES: readonly { value: BackfillPreset; label: string }[] = [
  { value: 'hour', label: 'Last hour' },
  { value: 'day', label: 'Last day' },
  { value: 'week', label: 'Last 7 days' },
];

export const HISTORY_WHY =
  'The expected band learns each hour of the day over a week: with less history, a new source’s expectation runs low and its alerts read high for its first week. New posts are read from the start, at the source’s usual pace, while its history fills in behind them.';

/**
 * A webhook only receives, and a status page reports what is open now: neither can fetch the
 * past, so the form does not ask.
 */
export const hasHistory = (type: FormSourceType): boolean => type !== 'webhook' && type !== 'statuspage';

/**
 * A week, which is what the band needs to learn each hour of the day; new posts are read
 * meanwhile (interleave.ts), so history no longer holds live posts back. X starts at a day:
 * every post read counts toward the plan's monthly cap, and a week of a busy query could use a
 * quarter of it before the first alert.
 */
export const defaultHistory = (type: FormSourceType): BackfillPreset => (type === 'x' ? 'day' : 'week');

/** Where a platform cannot give what the choice says, in the words the form puts under it. */
export const HISTORY_NOTES: Partial<Record<FormSourceType, string>> = {
  x: 'X search reaches back 7 days at most, and every post fetched counts toward your X plan’s monthly read cap.',
  rss: 'A feed lists only its latest entries, so history stops at the oldest one it still holds.',
  bluesky: 'Without an account handle and app password, Bluesky’s public search gives only its newest page (up to 100 posts).',
  mastodon:
    'The instance allows 300 page requests per 15 minutes, so a busy hashtag’s week can take a couple of hours to fill in; new posts are still read meanwhile, as history leaves them room in each window.',
};

/** A stored `backfill` in words: the preset's label, or what a config file set by hand. */
export function describeBackfill(backfill: unknown): string {
  const b = backfill && typeof backfill === 'object' ? (backfill as Record<string, unknown>) : {};
  const maxAgeMinutes = typeof b.maxAgeMinutes === 'number' ? b.maxAgeMinutes : BACKFILL_PRESETS.hour.maxAgeMinutes;
  const maxPosts = typeof b.maxPosts === 'number' ? b.maxPosts : BACKFILL_PRESETS.hour.maxPosts;
  const preset = HISTORY_CHOICES.find(
    ({ value }) => BACKFILL_PRESETS[value].maxAgeMinutes === maxAgeMinutes && BACKFILL_PRESETS[value].maxPosts === maxPosts,
  );
  if (preset) return preset.label;
  const age = maxAgeMinutes % 60 === 0 ? countOf(maxAgeMinutes / 60, 'hour') : countOf(maxAgeMinutes, 'minute');
  return `The last ${age}, up to ${countOf(maxPosts, 'post')}`;
}
