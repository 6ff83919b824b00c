/**
 * The desktop's "Connect to a team hub": what the window may ask the Electron main process
 * over the bridge's `hubLink` function, and what it answers. Not part of the engine's
 * contract: a hub never sees these, and the main process answers them itself.
 *
 * The session token never crosses this boundary (nor the call channel: the main process
 * blanks it in sign-in answers), so it lives only in the main process and, encrypted with
 * safeStorage, on disk.
 */
import { z } from 'zod';

/** Sent on the event channel while connected: the link's state (connecting / open / closed, retry). */
export const HUB_LINK_STATUS_EVENT = 'hubLink.status';

const text = (max: number) => z.string().max(max);

export const hubLinkRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('status') }).strict(),
  /** An invite link or bare token, and the password the invited person picks. */
  z
    .object({ action: z.literal('join'), url: text(2048), invite: text(2048), password: text(256), displayName: text(100).optional() })
    .strict(),
  z.object({ action: z.literal('signIn'), url: text(2048), username: text(64), password: text(256) }).strict(),
  z.object({ action: z.literal('disconnect') }).strict(),
  /** "Retry now" while the link to the hub is down. */
  z.object({ action: z.literal('reconnect') }).strict(),
]);
export type HubLinkRequest = z.infer<typeof hubLinkRequestSchema>;

export const linkStatusSchema = z.object({
  state: z.enum(['connecting', 'open', 'closed']),
  attempt: z.number().int().min(0),
  retryAt: z.number().nullable(),
  notice: z.string().max(500).optional(),
});

export const hubLinkStateSchema = z.discriminatedUnion('mode', [
  /** The solo desktop: this computer's engine, its one local admin. */
  z.object({ mode: z.literal('local') }),
  z.object({
    mode: z.literal('hub'),
    /** The hub's origin, e.g. https://hub.example.com. */
    url: z.string(),
    link: linkStatusSchema,
    /** Who is signed in (display name), null while signed out. */
    user: z.string().nullable(),
    /** False when this computer cannot keep the session across restarts (no OS keyring). */
    kept: z.boolean(),
    /** Plain words the Settings screen shows (the session ended, not kept, …). */
    notice: z.string().nullable(),
    /**
     * A digest of the kept session (not the token, and not usable as one), null while there is
     * none: the window keys its offline copy of the board by it, as a browser does by its token.
     * Known from the kept session at start, before the hub answers (or when it never does).
     */
    session: z.string().max(64).nullable(),
  }),
]);
export type HubLinkState = z.infer<typeof hubLinkStateSchema>;
