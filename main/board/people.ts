/** People as the board names them: the caller of a change, an assignee, a paged user. */
import type { BoardPerson } from '../../shared/contract/board.js';
import type { CallContext } from '../../shared/contract/handlers.js';
import type { Role } from '../../shared/domain.js';
import type { UserRow } from '../store/users.js';

export const personOfUser = (user: Pick<UserRow, 'id' | 'username' | 'displayName'>): BoardPerson => ({
  userId: user.id,
  username: user.username,
  displayName: user.displayName,
});

/** Who made a call: the signed-in user, else what let the caller in (the local desktop, an access token). */
export function personOf(ctx: CallContext, lookup: (id: string) => UserRow | null): BoardPerson {
  const user = ctx.userId ? lookup(ctx.userId) : null;
  if (user) return personOfUser(user);
  if (ctx.via === 'local' || ctx.transport === 'ipc') return { userId: null, username: 'local', displayName: 'Local admin' };
  const role = ctx.role ?? 'signed out';
  return { userId: ctx.userId, username: ctx.username ?? `token-${role}`, displayName: ctx.username ?? `Access token (${role})` };
}

/** Users paged by a tier's targets: named users (when active) and every active holder of a named role. */
export function pagedUsers(
  targets: ReadonlyArray<{ kind: 'user'; userId: string } | { kind: 'role'; role: Role }>,
  users: readonly UserRow[],
): { userIds: string[]; roles: Role[] } {
  const active = users.filter((u) => u.disabledAt === null);
  const roles = [...new Set(targets.flatMap((t) => (t.kind === 'role' ? [t.role] : [])))];
  const ids = new Set<string>();
  for (const t of targets) if (t.kind === 'user' && active.some((u) => u.id === t.userId)) ids.add(t.userId);
  for (const u of active) if (u.roles.some((r) => roles.includes(r))) ids.add(u.id);
  return { userIds: [...ids].sort(), roles };
}
