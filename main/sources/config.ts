/**
 * The `sources` array of the SURGE_CONFIG JSON file (and of sources added in the app): one
 * zod schema per type, discriminated on `type`, with defaults filled in so the rest of the
 * engine never guesses. Errors come back in plain words naming the source and the field.
 */
import { z } from 'zod';
import { BACKFILL_PRESETS, DEFAULT_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS } from '../../shared/sourceDefaults.js';
import { plainIssue } from '../../shared/contract/envelope.js';
import { truncate } from './html.js';

// Shared with the Sources form, which shows them; re-exported for the engine's callers.
export { DEFAULT_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS } from '../../shared/sourceDefaults.js';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be a full http:// or https:// address');

const wsUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      return ['ws:', 'wss:', 'http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'must be a full wss:// (or ws://, https://) address');

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const { hour: DEFAULT_BACKFILL, week: LONGEST_BACKFILL } = BACKFILL_PRESETS;
const backfillSchema = z
  .object({
    maxPosts: z.number().int().min(0).max(LONGEST_BACKFILL.maxPosts).default(DEFAULT_BACKFILL.maxPosts),
    maxAgeMinutes: z.number().int().min(0).max(LONGEST_BACKFILL.maxAgeMinutes).default(DEFAULT_BACKFILL.maxAgeMinutes),
  })
  .default({ ...DEFAULT_BACKFILL });

function common<T extends keyof typeof DEFAULT_INTERVAL_SECONDS>(type: T) {
  return {
    type: z.literal(type),
    name: z.string().trim().regex(NAME_RE, 'must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit'),
    intervalSeconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(MIN_INTERVAL_SECONDS, `must be at least ${MIN_INTERVAL_SECONDS} seconds`)
      .max(86_400, 'must be at most 86400 seconds (one day)')
      .default(DEFAULT_INTERVAL_SECONDS[type]),
    enabled: z.boolean().default(true),
    backfill: backfillSchema,
  };
}

const hashtag = z
  .string()
  .trim()
  .transform((t) => t.replace(/^#/, ''))
  .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,100}$/u, 'hashtags are letters, digits and _ only (no spaces)'));

export const mastodonSourceSchema = z
  .object({
    ...common('mastodon'),
    baseUrl: httpUrl,
    hashtags: z.array(hashtag).max(20).default([]),
    keywords: z.array(nonEmpty).max(20).default([]),
    token: nonEmpty.optional(),
    /** Live posts over the streaming API beside polling; on by default once `streamingUrl` is set. */
    stream: z.boolean().optional(),
    /** Where the instance streams, when not on the instance itself (see /api/v2/instance). */
    streamingUrl: wsUrl.optional(),
  })
  .refine((s) => s.hashtags.length + s.keywords.length > 0, {
    message: 'and keywords are both empty: add at least one hashtag or keyword to watch',
    path: ['hashtags'],
  });

export const blueskySourceSchema = z
  .object({
    ...common('bluesky'),
    query: nonEmpty,
    identifier: nonEmpty.optional(),
    appPassword: nonEmpty.optional(),
    service: httpUrl.optional(),
    /** Live posts from Jetstream beside polling; on by default once `jetstreamUrl` is set. */
    stream: z.boolean().optional(),
    jetstreamUrl: wsUrl.optional(),
  })
  .refine((s) => (s.identifier === undefined) === (s.appPassword === undefined), {
    message: 'and identifier go together: set both (to search through your account) or neither',
    path: ['appPassword'],
  });

export const redditSourceSchema = z
  .object({
    ...common('reddit'),
    subreddits: z
      .array(
        z
          .string()
          .trim()
          .transform((s) => s.replace(/^\/?r\//i, ''))
          .pipe(z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'subreddit names are 2–21 letters, digits or _')),
      )
      .max(50)
      .default([]),
    query: nonEmpty.max(512).optional(),
    clientId: nonEmpty,
    clientSecret: nonEmpty,
  })
  .refine((s) => s.subreddits.length > 0 || s.query !== undefined, {
    message: 'is empty and there is no query: add at least one subreddit or a search query',
    path: ['subreddits'],
  });

export const xSourceSchema = z.object({
  ...common('x'),
  query: nonEmpty.max(512),
  bearerToken: nonEmpty,
});

export const hackernewsSourceSchema = z.object({
  ...common('hackernews'),
  query: nonEmpty,
  tags: nonEmpty.optional(),
});

export const rssSourceSchema = z.object({ ...common('rss'), url: httpUrl });

export const statuspageSourceSchema = z.object({ ...common('statuspage'), url: httpUrl });

export const webhookSourceSchema = z.object({
  ...common('webhook'),
  secret: z.string().min(16, 'must be at least 16 characters (use a long random string)'),
});

export const sourceConfigSchema = z.discriminatedUnion('type', [
  mastodonSourceSchema,
  blueskySourceSchema,
  redditSourceSchema,
  xSourceSchema,
  hackernewsSourceSchema,
  rssSourceSchema,
  statuspageSourceSchema,
  webhookSourceSchema,
]);

export type SourceConfig = z.infer<typeof sourceConfigSchema>;
/** What a user writes: defaults may be left out. */
export type SourceConfigInput = z.input<typeof sourceConfigSchema>;
export type ConfiguredSourceType = SourceConfig['type'];
export type SourceConfigOf<T extends ConfiguredSourceType> = Extract<SourceConfig, { type: T }>;

export const sourcesConfigSchema = z.array(sourceConfigSchema).superRefine((list, ctx) => {
  const seen = new Map<string, number>();
  list.forEach((s, i) => {
    const key = s.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `is already used by source #${first + 1}; names must be unique` });
    } else seen.set(key, i);
  });
});

