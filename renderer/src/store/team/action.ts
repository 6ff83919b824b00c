/**
 * Who this window is (sign-in, sign-out, invites) and, for admins, the team. The session token
 * is kept by `deps.session` (localStorage on the web) and sent on every reconnect; the hub
 * binds the connection to it on sign-in, so nothing else needs to change.
 */
import type { AuditLogEntry } from '../../../../shared/contract/methods.js';
import type { Role } from '../../../../shared/domain.js';
import type { DeskSliceCreator } from '../types.js';

export interface TeamAction {
  /** Asks the hub who this window is; true when the views may load (signed in, or a hub without users). */
  loadMe(): Promise<boolean>;
  signIn(username: string, password: string): Promise<boolean>;
  signOut(): Promise<void>;
  /** The hub said this connection's session ended. */
  applySessionEnded(message: string): void;
  loadTeam(): Promise<void>;
  inviteUser(input: { username: string; displayName?: string; roles: Role[] }): Promise<boolean>;
  updateUser(input: { id: string; roles?: Role[]; disabled?: boolean }): Promise<boolean>;
  loadInviteInfo(token: string): Promise<void>;
  acceptInvite(token: string, password: string, displayName?: string): Promise<boolean>;
  /** The newest audit entries (admins). */
  loadAudit(): Promise<void>;
  /** Every audit entry, newest first, paged through the hub (for the CSV export); null when a page failed (auditError says why). */
  loadWholeAudit(): Promise<AuditLogEntry[] | null>;
}

const AUDIT_PAGE = 500;
/** A bound on the export so a runaway log cannot freeze the window; far above a team's years of entries. */
export const AUDIT_EXPORT_MAX = 200_000;

export const createTeamSlice: DeskSliceCreator<TeamAction> = (set, get, _api, deps) => ({
  async loadMe() {
    // On the desktop the main process holds the session: what it says of it keys the board copy, so it is read alongside.
    const [answer] = await Promise.all([deps.client.call('auth.me', {}), deps.desktop ? get().loadHubLink() : null]);
    if (!answer.ok) {
      // A hub from before users answers unknown_method: it decides by token alone, as it always did.
      set({ authStatus: 'unknown', me: null });
      return true;
    }
    if (!answer.value.signedIn) {
      deps.session?.set(null);
      // The board copy kept for that session is no one's now.
      deps.boardCache?.clear();
      set({ authStatus: 'signedOut', me: answer.value });
      return false;
    }
    set({ authStatus: 'signedIn', me: answer.value, signedOutNotice: null });
    return true;
  },
  async signIn(username, password) {
    set({ signInBusy: true, signInError: null });
    const answer = await deps.client.call('auth.login', { username, password });
    if (!answer.ok) {
      set({ signInBusy: false, signInError: answer.error.message });
      return false;
    }
    deps.session?.set(answer.value.token);
    set({ signInBusy: false, authStatus: 'signedIn', me: answer.value.me, signedOutNotice: null });
    await get().refreshAll();
    return true;
  },
  async signOut() {
    await deps.client.call('auth.logout', {});
    deps.session?.set(null);
    get().forgetBoard();
    set({ authStatus: 'signedOut', me: null, teamUsers: [], teamStatus: 'idle', lastInvite: null, signedOutNotice: null });
    await get().loadMe();
  },
  applySessionEnded(message) {
    deps.session?.set(null);
    get().forgetBoard();
    set({ authStatus: 'signedOut', me: null, teamUsers: [], teamStatus: 'idle', lastInvite: null, signedOutNotice: message });
  },
  async loadTeam() {
    set({ teamStatus: 'loading' });
    const answer = await deps.client.call('users.list', {});
    if (answer.ok) set({ teamUsers: answer.value, teamStatus: 'ready', teamError: null });
    else set({ teamStatus: 'error', teamError: answer.error.message });
  },
  async inviteUser(input) {
    const answer = await deps.client.call('users.invite', input);
    if (!answer.ok) {
      set({ teamError: answer.error.message });
      return false;
    }
    // On a desktop connected to a hub the page's origin is the app's own; the link must name the hub.
    const hub = get().hubLink;
    const origin = hub?.mode === 'hub' ? hub.url : typeof location === 'undefined' ? '' : location.origin;
    set({
      teamError: null,
      lastInvite: {
        username: answer.value.user.username,
        link: `${origin}/#/invite/${answer.value.token}`,
        expiresAt: answer.value.expiresAt,
      },
    });
    await Promise.all([get().loadTeam(), get().loadAudit()]);
    return true;
  },
  async updateUser(input) {
    const answer = await deps.client.call('users.update', input);
    if (!answer.ok) {
      set({ teamError: answer.error.message });
      return false;
    }
    set({ teamError: null, teamUsers: get().teamUsers.map((u) => (u.id === answer.value.id ? answer.value : u)) });
    void get().loadAudit();
    return true;
  },
  async loadAudit() {
    const answer = await deps.client.call('audit.list', { limit: 100 });
    if (answer.ok) set({ auditEntries: answer.value, auditError: null });
    else set({ auditError: answer.error.message });
  },
  async loadWholeAudit() {
    const all: AuditLogEntry[] = [];
    for (;;) {
      const last = all[all.length - 1];
      const answer = await deps.client.call('audit.list', { limit: AUDIT_PAGE, ...(last ? { beforeId: last.id } : {}) });
      if (!answer.ok) {
        set({ auditError: `Could not export the audit log: ${answer.error.message}` });
        return null;
      }
      all.push(...answer.value);
      if (answer.value.length < AUDIT_PAGE || all.length >= AUDIT_EXPORT_MAX) return all;
    }
  },
  async loadInviteInfo(token) {
    const answer = await deps.client.call('auth.inviteInfo', { token });
    if (answer.ok) set({ inviteInfo: answer.value, inviteError: null });
    else set({ inviteInfo: null, inviteError: answer.error.message });
  },
  async acceptInvite(token, password, displayName) {
    set({ signInBusy: true, inviteError: null });
    const answer = await deps.client.call('auth.acceptInvite', { token, password, ...(displayName ? { displayName } : {}) });
    if (!answer.ok) {
      set({ signInBusy: false, inviteError: answer.error.message });
      return false;
    }
    deps.session?.set(answer.value.token);
    set({ signInBusy: false, authStatus: 'signedIn', me: answer.value.me, inviteInfo: null, signedOutNotice: null });
    await get().refreshAll();
    return true;
  },
});
