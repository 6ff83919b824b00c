/**
 * Publishing accounts as admins manage them in Settings: load, add, edit, test, remove. Every
 * change also refreshes `publishingAccounts`, the list the composer offers, so a new account
 * can be chosen at once; other windows learn it from `accounts.changed`.
 */
import type { AccountConfigView, AccountTestResult, PublishingAccount } from '../../../../shared/contract/campaigns.js';
import type { DeskSliceCreator } from '../types.js';

export const ACCOUNTS_ONLY_ADMINS = 'Only admins can add, change or remove publishing accounts.';

/** What a form gets back: the saved account, or the hub's sentence saying why not. */
export type AccountSaveResult = { ok: true; account: AccountConfigView } | { ok: false; message: string };
export type AccountTestAnswer = { ok: true; result: AccountTestResult } | { ok: false; message: string };

export interface AccountsAdminAction {
  loadAccountConfigs(): Promise<void>;
  /** `editing`: the account's name when editing; credential fields left empty keep their stored value. */
  saveAccount(config: Record<string, unknown>, editing: string | null): Promise<AccountSaveResult>;
  testAccount(config: Record<string, unknown>, editing: string | null): Promise<AccountTestAnswer>;
  removeAccount(name: string): Promise<boolean>;
  clearAccountActionError(): void;
  /** An `accounts.changed` event (or our own change). */
  applyAccountsChanged(accounts: PublishingAccount[]): void;
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

export const createAccountsAdminSlice: DeskSliceCreator<AccountsAdminAction> = (set, get, _api, deps) => {
  /** Keeps the composer's list in step with the admin list after our own change. */
  const syncComposer = (configs: AccountConfigView[]) =>
    set({
      accountConfigs: configs,
      publishingAccounts: configs.map(({ name, network, handle, charLimit, origin }) => ({ name, network, handle, charLimit, origin })),
    });

  return {
    async loadAccountConfigs() {
      if (get().accountConfigsStatus !== 'ready') set({ accountConfigsStatus: 'loading' });
      const answer = await deps.client.call('accounts.configs', {});
      if (answer.ok) {
        set({ accountConfigsStatus: 'ready', accountConfigsError: null });
        syncComposer([...answer.value].sort(byName));
        return;
      }
      if (answer.error.code === 'forbidden') {
        set({ accountConfigsStatus: 'forbidden', accountConfigsError: ACCOUNTS_ONLY_ADMINS });
        // The read-only list everybody may see.
        const list = await deps.client.call('accounts.list', {});
        if (list.ok) set({ publishingAccounts: list.value });
        return;
      }
      set({ accountConfigsStatus: 'error', accountConfigsError: answer.error.message });
    },

    async saveAccount(config, editing) {
      const answer = editing
        ? await deps.client.call('accounts.update', { name: editing, config })
        : await deps.client.call('accounts.add', { config });
      if (!answer.ok) return { ok: false, message: answer.error.code === 'forbidden' ? ACCOUNTS_ONLY_ADMINS : answer.error.message };
      const rest = get().accountConfigs.filter((a) => a.name !== answer.value.name);
      syncComposer([...rest, answer.value].sort(byName));
      return { ok: true, account: answer.value };
    },

    async testAccount(config, editing) {
      const answer = await deps.client.call('accounts.test', editing ? { name: editing, config } : { config });
      return answer.ok ? { ok: true, result: answer.value } : { ok: false, message: answer.error.message };
    },

    async removeAccount(name) {
      set({ accountPending: name, accountActionError: null });
      const answer = await deps.client.call('accounts.remove', { name });
      set({ accountPending: null });
      if (!answer.ok) {
        set({ accountActionError: answer.error.code === 'forbidden' ? ACCOUNTS_ONLY_ADMINS : answer.error.message });
        return false;
      }
      syncComposer(get().accountConfigs.filter((a) => a.name !== name));
      return true;
    },

    clearAccountActionError() {
      set({ accountActionError: null });
    },

    applyAccountsChanged(accounts) {
      set({ publishingAccounts: [...accounts].sort(byName) });
      // The event carries no settings: an admin list already shown asks for them again.
      if (get().accountConfigsStatus === 'ready') void get().loadAccountConfigs();
    },
  };
};
