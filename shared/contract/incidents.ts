/**
 * The incident domain: the cord anyone on duty can pull. While incident mode covers a post,
 * nothing claims it for publishing (checked in the same transaction as the claim); leaving
 * never publishes: held posts wait in catch-up for a person's decision.
 */
import { z } from 'zod';
import { severitySchema } from '../domain.js';
import { networkSchema } from '../publishing/networks.js';
import { postIdSchema, scheduleAtSchema, scheduledPostSchema, postTextSchema } from './campaigns.js';
import { ADMIN, ANY_ROLE, defineMethod, empty } from './spec.js';
import { countOf } from '../plural.js';

/** Who may pull the cord (and let it go): war-room operators, social managers, admins. */
const ON_DUTY = ['operator', 'social', 'admin'] as const;
/** Who decides what happens to held posts. */
const SOCIAL = ['social', 'admin'] as const;

/** Everything, or only posts in these campaigns, to these networks or these accounts (any match covers). */
export const incidentScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('everything') }).strict(),
  z
    .object({
      kind: z.literal('some'),
      campaigns: z.array(z.number().int()).max(200).default([]),
      networks: z.array(networkSchema).max(3).default([]),
      accounts: z.array(z.string().min(1).max(100)).max(200).default([]),
    })
    .strict()
    .refine((s) => s.campaigns.length + s.networks.length + s.accounts.length > 0, 'choose at least one campaign, network or account'),
]);
export type IncidentScope = z.infer<typeof incidentScopeSchema>;

export const releaseSchema = z.object({
  perAccountEveryMinutes: z.number().int(),
  startedAt: z.number().int(),
  startedBy: z.string(),
  /** Posts the release started with; absent when an older hub started it. */
  total: z.number().int().nonnegative().optional(),
  /** Posts released but not yet gone out; stopping puts them back in catch-up. */
  remaining: z.number().int(),
  nextAt: z.number().int().nullable(),
});

export const incidentStatusSchema = z.object({
  on: z.boolean(),
  since: z.number().int().nullable(),
  by: z.string().nullable(),
  reason: z.string().nullable(),
  scope: incidentScopeSchema,
  /** True when the admin policy entered it on a surge alert, not a person. */
  automatic: z.boolean(),
  /** Posts waiting in catch-up. */
  held: z.number().int(),
  /** Sends that were already under way when incident mode was entered (they could not be stopped). */
  inFlightAtEnter: z.number().int(),
  release: releaseSchema.nullable(),
});
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

export const incidentPolicySchema = z.object({
  /** Enter incident mode by itself when a surge alert opens (it then says so loudly). Off by default. */
  autoEnterOnAlert: z.boolean(),
  /** The least severe alert that suggests (or, with the policy, enters) incident mode. */
  minSeverity: severitySchema,
  /** Ask every N minutes whether incident mode is still needed; 0: never. */
  reminderEveryMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** How far ahead the suggestion's preview of due posts looks. */
  previewHours: z.number().int().min(1).max(72),
});
export type IncidentPolicy = z.infer<typeof incidentPolicySchema>;
export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  autoEnterOnAlert: false,
  minSeverity: 'warning',
  reminderEveryMinutes: 30,
  previewHours: 4,
};

export const CATCH_UP_ACTIONS = ['publishNow', 'reschedule', 'edit', 'cancel', 'backToApproval'] as const;

export const decideInputSchema = z
  .object({
    postIds: z.array(postIdSchema).min(1).max(5000),
    action: z.enum(CATCH_UP_ACTIONS),
    /** reschedule: the new time. */
    at: scheduleAtSchema.optional(),
    /** edit: the new text (the post stays in catch-up). */
    text: postTextSchema.optional(),
    reason: z.string().max(500).optional(),
  })
  .strict()
  .refine((d) => d.action !== 'reschedule' || d.at !== undefined, { message: 'reschedule needs a new time', path: ['at'] })
  .refine((d) => d.action !== 'edit' || d.text !== undefined, { message: 'edit needs the new text', path: ['text'] });
