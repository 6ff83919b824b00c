/** The sources domain: configured sources, their health, settings and coverage gaps. */
import { z } from 'zod';
import { coverageGapSchema, sourceStatusSchema } from '../domain.js';
import { ADMIN, ANY_ROLE, defineMethod, empty } from './spec.js';

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

/** Newest gaps per source that `sources.gaps` answers with; the poller keeps no more than this by default. */
export const GAPS_PER_SOURCE_MAX = 200;
/** `sources.gaps` without `sinceMs` looks back this far. */
export const GAPS_DEFAULT_LOOKBACK_MS = 24 * 60 * 60_000;

export const sourceGapsSchema = z.object({
  source: z.string(),
  gaps: z.array(coverageGapSchema).max(GAPS_PER_SOURCE_MAX),
});
export type SourceGaps = z.infer<typeof sourceGapsSchema>;

export const sourcesMethods = {
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
    audit: (_input, view) => ({ subject: view.name, detail: { type: view.type } }),
  }),
  'sources.update': defineMethod({
    summary: 'Changes a source; credential fields left empty keep their stored value.',
    input: z.object({ name: z.string().min(1).max(100), config: sourceConfigInput }).strict(),
    output: sourceConfigViewSchema,
    roles: ADMIN,
    audit: (_input, view) => ({ subject: view.name, detail: { type: view.type } }),
  }),
  'sources.remove': defineMethod({
    summary: 'Stops and deletes a source; its stored posts stay.',
    input: z.object({ name: z.string().min(1).max(100) }).strict(),
    output: z.object({ removed: z.string() }),
    roles: ADMIN,
    audit: (input) => ({ subject: input.name }),
  }),
  'sources.setPaused': defineMethod({
    summary: 'Pauses or resumes polling one source.',
    input: z.object({ name: z.string().min(1).max(100), paused: z.boolean() }).strict(),
    output: sourceStatusSchema,
    roles: ADMIN,
    audit: (input) => ({ action: input.paused ? 'sources.pause' : 'sources.resume', subject: input.name }),
  }),
  'sources.test': defineMethod({
    summary: 'Fetches once with the given settings (or a saved source) and shows what came back; stores nothing.',
    input: z.union([z.object({ config: sourceConfigInput }).strict(), z.object({ name: z.string().min(1).max(100) }).strict()]),
    output: sourceTestResultSchema,
    roles: ADMIN,
  }),
} as const;

export const sourcesEvents = {
  'sources.status': sourceStatusSchema,
  /** A source was deleted (or the demo stopped because a real source was added). */
  'sources.removed': z.object({ name: z.string() }),
} as const;
