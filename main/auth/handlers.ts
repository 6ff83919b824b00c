/** The auth, users and audit domains of the contract, answered by the auth service. */
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import type { AuthService } from './service.js';

export function teamHandlers(auth: AuthService): DomainHandlers<'auth' | 'users' | 'audit'> {
  return {
    'auth.me': (_input, ctx) => auth.me(ctx),
    'auth.login': (input, ctx) => auth.login(input.username, input.password, ctx),
    'auth.resume': (input) => auth.resume(input.token),
    'auth.logout': (_input, ctx) => auth.logout(ctx),
    'auth.inviteInfo': (input) => auth.inviteInfo(input.token),
    'auth.acceptInvite': (input, ctx) => auth.acceptInvite(input.token, input.password, input.displayName, ctx),
    'users.list': () => auth.list(),
    'users.create': (input, ctx) => auth.create(input, ctx),
    'users.invite': (input, ctx) => auth.invite(input, ctx),
    'users.update': (input, ctx) => auth.update(input, ctx),
    'users.remove': (input, ctx) => auth.remove(input.id, ctx),
    'audit.list': (input) => auth.auditPage(input.limit, input.beforeId),
  };
}
