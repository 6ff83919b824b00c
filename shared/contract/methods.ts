/**
 * The contract: every method the engine serves (input, output, roles allowed) and every
 * event it pushes. Main implements it once (a missing handler is a compile error); the
 * Electron preload and the hub's WebSocket both serve exactly this, nothing more.
 */
import { z } from 'zod';
import {
  ROLES,
  alertPolicySchema,
  alertSchema,
  backtestHitSchema,
  bucketSchema,
  coverageGapSchema,
  sourceStatusSchema,
  storedPostSchema,
  type Role,
} from '../domain.js';

export interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  roles: readonly Role[];
  /** One line for people reading the API. */
  summary: string;
}

const defineMethod = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>) => spec;
const ANY_ROLE = ROLES;
const empty = z.object({}).strict();

export const systemInfoSchema = z.object({
  name: z.literal('Surge Desk'),
  version: z.string(),
  startedAt: z.number().int(),
  /** True while only the demo source runs; every view labels demo data as such. */
  demo: z.boolean(),
  role: z.enum(ROLES),
  transport: z.enum(['ipc', 'websocket']),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const seriesVolumeSchema = z.object({
  series: z.string(),
  buckets: z.array(bucketSchema),
});

/** A source as the Sources view edits it: credentials never leave the engine, only whether they are set. */
export const sourceConfigViewSchema = z.object({
  name: z.string(),
  type: z.string(),
  /** 'file' sources come from SURGE_CONFIG and are edited there; 'app' ones here. */
  origin: z.enum(['app', 'file', 'demo']),
  config: z.record(z.string(), z.unknown()),
  secretsSet: z.array(z.string()),
});
export type SourceConfigView = z.infer<typeof sourceConfigViewSchema>;

/** A source config as typed in the form; the engine validates it per type. */
const sourceConfigInput = z.record(z.string(), z.unknown()).refine((c) => Object.keys(c).length <= 40, 'too many fields');

export const sourceTestResultSchema = z.object({
  ok: z.boolean(),
  fetched: z.number().int(),
  incidents: z.number().int(),
  sample: z.array(z.object({ author: z.string(), text: z.string(), url: z.string().nullable(), createdAt: z.number().int() })),
  /** What went wrong, in plain words, when `ok` is false. */
  error: z.string().nullable(),
  elapsedMs: z.number().int(),
});

const ADMIN = ['admin'] as const;

/** Newest gaps per source that `sources.gaps` answers with; the poller keeps no more than this by default. */
export const GAPS_PER_SOURCE_MAX = 200;
/** `sources.gaps` without `sinceMs` looks back this far. */
export const GAPS_DEFAULT_LOOKBACK_MS = 24 * 60 * 60_000;

export const sourceGapsSchema = z.object({
  source: z.string(),
  gaps: z.array(coverageGapSchema).max(GAPS_PER_SOURCE_MAX),
});
export type SourceGaps = z.infer<typeof sourceGapsSchema>;

export const methods = {
  'system.info': defineMethod({
    summary: 'Who is connected, to what, and whether the data is a demo.',
    input: empty,
    output: systemInfoSchema,
    roles: ANY_ROLE,
  }),
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
  'posts.recent': defineMethod({
    summary: 'Newest stored posts, optionally for one source.',
    input: z
      .object({
        source: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    output: z.array(storedPostSchema),
    roles: ANY_ROLE,
  }),
  'sources.list': defineMethod({
    summary: 'Every configured source with its health.',
    input: empty,
    output: z.array(sourceStatusSchema),
    roles: ANY_ROLE,
  }),
  'sources.gaps': defineMethod({
    summary: 'Coverage gaps (windows a source may have missed posts) still open or ended since `sinceMs`, per source, oldest first.',
    input: z
      .object({
        /** Epoch ms; default: the last 24 hours. */
        sinceMs: z.number().int().nonnegative().optional(),
        source: z.string().min(1).max(100).optional(),
      })
      .strict(),
    output: z.array(sourceGapsSchema),
    roles: ANY_ROLE,
  }),
  'sources.configs': defineMethod({
    summary: 'Every source with its settings (credentials shown only as set or not).',
    input: empty,
    output: z.array(sourceConfigViewSchema),
    roles: ADMIN,
  }),
  'sources.add': defineMethod({
    summary: 'Adds a source and starts polling it; the demo stops once a real source exists.',
    input: z.object({ config: sourceConfigInput }).strict(),
    output: sourceConfigViewSchema,
    roles: ADMIN,
  }),
  'sources.update': defineMethod({
    summary: 'Changes a source; credential fields left empty keep their stored value.',
    input: z.object({ name: z.string().min(1).max(100), config: sourceConfigInput }).strict(),
    output: sourceConfigViewSchema,
    roles: ADMIN,
  }),
  'sources.remove': defineMethod({
    summary: 'Stops and deletes a source; its stored posts stay.',
    input: z.object({ name: z.string().min(1).max(100) }).strict(),
    output: z.object({ removed: z.string() }),
    roles: ADMIN,
  }),
  'sources.setPaused': defineMethod({
    summary: 'Pauses or resumes polling one source.',
    input: z.object({ name: z.string().min(1).max(100), paused: z.boolean() }).strict(),
    output: sourceStatusSchema,
    roles: ADMIN,
  }),
  'sources.test': defineMethod({
    summary: 'Fetches once with the given settings (or a saved source) and shows what came back; stores nothing.',
    input: z.union([z.object({ config: sourceConfigInput }).strict(), z.object({ name: z.string().min(1).max(100) }).strict()]),
    output: sourceTestResultSchema,
    roles: ADMIN,
  }),
  'alerts.list': defineMethod({
    summary: 'Alerts, newest first; open and escalating ones unless `includeResolved`.',
    input: z
      .object({
        includeResolved: z.boolean().default(false),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.array(alertSchema),
    roles: ANY_ROLE,
  }),
  'detection.getSettings': defineMethod({
    summary: 'The alert settings for one series (its own, or the defaults it inherits).',
    input: z.object({ series: z.string().min(1).max(200) }).strict(),
    output: z.object({ series: z.string(), policy: alertPolicySchema, inherited: z.boolean() }),
    roles: ANY_ROLE,
  }),
  'detection.saveSettings': defineMethod({
    summary: 'Saves alert settings for one series; recorded in the audit log.',
    input: z.object({ series: z.string().min(1).max(200), policy: alertPolicySchema }).strict(),
    output: z.object({ series: z.string(), policy: alertPolicySchema, inherited: z.boolean() }),
    roles: ['operator', 'admin'],
  }),
  'alerts.backtest': defineMethod({
    summary: 'Replays settings over stored history and lists where alerts would have fired.',
    input: z
      .object({
        series: z.string().min(1).max(200),
        policy: alertPolicySchema,
        days: z.number().int().min(1).max(60).default(7),
      })
      .strict(),
    output: z.object({
      series: z.string(),
      fromMinute: z.number().int(),
      toMinute: z.number().int(),
      /** First stored minute of the series inside the range, null when it has none (earlier minutes are unknown, not zero). */
      firstDataMinute: z.number().int().nullable(),
      bucketsReplayed: z.number().int(),
      hits: z.array(backtestHitSchema),
    }),
    roles: ANY_ROLE,
  }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);

export const events = {
  /** Volume added since the last tick, per series; the renderer folds it into its buckets. */
  'volume.tick': z.object({
    minute: z.number().int(),
    increments: z.record(z.string(), z.number().int().nonnegative()),
  }),
  'sources.status': sourceStatusSchema,
  /** A source was deleted (or the demo stopped because a real source was added). */
  'sources.removed': z.object({ name: z.string() }),
  'alerts.changed': alertSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