export type DecideInput = z.infer<typeof decideInputSchema>;

export const decideOutputSchema = z.object({
  changed: z.array(scheduledPostSchema),
  /** Posts the decision did not apply to, each with why in plain words. */
  refused: z.array(z.object({ id: postIdSchema, reason: z.string() })),
});

export const incidentPreviewSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** Held at once if entered now: due before `to` (overdue ones still waiting included), by time. */
  posts: z.array(scheduledPostSchema),
  /** Also held, due after `to`. */
  later: z.number().int(),
});
export type IncidentPreview = z.infer<typeof incidentPreviewSchema>;

/** What one line of incident history records. */
export const INCIDENT_HISTORY_KINDS = ['entered', 'left', 'scopeChanged', 'decided', 'releaseStarted', 'releaseStopped'] as const;

/**
 * One incident-mode step from the audit log, in its own fields: never the raw entry, so no
 * address, user id or other detail reaches the roles that may not read the audit log.
 */
export const incidentHistoryEntrySchema = z.object({
  /** The audit entry's id: the cursor for older pages. */
  id: z.number().int(),
  at: z.number().int(),
  who: z.string(),
  kind: z.enum(INCIDENT_HISTORY_KINDS),
  /** Entered by the admin policy on a surge alert, not a person. */
  automatic: z.boolean(),
  /** decided: which decision. */
  decision: z.enum(CATCH_UP_ACTIONS).nullable(),
  reason: z.string().nullable(),
  /** entered, scopeChanged: what it held from then on. */
  scope: incidentScopeSchema.nullable(),
  /** Posts held afterwards (entered, left, releaseStopped). */
  held: z.number().int().nullable(),
  /** entered: sends already under way that could not be stopped. */
  inFlight: z.number().int().nullable(),
  /** decided: posts the decision changed; releaseStarted: posts released. */
  posts: z.number().int().nullable(),
  /** decided: posts it was refused for. */
  refused: z.number().int().nullable(),
  /** releaseStarted: one post per this many minutes per account. */
  everyMinutes: z.number().int().nullable(),
});
export type IncidentHistoryEntry = z.infer<typeof incidentHistoryEntrySchema>;

export const INCIDENT_HISTORY_PAGE_MAX = 100;

const reasonSchema = z.string().trim().min(1, 'say why').max(500);

