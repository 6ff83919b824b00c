/** The alerts domain: alerts, the detection settings per series, and backtests of them. */
import { z } from 'zod';
import { alertEventSchema, alertPolicySchema, alertSchema, backtestHitSchema, bandPointSchema, severitySchema } from '../domain.js';

const deliverySchema = z.object({ at: z.number().int(), ok: z.boolean(), detail: z.string() });
export const notifyTargetSchema = z.object({
  name: z.string(),
  kind: z.enum(['slack', 'json']),
  minSeverity: severitySchema,
  enabled: z.boolean(),
  /** The URL's origin only: the rest of it is the secret. */
  urlHint: z.string(),
  last: deliverySchema.nullable(),
});
const targetName = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[\w .-]+$/, 'Use letters, digits, spaces, dots, dashes or underscores.');
import { ANY_ROLE, defineMethod } from './spec.js';

export const alertsMethods = {
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
    audit: (input) => ({ subject: input.series, detail: { policy: input.policy } }),
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
  'alerts.band': defineMethod({
    summary: 'What the detector expected of each settled minute of a series (baseline and bounds), oldest first; warm-up minutes absent.',
    input: z
      .object({
        series: z.string().min(1).max(200),
        sinceMinute: z.number().int(),
        untilMinute: z.number().int().optional(),
      })
      .strict()
      .refine((input) => input.untilMinute === undefined || input.untilMinute - input.sinceMinute <= 10_080, {
        message: 'The range may span at most 7 days (10,080 minutes).',
      }),
    output: z.object({ series: z.string(), points: z.array(bandPointSchema) }),
    roles: ANY_ROLE,
  }),
  'alerts.markers': defineMethod({
    summary: 'Where alerts on a series opened, escalated and resolved since a time, oldest first.',
    input: z
      .object({
        series: z.string().min(1).max(200),
        since: z.number().int(),
        limit: z.number().int().min(1).max(2000).default(500),
      })
      .strict(),
    output: z.array(alertEventSchema),
    roles: ANY_ROLE,
  }),
  'alerts.acknowledge': defineMethod({
    summary: 'Marks an alert as seen by the caller (the first acknowledgement stands); recorded in the audit log.',
    input: z.object({ id: z.number().int() }).strict(),
    output: alertSchema,
    roles: ['operator', 'lead', 'admin'],
    audit: (input, output) => ({ subject: `alert ${input.id}`, detail: { series: output.series, title: output.title } }),
  }),
  'alerts.runDrill': defineMethod({
    summary:
      'Fire drill: injects a synthetic surge into the separate drill series and runs it end to end (detector, alert, notifications); real series are untouched.',
    input: z.object({}).strict(),
    output: z.object({ alert: alertSchema.nullable() }),
    roles: ['operator', 'admin'],
    audit: (_input, output) => ({ subject: 'drill', detail: { alertId: output.alert?.id ?? null } }),
  }),
  'terms.list': defineMethod({
    summary: 'The watched terms and phrases: each has its own volume series and alerts.',
    input: z.object({}).strict(),
    output: z.array(z.string()),
    roles: ANY_ROLE,
  }),
  'terms.add': defineMethod({
    summary: 'Watches a term or phrase from now on (its own chart and alerts); recorded in the audit log.',
    input: z.object({ term: z.string().min(1).max(80) }).strict(),
    output: z.array(z.string()),
    roles: ['admin'],
    audit: (input) => ({ subject: input.term }),
  }),
  'terms.remove': defineMethod({
    summary: 'Stops watching a term; its stored history stays. Recorded in the audit log.',
    input: z.object({ term: z.string().min(1).max(80) }).strict(),
    output: z.array(z.string()),
    roles: ['admin'],
    audit: (input) => ({ subject: input.term }),
  }),
  'notify.targets': defineMethod({
    summary: 'Outbound notification targets (Slack and JSON webhooks) and how their last delivery went.',
    input: z.object({}).strict(),
    output: z.array(notifyTargetSchema),
    roles: ['admin'],
  }),
  'notify.saveTarget': defineMethod({
    summary: 'Adds or changes a notification target; without a URL an existing one keeps its stored URL. Audited (never the URL).',
    input: z
      .object({
        name: targetName,
        kind: z.enum(['slack', 'json']),
        url: z.string().max(2048).optional(),
        minSeverity: severitySchema.default('warning'),
        enabled: z.boolean().default(true),
      })
      .strict(),
    output: z.array(notifyTargetSchema),
    roles: ['admin'],
    audit: (input) => ({
      subject: input.name,
      detail: { kind: input.kind, minSeverity: input.minSeverity, enabled: input.enabled, urlChanged: !!input.url },
    }),
  }),
  'notify.removeTarget': defineMethod({
    summary: 'Removes a notification target; recorded in the audit log.',
    input: z.object({ name: targetName }).strict(),
    output: z.array(notifyTargetSchema),
    roles: ['admin'],
    audit: (input) => ({ subject: input.name }),
  }),
  'notify.test': defineMethod({
    summary: 'Sends a test message to one target now, with the usual retries, and says how it went.',
    input: z.object({ name: targetName }).strict(),
    output: deliverySchema,
    roles: ['admin'],
  }),
} as const;

export const alertsEvents = {
  'terms.changed': z.array(z.string()),
  'alerts.changed': alertSchema,
} as const;
