/** The alerts domain: alerts, the detection settings per series, and backtests of them. */
import { z } from 'zod';
import { alertPolicySchema, alertSchema, backtestHitSchema } from '../domain.js';
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
} as const;

export const alertsEvents = {
  'alerts.changed': alertSchema,
} as const;
