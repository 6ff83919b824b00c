/** The system domain: which protocol both sides speak, who is connected, to what. */
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
  /** Every role the caller holds (a user may hold several); older hubs send only `role`. */
  roles: z.array(z.enum(ROLES)).optional(),
  transport: z.enum(['ipc', 'websocket']),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

/**
 * The protocol version this build speaks. Bump it when a method or event changes in a way a
 * peer built from the previous version would misread; `system.hello` itself never changes.
 */
// 2: `board.changed` carries a card without its comments; new comments come as `board.commented`.
// 3: `board.create` and `board.comment` take an optional `requestKey` (a hub of 2 refuses it; apps of 2 still work).
export const CONTRACT_VERSION = 3;
/** The oldest app this hub still serves: every change since it only added optional inputs. */
export const OLDEST_APP_SERVED = 2;

// Not strict: a newer app may say more in its hello, and must still get a plain answer.
export const helloInputSchema = z.object({
  contractVersion: z.number().int().nonnegative(),
  /** Which app says hello, for the log (e.g. "Surge Desk window (websocket)"). */
  client: z.string().max(80),
});

export const helloOutputSchema = z.object({
  contractVersion: z.number().int(),
  compatible: z.boolean(),
  /** One sentence for a person when not compatible, else null. */
  message: z.string().nullable(),
});
export type HelloAnswer = z.infer<typeof helloOutputSchema>;

/** The sentence both sides show when the versions differ; it names which side to update. */
export function contractMismatchMessage(hubVersion: number, appVersion: number): string {
  const update = hubVersion > appVersion ? 'update the app (or the hub)' : 'update the hub (or the app)';
  return `This hub speaks version ${hubVersion} of the Surge Desk protocol and this app speaks version ${appVersion}: ${update} so both match.`;
}

/**
 * The hub's answer to a hello: equal versions are compatible, and a hub of this build also
 * serves apps back to `OLDEST_APP_SERVED` (a newer app is not: it would send what this hub refuses).
 */
export function answerHello(hubVersion: number, appVersion: number): HelloAnswer {
  const servesOlder = hubVersion === CONTRACT_VERSION && appVersion >= OLDEST_APP_SERVED && appVersion < hubVersion;
  const compatible = hubVersion === appVersion || servesOlder;
  return { contractVersion: hubVersion, compatible, message: compatible ? null : contractMismatchMessage(hubVersion, appVersion) };
}

export const systemMethods = {
  'system.hello': defineMethod({
    summary: 'The first call after every connect: which protocol version each side speaks, and whether they match.',
    input: helloInputSchema,
    output: helloOutputSchema,
    roles: ANY_ROLE,
    signedOut: true,
  }),
  'system.info': defineMethod({
    summary: 'Who is connected, to what, and whether the data is a demo.',
    input: empty,
    output: systemInfoSchema,
    roles: ANY_ROLE,
  }),
} as const;

export const systemEvents = {} as const;
