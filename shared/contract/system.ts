/** The system domain: who is connected, to what. */
import { z } from 'zod';
import { ROLES } from '../domain.js';
import { ANY_ROLE, defineMethod, empty } from './spec.js';

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

export const systemMethods = {
  'system.info': defineMethod({
    summary: 'Who is connected, to what, and whether the data is a demo.',
    input: empty,
    output: systemInfoSchema,
    roles: ANY_ROLE,
  }),
} as const;

export const systemEvents = {} as const;
