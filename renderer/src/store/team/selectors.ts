import { ROLES, type Role } from '../../../../shared/domain.js';
import type { DeskState } from '../types.js';

const NONE: readonly Role[] = [];
const SINGLE = Object.fromEntries(ROLES.map((role) => [role, [role] as const])) as unknown as Record<Role, readonly Role[]>;

/**
 * Every role this window holds: a signed-in user's from auth.me, else as system.info answered
 * (both reloaded whenever the hub says the roles changed). Always an array already in the state (or a
 * constant), so subscribing to it does not re-render forever.
 */
export const rolesOf = (s: DeskState): readonly Role[] =>
  s.me?.via === 'session' ? s.me.roles : (s.systemInfo?.roles ?? (s.systemInfo?.role ? SINGLE[s.systemInfo.role] : NONE));

export const teamSelectors = {
  roles: rolesOf,
  isAdmin: (s: DeskState): boolean => rolesOf(s).includes('admin'),
  needsSignIn: (s: DeskState): boolean => s.authStatus === 'signedOut',
  /** "Dana (support lead)" for a signed-in user, "Local admin" / "Admin token" otherwise, null before the hub said. */
  whoLabel: (s: DeskState): string | null => {
    const me = s.me;
    if (!me || !me.signedIn) return null;
    if (me.via === 'session' && me.user) return me.user.displayName;
    return me.via === 'local' ? 'Local admin' : 'Access token';
  },
};

export const ROLE_LABELS: Record<Role, string> = { operator: 'Operator', social: 'Social manager', lead: 'Support lead', admin: 'Admin' };