export const incidentMethods = {
  'incident.status': defineMethod({
    summary: 'Whether incident mode is on, since when, by whom, why, for what, and how many posts it holds.',
    input: empty,
    output: incidentStatusSchema,
    roles: ANY_ROLE,
  }),
  'incident.enter': defineMethod({
    summary: 'Pulls the cord: from the moment this answers, no covered post goes out. Covered scheduled posts move to catch-up.',
    input: z.object({ reason: reasonSchema, scope: incidentScopeSchema.default({ kind: 'everything' }) }).strict(),
    output: incidentStatusSchema,
    roles: ON_DUTY,
    audit: (input, s) => ({
      subject: 'incident mode',
      detail: { reason: input.reason, scope: s.scope, held: s.held, inFlight: s.inFlightAtEnter },
    }),
  }),
  'incident.exit': defineMethod({
    summary: 'Leaves incident mode. Nothing is published by this: held posts stay in catch-up.',
    input: z.object({ reason: z.string().max(500).optional() }).strict(),
    output: incidentStatusSchema,
    roles: ON_DUTY,
    audit: (input, s) => ({ subject: 'incident mode', detail: { held: s.held, ...(input.reason ? { reason: input.reason } : {}) } }),
  }),
  'incident.setScope': defineMethod({
    summary: 'Changes what incident mode covers; newly covered posts move to catch-up, uncovered ones stay there.',
    input: z.object({ scope: incidentScopeSchema, reason: z.string().max(500).optional() }).strict(),
    output: incidentStatusSchema,
    roles: ON_DUTY,
    audit: (input, s) => ({ subject: 'incident mode', detail: { scope: s.scope, ...(input.reason ? { reason: input.reason } : {}) } }),
  }),
  'incident.preview': defineMethod({
    summary:
      'What entering incident mode (or changing its scope) to this scope would hold right now: the posts due in the next hours, and how many more are due later. Without a scope: everything.',
    input: z.object({ hours: z.number().int().min(1).max(72).default(4), scope: incidentScopeSchema.optional() }).strict(),
    output: incidentPreviewSchema,
    roles: ANY_ROLE,
  }),
  'incident.history': defineMethod({
    summary:
      'Incident mode over time, newest first: entered, left, scope changed, decisions and paced releases, with who, when, why and how many. Pass `before` (an entry id) for older ones.',
    input: z
      .object({
        limit: z.number().int().min(1).max(INCIDENT_HISTORY_PAGE_MAX).default(30),
        before: z.number().int().positive().optional(),
      })
      .strict(),
    output: z.object({
      entries: z.array(incidentHistoryEntrySchema),
      /** The `before` for the next older page; null when there is none. */
      next: z.number().int().nullable(),
    }),
    roles: ANY_ROLE,
  }),
  'incident.catchUp': defineMethod({
    summary: 'Held posts waiting for a decision, by original time (overdue ones flagged).',
    input: empty,
    output: z.array(scheduledPostSchema),
    roles: ANY_ROLE,
  }),
  'incident.decide': defineMethod({
    summary:
      'Decides held posts, one or many: publish now, reschedule, edit, cancel or send back for approval. Publish now and reschedule are refused for a post incident mode still covers; edit, cancel and back to approval are not.',
    input: decideInputSchema,
    output: decideOutputSchema,
    roles: SOCIAL,
    audit: (input, out) => ({
      action: `incident.decide.${input.action}`,
      subject: countOf(out.changed.length, 'post'),
      detail: {
        postIds: out.changed.map((p) => p.id),
        refused: out.refused,
        ...(input.at ? { at: input.at } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
      },
    }),
  }),
  'incident.release': defineMethod({
    summary: 'Releases held posts at a pace: one post per N minutes per account, by original time; stoppable.',
    input: z
      .object({
        perAccountEveryMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60),
        postIds: z.array(postIdSchema).max(5000).optional(),
      })
      .strict(),
    output: incidentStatusSchema,
    roles: SOCIAL,
    audit: (input, s) => ({
      subject: 'paced release',
      detail: { perAccountEveryMinutes: input.perAccountEveryMinutes, posts: s.release?.remaining ?? 0 },
    }),
  }),
  'incident.stopRelease': defineMethod({
    summary: 'Stops a paced release: posts not yet gone out return to catch-up.',
    input: empty,
    output: incidentStatusSchema,
    roles: SOCIAL,
    audit: (_input, s) => ({ subject: 'paced release', detail: { held: s.held } }),
  }),
  'incident.getPolicy': defineMethod({
    summary: 'What a surge alert does (suggest, or enter by itself) and how often to remind.',
    input: empty,
    output: incidentPolicySchema,
    roles: ANY_ROLE,
  }),
  'incident.savePolicy': defineMethod({
    summary: 'Saves the incident policy (admins).',
    input: incidentPolicySchema.strict(),
    output: incidentPolicySchema,
    roles: ADMIN,
    audit: (input) => ({ subject: 'incident policy', detail: { ...input } }),
  }),
} as const;

export const incidentEvents = {
  'incident.changed': incidentStatusSchema,
  /** A surge alert opened: the posts due soon, and whether the policy entered incident mode by itself. */
  'incident.suggested': z.object({
    alert: z.object({ id: z.number().int(), title: z.string(), severity: severitySchema }),
    autoEntered: z.boolean(),
    /** One sentence to show (loud when autoEntered). */
    message: z.string(),
    hours: z.number().int(),
    posts: z.array(scheduledPostSchema),
  }),
  /** Incident mode has been on for a while: is it still needed? */
  'incident.reminder': z.object({
    since: z.number().int(),
    by: z.string(),
    reason: z.string(),
    minutesOn: z.number().int(),
    message: z.string(),
  }),
} as const;
