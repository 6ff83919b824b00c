/**
 * The team: users with roles, invites, sign-in sessions, and who a credential is. Every call
 * on a hub connection is resolved here afresh (`identify`), so a disabled user or a changed
 * role counts from the next call on; `onAccessChange` tells the hub which users' open
 * connections to check at once.
 *
 * Changes that are contract calls with `audit` are recorded by dispatch; the ones that must
 * wait for a password hash (sign-in, accepting an invite, creating a user with a password)
 * are recorded here, in the transaction of the change.
 */
import { randomBytes } from 'node:crypto';
import { actorOf } from '../../shared/contract/access.js';
import { ContractFailure } from '../../shared/contract/envelope.js';
import type { CallContext } from '../../shared/contract/handlers.js';
import type { Me, User } from '../../shared/contract/team.js';
import type { Role } from '../../shared/domain.js';
import { errorMeta, silentLogger, type Logger } from '../lib/log.js';
import type { Store } from '../store/index.js';
import type { UserRow } from '../store/users.js';
import { createLoginLimiter, DEFAULT_LOGIN_LIMITS, type LoginLimits } from './loginLimiter.js';
import { argon2Hasher, createSlots, type PasswordHasher } from './passwords.js';
import { countOf } from '../../shared/plural.js';

export const SESSION_TTL_MS = 7 * 24 * 60 * 60_000;
/** A session nobody used for this long has ended too. */
export const SESSION_IDLE_MS = 24 * 60 * 60_000;
/** last_seen_at is written at most this often per session (not on every call). */
const SEEN_WRITE_MS = 60_000;
/** Hashes running at once across the hub; argon2 at 19 MiB each keeps this well under 100 MiB. */
const MAX_HASHES = 4;

/** Who a credential is, read fresh from the store. */
export interface Identity {
  via: 'session' | 'token';
  roles: Role[];
  userId: string | null;
  username: string | null;
  /** When this identity stops counting unless renewed (session expiry); null for access tokens. */
  expiresAt: number | null;
}

export interface AuthServiceDeps {
  store: Pick<Store, 'users' | 'sessions' | 'invites' | 'tokens' | 'audit' | 'transaction'>;
  now(): number;
  logger?: Logger;
  hasher?: PasswordHasher;
  limits?: LoginLimits;
}

const WRONG = 'That username and password do not match.';
const ENDED = 'Your session has ended; sign in again.';

