/**
 * Who may call what: the one rule `dispatch` applies and the role-matrix tests read. A caller
 * holds any number of roles (none when signed out); a call is allowed when any of them is in
 * the method's `roles`, or the method is open to signed-out callers.
 */
import type { Role } from '../domain.js';
import type { CallContext } from './handlers.js';
import type { MethodSpec } from './spec.js';
import type { z } from 'zod';

/** Every role the caller holds; `roles` wins, else the single `role`, else none (signed out). */
export function rolesOf(ctx: Pick<CallContext, 'role' | 'roles'>): readonly Role[] {
  return ctx.roles ?? (ctx.role ? [ctx.role] : []);
}

export type Access = 'allowed' | 'unauthorized' | 'forbidden';

export function accessFor(spec: Pick<MethodSpec<z.ZodType, z.ZodType>, 'roles' | 'signedOut'>, roles: readonly Role[]): Access {
  if (spec.signedOut) return 'allowed';
  if (roles.length === 0) return 'unauthorized';
  return roles.some((role) => spec.roles.includes(role)) ? 'allowed' : 'forbidden';
}

/** The role shown for a caller with several: the most powerful one (admin, lead, social, operator). */
export function primaryRole(roles: readonly Role[]): Role | null {
  for (const role of ['admin', 'lead', 'social', 'operator'] as const) if (roles.includes(role)) return role;
  return null;
}

/**
 * The name an audit entry gives the caller: the person when there is one; else what let them
 * in, so no entry says only a role: this computer's own user ("local admin": the desktop, or a
 * browser on the hub's loopback) or an access token ("admin token": the bootstrap, scripts).
 */
export function actorOf(ctx: Pick<CallContext, 'username' | 'userId' | 'role' | 'via'>): string {
  if (ctx.username) return ctx.username;
  if (ctx.userId) return ctx.userId;
  if (!ctx.role) return 'signed out';
  if (ctx.via === 'local') return `local ${ctx.role}`;
  if (ctx.via === 'token') return `${ctx.role} token`;
  return ctx.role;
}
