import type { AccountConfigView } from '../../../../shared/contract/campaigns.js';

export interface AccountsAdminState {
  /** `accounts.configs` (admins): every account with its settings, credentials only as set or not. */
  accountConfigs: AccountConfigView[];
  /** 'forbidden': this role may not manage accounts (the view shows the plain list and says why). */
  accountConfigsStatus: 'idle' | 'loading' | 'ready' | 'error' | 'forbidden';
  accountConfigsError: string | null;
  /** The account a removal is in flight for. */
  accountPending: string | null;
  /** A removal that failed, in the engine's words (posts still target it, …). */
  accountActionError: string | null;
}

export const initialAccountsAdminState: AccountsAdminState = {
  accountConfigs: [],
  accountConfigsStatus: 'idle',
  accountConfigsError: null,
  accountPending: null,
  accountActionError: null,
};
