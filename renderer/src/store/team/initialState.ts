import type { AuditLogEntry, Me, User } from '../../../../shared/contract/methods.js';

export type AuthStatus = 'unknown' | 'signedOut' | 'signedIn';

export interface TeamState {
  /** 'unknown' until the hub said who this window is (or it predates users: then nothing changes). */
  authStatus: AuthStatus;
  me: Me | null;
  signInBusy: boolean;
  signInError: string | null;
  /** Why the window was signed out (session ended elsewhere, disabled), shown on the sign-in screen. */
  signedOutNotice: string | null;
  teamUsers: User[];
  teamStatus: 'idle' | 'loading' | 'ready' | 'error';
  teamError: string | null;
  /** The invite link just created, shown once for the admin to copy. */
  lastInvite: { username: string; link: string; expiresAt: number } | null;
  inviteInfo: { username: string; displayName: string; roles: string[]; expiresAt: number } | null;
  inviteError: string | null;
  auditEntries: AuditLogEntry[];
  auditError: string | null;
}

export const initialTeamState: TeamState = {
  authStatus: 'unknown',
  me: null,
  signInBusy: false,
  signInError: null,
  signedOutNotice: null,
  teamUsers: [],
  teamStatus: 'idle',
  teamError: null,
  lastInvite: null,
  inviteInfo: null,
  inviteError: null,
  auditEntries: [],
  auditError: null,
};