/**
 * Whether a source also opens its live stream. The Sources form has no checkbox, so giving a
 * stream address (Jetstream for Bluesky, the streaming API for Mastodon) turns it on;
 * `"stream": true` in the config file streams from the default address, `false` keeps it off.
 */
export function streamWanted(config: SourceConfig): boolean {
  if (config.type === 'bluesky') return config.stream ?? config.jetstreamUrl !== undefined;
  if (config.type === 'mastodon') return config.stream ?? config.streamingUrl !== undefined;
  return false;
}

/** The part of the SURGE_CONFIG file this module owns; other top-level keys pass through. */
export const sourcesFileSchema = z.looseObject({ sources: sourcesConfigSchema.default([]) });

/** Fields holding credentials, per type: encrypted at rest, never logged, never sent back. */
export const SECRET_FIELDS: { readonly [T in ConfiguredSourceType]: readonly string[] } = {
  mastodon: ['token'],
  bluesky: ['appPassword'],
  reddit: ['clientSecret'],
  x: ['bearerToken'],
  hackernews: [],
  rss: [],
  statuspage: [],
  webhook: ['secret'],
};

/** A copy safe to log or show: every credential replaced by a marker saying it is set. */
export function redactSourceConfig(config: SourceConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const field of SECRET_FIELDS[config.type]) if (out[field] !== undefined) out[field] = '••••••';
  return out;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const KNOWN_TYPES = Object.keys(DEFAULT_INTERVAL_SECONDS).join(', ');

/** What someone typed, short enough to quote: a 100 000-character name is not echoed back whole. */
function shown(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > QUOTED_MAX ? `${truncate(trimmed, QUOTED_MAX)}…` : trimmed;
}
const QUOTED_MAX = 40;

function describeSource(raw: unknown, index: number): string {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const name = typeof r.name === 'string' && r.name.trim() ? `"${shown(r.name)}"` : `#${index + 1}`;
  return typeof r.type === 'string' ? `Source ${name} (${shown(r.type)})` : `Source ${name}`;
}

function issueText(issue: z.core.$ZodIssue, field: string): string {
  if (issue.code === 'invalid_union' && field === 'type') return `is not a known source type; use one of ${KNOWN_TYPES}`;
  return plainIssue(issue) ?? issue.message;
}

/** One problem within one source's settings: "url must be a full http:// or https:// address". */
function fieldProblem(issue: z.core.$ZodIssue, pathInSource: readonly PropertyKey[]): string {
  const field = pathInSource.map(String).join('.') || (issue.code === 'invalid_union' ? 'type' : '');
  const text = issueText(issue, field);
  return field ? `${field} ${text}` : text;
}

/** Turns zod issues on a `sources` array into one sentence per problem. */
export function formatSourceIssues(rawSources: unknown, issues: readonly z.core.$ZodIssue[], prefix: (string | number)[] = []): string[] {
  return issues.map((issue) => {
    const path = issue.path.slice(prefix.length);
    const index = typeof path[0] === 'number' ? path[0] : null;
    if (index === null) return `sources: ${issue.message}`;
    const raw = Array.isArray(rawSources) ? rawSources[index] : undefined;
    return `${describeSource(raw, index)}: ${fieldProblem(issue, path.slice(1))}`;
  });
}

/**
 * One source's settings, as the app's form sends them: each problem as "field: problem" (the form
 * names the field by its label), without the config file's "Source "feed" (rss):" prefix.
 */
export function parseOneSourceConfig(raw: unknown): ParseResult<SourceConfig> {
  const r = sourcesConfigSchema.safeParse([raw]);
  if (r.success) {
    const [config] = r.data;
    return config ? { ok: true, value: config } : { ok: false, errors: ['No source settings were given.'] };
  }
  return {
    ok: false,
    errors: r.error.issues.map((issue) => {
      const field = issue.path.slice(1);
      const text = issueText(issue, field.map(String).join('.'));
      return field.length > 0 ? `${field.map(String).join('.')}: ${text}` : text;
    }),
  };
}

/** Validates a `sources` array (already parsed JSON). */
export function parseSourcesConfig(raw: unknown): ParseResult<SourceConfig[]> {
  if (!Array.isArray(raw)) return { ok: false, errors: ['sources must be a list: "sources": [ { "type": ..., "name": ... } ]'] };
  const r = sourcesConfigSchema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: formatSourceIssues(raw, r.error.issues) };
}

/** Validates the text of a SURGE_CONFIG file; only the `sources` part is checked here. */
export function parseSourcesFile(text: string): ParseResult<SourceConfig[]> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, errors: [`The config file is not valid JSON (${err instanceof Error ? err.message : 'parse error'})`] };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, errors: ['The config file must be a JSON object like { "sources": [ ... ] }'] };
  const sources = (json as Record<string, unknown>).sources;
  return sources === undefined ? { ok: true, value: [] } : parseSourcesConfig(sources);
}
