/**
 * The team domains: signing in (auth), the people and their roles (users), and the audit log
 * admins read (audit). Tokens in answers are shown once and stored by the hub only as hashes.
 */
import { z } from 'zod';
import { roleSchema } from '../domain.js';
import { ADMIN_ONLY, ANY_ROLE, defineMethod, empty } from './spec.js';

/** Lower-case letters, digits, dot, dash, underscore: safe in a URL, a log line and an audit entry. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore');
/** OWASP: at least 8 characters, long passphrases allowed (argon2 takes any length; capped for DoS). */
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(256);
const displayNameSchema = z.string().trim().min(1).max(100);
const rolesSchema = z.array(roleSchema).min(1).max(4);
/** Session and invite tokens: 32 random bytes, base64url. */
const tokenSchema = z.string().min(16).max(128);

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  /** invited: has an open or expired invite and no password yet. */
  status: z.enum(['invited', 'active', 'disabled']),
  createdAt: z.number().int(),
  /** Last call from any of the user's sessions; null when never signed in. */
  lastSeenAt: z.number().int().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const meSchema = z.object({
  signedIn: z.boolean(),
  /** session: a signed-in user; token: an access token (scripts, the bootstrap token); local: the loopback/desktop admin. */
  via: z.enum(['session', 'token', 'local', 'none']),
  user: userSchema.nullable(),
  roles: z.array(roleSchema),
});
export type Me = z.infer<typeof meSchema>;

export const signedInSchema = z.object({
  /** The session token, shown once: keep it (the web UI in localStorage, the desktop with safeStorage). */
  token: z.string(),
  expiresAt: z.number().int(),
  me: meSchema,
});

export const inviteSchema = z.object({
  user: userSchema,
  /** The invite token, shown once; the link is `<hub>/#/invite/<token>`. */
  token: z.string(),
  expiresAt: z.number().int(),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actor: z.string(),
  userId: z.string().nullable(),
  address: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditLogEntry = z.infer<typeof auditEntrySchema>;

export const authMethods = {
  'auth.me': defineMethod({
    summary: 'Who this connection is signed in as (or that it is not).',
    input: empty,
    output: meSchema,
    roles: ANY_ROLE,
    signedOut: true,
  }),
  'auth.login': defineMethod({
    summary: 'Signs in with username and password; rate-limited per user and per address; the connection is then that user.',
    input: z.object({ username: z.string().max(64), password: z.string().max(256) }).strict(),
    output: signedInSchema,
    roles: ANY_ROLE,
    signedOut: true,
  }),
  'auth.resume': defineMethod({
    summary: 'Makes this connection the session a kept token names (after a reload or reconnect).',
    input: z.object({ token: tokenSchema }).strict(),
    output: meSchema,
    roles: ANY_ROLE,
    signedOut: true,
  }),
  'auth.logout': defineMethod({
    summary: 'Ends this connection’s session everywhere it is used.',
    input: empty,
    output: z.object({ signedOut: z.literal(true) }),
    roles: ANY_ROLE,
  }),
  'auth.inviteInfo': defineMethod({
    summary: 'What an invite link is for (username, roles, expiry), before its password is chosen.',
    input: z.object({ token: tokenSchema }).strict(),
    output: z.object({ username: z.string(), displayName: z.string(), roles: z.array(roleSchema), expiresAt: z.number().int() }),
    roles: ANY_ROLE,
    signedOut: true,
  }),
  'auth.acceptInvite': defineMethod({
    summary: 'Uses a one-time invite: sets the password and signs in.',
    input: z.object({ token: tokenSchema, password: passwordSchema, displayName: displayNameSchema.optional() }).strict(),
    output: signedInSchema,
    roles: ANY_ROLE,
    signedOut: true,
  }),
} as const;

export const usersMethods = {
  'users.list': defineMethod({
    summary: 'Every user with roles and status.',
    input: empty,
    output: z.array(userSchema),
    roles: ADMIN_ONLY,
  }),
  'users.create': defineMethod({
    summary: 'Creates a user with a password (for scripts; people usually get an invite); recorded in the audit log.',
    input: z
      .object({ username: usernameSchema, displayName: displayNameSchema.optional(), roles: rolesSchema, password: passwordSchema })
      .strict(),
    output: userSchema,
    roles: ADMIN_ONLY,
  }),
  'users.invite': defineMethod({
    summary:
      'Creates an invited user, or a new one-time link for an existing one (for an active user a password reset): it expires and works once.',
    input: z
      .object({
        username: usernameSchema,
        displayName: displayNameSchema.optional(),
        roles: rolesSchema,
        expiresInHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 14)
          .default(72),
      })
      .strict(),
    output: inviteSchema,
    roles: ADMIN_ONLY,
    audit: (input, out) => ({ subject: out.user.username, detail: { roles: out.user.roles, expiresAt: out.expiresAt } }),
  }),
  'users.update': defineMethod({
    summary: 'Changes roles, name or disabled; disabling ends the user’s sessions at once, a role change applies to their next call.',
    input: z
      .object({
        id: z.string().min(1).max(64),
        roles: rolesSchema.optional(),
        disabled: z.boolean().optional(),
        displayName: displayNameSchema.optional(),
      })
      .strict(),
    output: userSchema,
    roles: ADMIN_ONLY,
    audit: (input, out) => ({
      action: input.disabled === true ? 'users.disable' : input.disabled === false ? 'users.enable' : 'users.update',
      subject: out.username,
      detail: { ...(input.roles ? { roles: out.roles } : {}), ...(input.displayName ? { displayName: out.displayName } : {}) },
    }),
  }),
  'users.remove': defineMethod({
    summary: 'Deletes a user, their sessions and invites; the audit log keeps their name.',
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ removed: z.string() }),
    roles: ADMIN_ONLY,
    audit: (_input, out) => ({ subject: out.removed }),
  }),
} as const;

export const auditMethods = {
  'audit.list': defineMethod({
    summary: 'The audit log, newest first: who did what, when, from where.',
    input: z.object({ limit: z.number().int().min(1).max(500).default(100), beforeId: z.number().int().positive().optional() }).strict(),
    output: z.array(auditEntrySchema),
    roles: ADMIN_ONLY,
  }),
} as const;

export const authEvents = {
  /** To one connection: its session ended (signed out elsewhere, disabled, removed, expired); it is signed out now. */
  'auth.sessionEnded': z.object({ message: z.string() }),
  /** To one connection: the signed-in user's roles or name changed; read `auth.me` again. */
  'auth.changed': z.object({}),
} as const;
export const usersEvents = {} as const;
export const auditEvents = {} as const;

/** How a successful call changes which session a hub connection speaks for (applied by the transport). */
export const SESSION_BINDING = {
  'auth.login': 'answer',
  'auth.acceptInvite': 'answer',
  'auth.resume': 'input',
  'auth.logout': 'clear',
} as const;
