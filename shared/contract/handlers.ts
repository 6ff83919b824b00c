/**
 * What implementing the contract means, as types only: who is calling, and a handler per
 * method. Each service exports the handlers of its own domains as `DomainHandlers<'sources'>`
 * and the composition root spreads them into the one `Handlers` the dispatcher needs.
 */
import type { Role } from '../domain.js';
import type { MethodName, MethodOutput, MethodParsedInput, Methods, methodsByDomain } from './methods.js';

export interface CallContext {
  /** The caller's role for display (the most powerful it holds); null when signed out. Checks use `rolesOf(ctx)`. */
  role: Role | null;
  /** Every role the caller holds, resolved fresh for this call; defaults to `[role]`. */
  roles?: readonly Role[];
  /** The signed-in user; null for the local desktop admin and for the hub's bootstrap or access tokens. */
  userId: string | null;
  username?: string | null;
  transport: 'ipc' | 'websocket';
  /** Where the call came from (the peer's address; 'local' for the desktop window). */
  address?: string | null;
  /** How the caller is known: a session, an access token, the local user, or not at all. */
  via?: 'session' | 'token' | 'local' | 'none';
  /** The session a call came in on (for sign-out). */
  sessionToken?: string | null;
}

/** The name an audit entry (or an acknowledgement) gives the caller: the person when there is one, else what let them in. */
export const actorOf = (ctx: CallContext): string => ctx.username ?? ctx.userId ?? ctx.role ?? 'signed out';

/** An audited method's handler runs inside the transaction that records it, which cannot wait for a Promise. */
type Answer<K extends MethodName> = Methods[K] extends { audit: (...args: never[]) => unknown }
  ? MethodOutput<K>
  : MethodOutput<K> | Promise<MethodOutput<K>>;

/** A handler for each method of `M`, given its parsed input; leaving one out is a compile error. */
export type Handlers<M extends MethodName = MethodName> = {
  [K in M]: (input: MethodParsedInput<K>, ctx: CallContext) => Answer<K>;
};

type MethodsByDomain = typeof methodsByDomain;
export type Domain = keyof MethodsByDomain;

/** The handlers of some domains of the contract: what a service exports for its part. */
export type DomainHandlers<D extends Domain> = Handlers<Extract<{ [K in D]: keyof MethodsByDomain[K] }[D], MethodName>>;