export function createAuthService(deps: AuthServiceDeps) {
  const { store, now } = deps;
  const logger = deps.logger ?? silentLogger;
  const hasher = deps.hasher ?? argon2Hasher;
  const limiter = createLoginLimiter(deps.limits ?? DEFAULT_LOGIN_LIMITS);
  const slots = createSlots(MAX_HASHES);
  const listeners = new Set<(userIds: readonly string[]) => void>();
  // A real hash of nothing, so an unknown username costs as long as a wrong password.
  let dummyHash: Promise<string> | null = null;

  /** After the current transaction committed (dispatch's is synchronous): tell the hub. */
  const notify = (userIds: readonly string[]) => {
    queueMicrotask(() => {
      for (const listener of listeners) {
        try {
          listener(userIds);
        } catch (error) {
          logger.log('warn', 'An access-change listener failed', errorMeta(error));
        }
      }
    });
  };

  const view = (row: UserRow): User => {
    const seen = store.sessions.lastSeenOf(row.id);
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      roles: row.roles,
      status: row.disabledAt !== null ? 'disabled' : row.passwordHash === null ? 'invited' : 'active',
      createdAt: row.createdAt,
      lastSeenAt: seen,
    };
  };

  const mustGet = (id: string): UserRow => {
    const row = store.users.get(id);
    if (!row) throw new ContractFailure('not_found', 'There is no such user (it may have been removed).');
    return row;
  };

  const audit = (
    ctx: Pick<CallContext, 'address'>,
    who: { actor: string; userId: string | null },
    action: string,
    subject: string | null,
    detail: Record<string, unknown> = {},
  ) => store.audit.record({ at: now(), actor: who.actor, userId: who.userId, address: ctx.address ?? null, action, subject, detail });

  const actor = (ctx: CallContext) => ({ actor: actorOf(ctx), userId: ctx.userId });

  const sessionIdentity = (token: string): (Identity & { sessionId: number; user: UserRow }) | null => {
    const session = store.sessions.find(token);
    const at = now();
    if (!session || session.revokedAt !== null || session.expiresAt <= at || session.lastSeenAt + SESSION_IDLE_MS <= at) return null;
    const user = store.users.get(session.userId);
    if (!user || user.disabledAt !== null || user.roles.length === 0) return null;
    if (at - session.lastSeenAt >= SEEN_WRITE_MS) store.sessions.markSeen(session.id, at);
    return {
      via: 'session',
      roles: user.roles,
      userId: user.id,
      username: user.username,
      expiresAt: Math.min(session.expiresAt, Math.max(at, session.lastSeenAt) + SESSION_IDLE_MS),
      sessionId: session.id,
      user,
    };
  };

  const meOf = (identity: { via: Me['via']; roles: readonly Role[]; userId: string | null }): Me => {
    const row = identity.userId ? store.users.get(identity.userId) : null;
    return { signedIn: identity.via !== 'none', via: identity.via, user: row ? view(row) : null, roles: [...identity.roles] };
  };

  const startSession = (user: UserRow, address: string | null) => {
    const { token, session } = store.sessions.issue(user.id, now(), SESSION_TTL_MS, address);
    return { token, expiresAt: session.expiresAt, me: meOf({ via: 'session', roles: user.roles, userId: user.id }) };
  };

  const newId = () => `u_${randomBytes(9).toString('base64url')}`;

  const hashOrBusy = async (password: string): Promise<string> => {
    const done = await slots.tryRun(() => hasher.hash(password));
    if (!done) throw new ContractFailure('rate_limited', 'The hub is busy checking other passwords; try again in a moment.');
    return done.value;
  };

  return {
    /** A session token or access token → who it is now; null when it grants nothing (unknown, ended, disabled). */
    identify(credential: string): Identity | null {
      const role = store.tokens.verify(credential);
      if (role) return { via: 'token', roles: [role], userId: null, username: null, expiresAt: null };
      const found = sessionIdentity(credential);
      if (!found) return null;
      const { sessionId: _sessionId, user: _user, ...identity } = found;
      return identity;
    },
    /** Called (after commit) with users whose access changed: disabled, removed, roles, signed out. */
    onAccessChange(listener: (userIds: readonly string[]) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    me(ctx: CallContext): Me {
      const via = ctx.via ?? (ctx.transport === 'ipc' ? 'local' : ctx.role ? 'token' : 'none');
      return meOf({ via, roles: ctx.roles ?? (ctx.role ? [ctx.role] : []), userId: ctx.userId });
    },

    async login(username: string, password: string, ctx: CallContext) {
      const name = username.trim().toLowerCase().slice(0, 64);
      const address = ctx.address ?? 'unknown';
      const at = now();
      const verdict = limiter.check(name, address, at);
      if (!verdict.ok) {
        const minutes = Math.max(1, Math.ceil((verdict.retryAt - at) / 60_000));
        throw new ContractFailure(
          'rate_limited',
          verdict.scope === 'user'
            ? `Too many failed sign-ins for this user; try again in ${countOf(minutes, 'minute')}.`
            : `Too many failed sign-ins from this address; try again in ${countOf(minutes, 'minute')}.`,
        );
      }
      const user = store.users.byUsername(name);
      dummyHash ??= hasher.hash(randomBytes(16).toString('hex'));
      const hash = user?.passwordHash ?? (await dummyHash);
      const checked = await slots.tryRun(() => hasher.verify(hash, password));
      if (!checked) {
        // Counted as a failure: a flood that only ever meets "busy" still locks itself out.
        limiter.fail(name, address, now());
        throw new ContractFailure('rate_limited', 'The hub is busy checking other passwords; try again in a moment.');
      }
      if (!user || user.passwordHash === null || !checked.value) {
        limiter.fail(name, address, now());
        store.transaction(() => audit(ctx, { actor: 'signed out', userId: null }, 'auth.loginFailed', name));
        throw new ContractFailure('unauthorized', WRONG);
      }
      limiter.succeed(name);
      // Re-read: the user may have been disabled while the hash ran.
      const fresh = store.users.get(user.id);
      if (!fresh || fresh.disabledAt !== null) {
        store.transaction(() =>
          audit(ctx, { actor: user.username, userId: user.id }, 'auth.loginRefused', user.username, { reason: 'disabled' }),
        );
        throw new ContractFailure('forbidden', 'This account is disabled; ask an admin of this hub.');
      }
      return store.transaction(() => {
        audit(ctx, { actor: fresh.username, userId: fresh.id }, 'auth.login', fresh.username);
        return startSession(fresh, ctx.address ?? null);
      });
    },

    resume(token: string): Me {
      const found = sessionIdentity(token);
      if (!found) throw new ContractFailure('unauthorized', ENDED);
      return meOf(found);
    },

    logout(ctx: CallContext): { signedOut: true } {
      if (ctx.sessionToken) {
        const session = store.sessions.find(ctx.sessionToken);
        if (
          session &&
          store.transaction(() => {
            const ended = store.sessions.revoke(session.id, now());
            if (ended) audit(ctx, actor(ctx), 'auth.logout', ctx.username ?? null);
            return ended;
          })
        )
          notify([session.userId]);
      }
      return { signedOut: true };
    },

    inviteInfo(token: string) {
      const { invite, user } = openInvite(token);
      return { username: user.username, displayName: user.displayName, roles: user.roles, expiresAt: invite.expiresAt };
    },

    async acceptInvite(token: string, password: string, displayName: string | undefined, ctx: CallContext) {
      openInvite(token);
      const hash = await hashOrBusy(password);
      return store.transaction(() => {
        // Checked again inside the transaction: a second tab may have used it meanwhile.
        const { invite, user } = openInvite(token);
        if (!store.invites.markUsed(invite.id, now())) throw new ContractFailure('conflict', USED);
        // A reset link: every session signed in with the old password ends.
        const reset = user.passwordHash !== null;
        if (reset) {
          store.sessions.revokeAllOf(user.id, now());
          notify([user.id]);
        }
        store.users.setPassword(user.id, hash, now());
        if (displayName) store.users.setDisplayName(user.id, displayName, now());
        audit(ctx, { actor: user.username, userId: user.id }, 'auth.acceptInvite', user.username, reset ? { reset: true } : {});
        return startSession(store.users.get(user.id)!, ctx.address ?? null);
      });
    },

    list: (): User[] => store.users.list().map(view),

    async create(
      input: { username: string; displayName?: string | undefined; roles: Role[]; password: string },
      ctx: CallContext,
    ): Promise<User> {
      if (store.users.byUsername(input.username))
        throw new ContractFailure('conflict', `There is already a user called ${input.username}.`);
      const hash = await hashOrBusy(input.password);
      return store.transaction(() => {
        if (store.users.byUsername(input.username))
          throw new ContractFailure('conflict', `There is already a user called ${input.username}.`);
        const row = store.users.create(
          {
            id: newId(),
            username: input.username,
            displayName: input.displayName ?? input.username,
            roles: input.roles,
            passwordHash: hash,
          },
          now(),
        );
        audit(ctx, actor(ctx), 'users.create', row.username, { roles: row.roles });
        return view(row);
      });
    },

    /** Synchronous: dispatch records it in the same transaction. */
    invite(input: { username: string; displayName?: string | undefined; roles: Role[]; expiresInHours: number }, ctx: CallContext) {
      let row = store.users.byUsername(input.username);
      const at = now();
      // An active user's new link is a password reset (their sessions end when it is used); never one's own.
      if (row && ctx.userId === row.id) throw new ContractFailure('conflict', 'You cannot send yourself an invite; ask another admin.');
      if (row && row.disabledAt !== null) throw new ContractFailure('conflict', `${input.username} is disabled; enable them first.`);
      if (row) {
        store.invites.cancelAllOf(row.id, at);
        store.users.setRoles(row.id, input.roles, at);
        if (input.displayName) store.users.setDisplayName(row.id, input.displayName, at);
        row = store.users.get(row.id)!;
      } else {
        row = store.users.create(
          {
            id: newId(),
            username: input.username,
            displayName: input.displayName ?? input.username,
            roles: input.roles,
            passwordHash: null,
          },
          at,
        );
      }
      const { token, invite } = store.invites.issue(row.id, ctx.userId, at, input.expiresInHours * 60 * 60_000);
      return { user: view(row), token, expiresAt: invite.expiresAt };
    },

    /** Synchronous: dispatch records it in the same transaction. */
    update(
      input: { id: string; roles?: Role[] | undefined; disabled?: boolean | undefined; displayName?: string | undefined },
      ctx: CallContext,
    ): User {
      const row = mustGet(input.id);
      const self = ctx.userId === row.id;
      if (self && input.disabled === true) throw new ContractFailure('conflict', 'You cannot disable yourself; ask another admin.');
      if (self && input.roles && !input.roles.includes('admin')) {
        throw new ContractFailure('conflict', 'You cannot take away your own admin role; ask another admin.');
      }
      const at = now();
      if (input.roles) store.users.setRoles(row.id, input.roles, at);
      if (input.displayName) store.users.setDisplayName(row.id, input.displayName, at);
      if (input.disabled !== undefined && input.disabled !== (row.disabledAt !== null)) {
        store.users.setDisabled(row.id, input.disabled, at);
        if (input.disabled) {
          store.sessions.revokeAllOf(row.id, at);
          store.invites.cancelAllOf(row.id, at);
        }
      }
      notify([row.id]);
      return view(mustGet(row.id));
    },

    /** Synchronous: dispatch records it in the same transaction. */
    remove(id: string, ctx: CallContext): { removed: string } {
      const row = mustGet(id);
      if (ctx.userId === row.id) throw new ContractFailure('conflict', 'You cannot remove yourself; ask another admin.');
      store.users.remove(row.id);
      notify([row.id]);
      return { removed: row.username };
    },

    auditPage: (limit: number, beforeId?: number) => store.audit.page(limit, beforeId),
    /** For tests and metrics: how many keys the limiter holds, how many hashes run now. */
    stats: () => ({ limiterKeys: limiter.size(), hashing: slots.busy }),
  };

  function openInvite(token: string) {
    const invite = store.invites.find(token);
    if (!invite) throw new ContractFailure('not_found', 'This invite link is not valid. Ask an admin for a new one.');
    if (invite.usedAt !== null) throw new ContractFailure('conflict', USED);
    if (invite.expiresAt <= now()) {
      throw new ContractFailure(
        'conflict',
        `This invite link expired on ${new Date(invite.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC. Ask an admin for a new one.`,
      );
    }
    const user = store.users.get(invite.userId);
    if (!user) throw new ContractFailure('not_found', 'This invite link is not valid. Ask an admin for a new one.');
    if (user.disabledAt !== null) throw new ContractFailure('forbidden', 'This account is disabled; ask an admin of this hub.');
    return { invite, user };
  }
}

const USED = 'This invite link was already used. Ask an admin for a new one.';

export type AuthService = ReturnType<typeof createAuthService>;
