/**
 * Domain types shared by main and renderer. Pure data: no node, electron or DOM imports.
 * Times are epoch milliseconds (UTC) everywhere; formatting to a zone happens at the edge.
 */
import { z } from 'zod';

export const ROLES = ['operator', 'social', 'lead', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const SOURCE_TYPES = ['demo', 'mastodon', 'bluesky', 'reddit', 'x', 'hackernews', 'rss', 'statuspage', 'webhook'] as const;
export const sourceTypeSchema = z.enum(SOURCE_TYPES);
export type SourceType = z.infer<typeof sourceTypeSchema>;

export const engagementSchema = z.object({
  likes: z.number().int().nonnegative().optional(),
  reposts: z.number().int().nonnegative().optional(),
  replies: z.number().int().nonnegative().optional(),
  quotes: z.number().int().nonnegative().optional(),
});
export type Engagement = z.infer<typeof engagementSchema>;

/**
 * A post as every connector hands it to ingest. `text` is plain text (HTML already
 * stripped); it is still untrusted and must be rendered as text, never as markup.
 */
export const normalizedPostSchema = z.object({
  /** Name of the configured source instance that fetched it (unique per install). */
  source: z.string().min(1).max(100),
  /** The platform's id, opaque; dedup key together with `source`. */
  externalId: z.string().min(1).max(512),
  url: z.string().max(2048).nullable(),
  author: z.string().max(512),
  text: z.string().max(100_000),
  lang: z.string().max(16).nullable(),
  createdAt: z.number().int(),
  fetchedAt: z.number().int(),
  engagement: engagementSchema,
});
export type NormalizedPost = z.infer<typeof normalizedPostSchema>;

/** A stored post: the normalized post plus its row id and what ingest derived from it. */
export const storedPostSchema = normalizedPostSchema.extend({
  id: z.number().int(),
  terms: z.array(z.string()),
  outageIntent: z.number().min(0).max(1),
});
export type StoredPost = z.infer<typeof storedPostSchema>;

/** One minute of one series. `minute` is epoch minutes (ms / 60000, floored). */
export const bucketSchema = z.object({ minute: z.number().int(), count: z.number().int().nonnegative() });
export type Bucket = z.infer<typeof bucketSchema>;

/**
 * Series keys: `total`, `source:<name>`, `term:<term>`. Built only through these helpers
 * and read only through parseSeriesKey, so the naming stays in one place. The keys are
 * stored (buckets, alerts, per-series policies): changing a prefix is a data migration.
 */
const SOURCE_PREFIX = 'source:';
const TERM_PREFIX = 'term:';

export const seriesKey = {
  total: 'total',
  /** The fire drill's synthetic series: alerts on it are drills, and nothing real is counted in it. */
  drill: 'drill',
  source: (name: string) => `${SOURCE_PREFIX}${name}`,
  term: (term: string) => `${TERM_PREFIX}${term}`,
} as const;

export type ParsedSeriesKey =
  | { kind: 'total' }
  | { kind: 'drill' }
  | { kind: 'source'; source: string }
  | { kind: 'term'; term: string }
  | { kind: 'unknown'; key: string };

export type SeriesKind = ParsedSeriesKey['kind'];

/**
 * The inverse of seriesKey. Only the prefix is cut, so a source named `a:b` or `term:x`
 * comes back whole. Anything else is `unknown` rather than an error: a key from an older
 * or newer build must still be shown and stored, not crash a view.
 */
export function parseSeriesKey(key: string): ParsedSeriesKey {
  if (key === seriesKey.total) return { kind: 'total' };
  if (key === seriesKey.drill) return { kind: 'drill' };
  if (key.startsWith(SOURCE_PREFIX)) return { kind: 'source', source: key.slice(SOURCE_PREFIX.length) };
  if (key.startsWith(TERM_PREFIX)) return { kind: 'term', term: key.slice(TERM_PREFIX.length) };
  return { kind: 'unknown', key };
}

export const seriesKind = (key: string): SeriesKind => parseSeriesKey(key).kind;
export const isDrillSeries = (key: string): boolean => key === seriesKey.drill;

/** A watched term as stored and matched: lower case, single spaces, trimmed. */
export const normalizeWatchTerm = (term: string): string => {
  const t = term.normalize('NFKC').toLowerCase();
  // Ingest folds every post's text with this: most have only single spaces, which the
  // replace would copy unchanged at three times the cost of the rest.
  return (/[^\S ]| {2}/.test(t) ? t.replace(/\s+/g, ' ') : t).trim();
};

export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 1440;
export const toMinute = (ms: number): number => Math.floor(ms / MINUTE_MS);

export const sourceHealthSchema = z.enum(['ok', 'degraded', 'failing', 'paused']);
export type SourceHealth = z.infer<typeof sourceHealthSchema>;

/**
 * A window in which a source may have missed posts: it opens when a poll fails after the last
 * success (at that success) and closes at the next success. `end` is null while it is open.
 */
export const coverageGapSchema = z.object({
  start: z.number().int(),
  end: z.number().int().nullable(),
  /** The first failure's message, in plain words. */
  reason: z.string(),
});
export type CoverageGap = z.infer<typeof coverageGapSchema>;

/**
 * How much gap history a status carries: enough for the Live chart's window, small enough to
 * send with every status. Longer ranges come from `sources.gaps`.
 */
export const RECENT_GAPS = { withinMs: 6 * 60 * MINUTE_MS, max: 10 } as const;

/** A live stream beside polling: opening, receiving, or waiting to reconnect after a drop. */
export const streamStateSchema = z.enum(['connecting', 'live', 'reconnecting']);
export type StreamState = z.infer<typeof streamStateSchema>;

export const sourceStreamSchema = z.object({
  state: streamStateSchema,
  /** When this state began (epoch ms); a new reason for the same state keeps it. */
  since: z.number().int(),
  /** Why it is reconnecting, in plain words; null otherwise. */
  detail: z.string().nullable(),
});
export type SourceStream = z.infer<typeof sourceStreamSchema>;

export const sourceStatusSchema = z.object({
  name: z.string(),
  type: sourceTypeSchema,
  health: sourceHealthSchema,
  /** Plain-words description of the last problem, null when healthy. */
  lastError: z.string().nullable(),
  lastSuccessAt: z.number().int().nullable(),
  nextPollAt: z.number().int().nullable(),
  lagSeconds: z.number().nullable(),
  postsToday: z.number().int().nonnegative(),
  isDemo: z.boolean(),
  /** Gaps still open or ended within RECENT_GAPS.withinMs, oldest first, at most RECENT_GAPS.max. */
  recentGaps: z.array(coverageGapSchema).max(RECENT_GAPS.max),
  /**
   * The live stream's state when the source streams (null otherwise). Informational only:
   * polling still covers the source, so this never changes `health`.
   */
  stream: sourceStreamSchema.nullable(),
  /**
   * Present while a new source's first fetch is still paging back through its history, with
   * the history posts fetched so far (live posts read meanwhile are not counted), so the
   * Sources view says so instead of looking idle. Absent otherwise, and from hubs that predate it.
   */
  backfill: z.object({ fetched: z.number().int().nonnegative() }).optional(),
});
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

export const alertStateSchema = z.enum(['open', 'escalating', 'resolved']);
export type AlertState = z.infer<typeof alertStateSchema>;
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** Why an alert fired, in numbers a war room can check by hand. */
export const alertMathSchema = z.object({
  windowMinutes: z.number().int().positive(),
  expected: z.number(),
  bandLow: z.number(),
  bandHigh: z.number(),
  observed: z.number(),
  ratio: z.number(),
  score: z.number().min(0).max(1),
  persistedMinutes: z.number().int().nonnegative(),
  sources: z.array(z.string()),
  /**
   * Minutes of history the expectation had learned from at the last update. A young series'
   * expectation runs under its counts, so the card says how young. Absent on older alerts.
   */
  historyMinutes: z.number().int().nonnegative().optional(),
  /**
   * Posts in the same window one day earlier, when the series' history covers it: a reference
   * that needs no model, which a young series' card sets beside its high-reading ratio.
   */
  dayBefore: z.number().nonnegative().optional(),
  /**
   * Present when the alert's evidence is that the rise held through the whole window: every
   * block of `blockMinutes` ran above the usual, the weakest at `weakestRatio` × expected.
   */
  held: z.object({ blockMinutes: z.number().int().positive(), weakestRatio: z.number().nonnegative() }).optional(),
});
export type AlertMath = z.infer<typeof alertMathSchema>;

export const alertDriversSchema = z.object({
  /** Ranked by `beyondSurge`: what the list shows beside each term, so the figure and the order agree. */
  topTerms: z.array(
    z.object({
      term: z.string(),
      /** Recent mentions (decayed, about the last 15 minutes). */
      count: z.number(),
      /** Its own recent rate over its usual rate. */
      lift: z.number(),
      /**
       * Of `count`, the mentions the overall rise in posts does not explain: count × (1 − the
       * posts' lift / the term's lift). Absent on alerts raised before it was kept.
       */
      beyondSurge: z.number().optional(),
    }),
  ),
  samplePosts: z.array(z.object({ source: z.string(), author: z.string(), text: z.string(), url: z.string().nullable() })),
  outageIntent: z.number().min(0).max(1),
  statusIncident: z.object({ source: z.string(), name: z.string(), url: z.string().nullable() }).nullable(),
});
export type AlertDrivers = z.infer<typeof alertDriversSchema>;

export const alertCalmingSchema = z.object({ since: z.number().int(), resolvesAt: z.number().int() });
export type AlertCalming = z.infer<typeof alertCalmingSchema>;

export const alertSchema = z.object({
  id: z.number().int(),
  series: z.string(),
  state: alertStateSchema,
  severity: severitySchema,
  openedAt: z.number().int(),
  updatedAt: z.number().int(),
  resolvedAt: z.number().int().nullable(),
  title: z.string(),
  math: alertMathSchema,
  drivers: alertDriversSchema,
  /**
   * The surge has died down: the score has been under the resolve level since `since`, and the
   * alert resolves at `resolvesAt` if it stays there. Absent while the surge holds.
   */
  calming: alertCalmingSchema.nullable().optional(),
  /** When someone said "seen" and who (their name, or how they were let in); absent before. */
  acknowledgedAt: z.number().int().nullable().optional(),
  acknowledgedBy: z.string().nullable().optional(),
});
export type Alert = z.infer<typeof alertSchema>;

/** What the detector expected of one minute: its baseline and the bounds it calls normal. */
export const bandPointSchema = z.object({ minute: z.number().int(), expected: z.number(), low: z.number(), high: z.number() });
export type BandPoint = z.infer<typeof bandPointSchema>;

export const ALERT_EVENT_KINDS = ['opened', 'escalated', 'resolved'] as const;
/** One moment in an alert's life: the Live chart draws it as a marker. */
export const alertEventSchema = z.object({
  alertId: z.number().int(),
  series: z.string(),
  kind: z.enum(ALERT_EVENT_KINDS),
  severity: severitySchema,
  at: z.number().int(),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export const sensitivitySchema = z.enum(SENSITIVITIES);

/** Per-series alert settings: three named sensitivities plus expert knobs. */
export const alertPolicySchema = z.object({
  sensitivity: sensitivitySchema,
  /** Expert knobs: override the named level's score thresholds. */
  openScore: z.number().min(0).max(1).optional(),
  criticalScore: z.number().min(0).max(1).optional(),
  /** Resolve level as a fraction of the open level (the hysteresis gap). */
  resolveFraction: z.number().min(0).max(1),
  /** Evidence must stay under the resolve level this long before the alert resolves. */
  resolveAfterMinutes: z.number().int().nonnegative().max(1440),
  /** A surge window with fewer posts than this never opens an alert (quiet brands). */
  minVolume: z.number().nonnegative(),
  /** Alert on drops too (a feed going silent), not only on surges. */
  alertOnDrops: z.boolean(),
  /**
   * Local quiet hours [startMinute, endMinute) of the day; only critical alerts open then.
   * `utcOffsetMinutes` places them in the user's zone (the detector itself stays in UTC).
   */
  quietHours: z
    .object({
      startMinute: z.number().int().min(0).max(1439),
      endMinute: z.number().int().min(0).max(1439),
      utcOffsetMinutes: z.number().int().min(-840).max(840),
    })
    .nullable(),
});
export type AlertPolicy = z.infer<typeof alertPolicySchema>;

/** Where an alert would have fired in a replay of stored history. */
export const backtestHitSchema = z.object({
  openedAt: z.number().int(),
  resolvedAt: z.number().int().nullable(),
  severity: severitySchema,
  peakScore: z.number(),
  math: alertMathSchema,
});
export type BacktestHit = z.infer<typeof backtestHitSchema>;

/** A status-page incident, kept to correlate alerts with what the company itself reported. */
export interface StatusIncident {
  source: string;
  externalId: string;
  name: string;
  status: string;
  impact: string;
  url: string | null;
  startedAt: number;
  updatedAt: number;
  resolvedAt: number | null;
}

/** What ingest derived from a post, stored beside it. */
export interface Enrichment {
  terms: string[];
  outageIntent: number;
}
