/**
 * Settings → Publishing accounts: admins add, edit, test and remove the accounts campaigns post
 * to; accounts from the config file are listed read-only. Everyone else sees the list and why
 * they cannot change it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { AccountConfigView, PublishingAccount } from '../../../../shared/contract/campaigns.js';
import { Dialog, DialogFoot } from '../../components/Dialog.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { NETWORK_LABELS } from '../../store/accountsAdmin/fields.js';
import { useDesk } from '../../store/react.js';
import { AccountForm } from './AccountForm.js';

type Editing = { mode: 'add' } | { mode: 'edit'; account: AccountConfigView } | null;

function RemoveAccountDialog({
  name,
  onDone,
  fallbackFocus,
}: {
  name: string;
  onDone: (message: string | null) => void;
  fallbackFocus: () => HTMLElement | null;
}) {
  const remove = useDesk((s) => s.removeAccount);
  const pending = useDesk((s) => s.accountPending === name);
  const error = useDesk((s) => s.accountActionError);
  const clear = useDesk((s) => s.clearAccountActionError);
  const uid = useId();
  const close = () => {
    clear();
    onDone(null);
  };
  return (
    <Dialog labelledBy={`${uid}-title`} onClose={close} className="confirm-dialog" fallbackFocus={fallbackFocus}>
      <div className="dialog-body" aria-describedby={`${uid}-text`}>
        <h2 id={`${uid}-title`}>Remove the account “{name}”?</h2>
        <p id={`${uid}-text`}>
          Surge Desk forgets its settings and credentials. Posts already sent stay on the network. While posts that have not gone out target
          it, it cannot be removed.
        </p>
        <ErrorNotice message={error} />
      </div>
      <DialogFoot onCancel={close} focusCancel>
        <button
          type="button"
          className="button button-danger"
          disabled={pending}
          onClick={() => void remove(name).then((removed) => removed && onDone(`Removed ${name}.`))}
        >
          {pending ? 'Removing…' : `Remove ${name}`}
        </button>
      </DialogFoot>
    </Dialog>
  );
}

const originLabel = (origin: PublishingAccount['origin']) => (origin === 'file' ? 'from the config file' : 'added here');

export function PublishingAccountsSettings() {
  const load = useDesk((s) => s.loadAccountConfigs);
  const status = useDesk((s) => s.accountConfigsStatus);
  const error = useDesk((s) => s.accountConfigsError);
  const configs = useDesk((s) => s.accountConfigs);
  const plain = useDesk((s) => s.publishingAccounts);
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const admin = status === 'ready';
  const rows: PublishingAccount[] = admin ? configs : plain;
  const finish = (message: string | null) => {
    setEditing(null);
    setRemoving(null);
    if (message) setDone(message);
  };

  return (
    <section className="panel" aria-labelledby="accounts-title" data-testid="publishing-accounts">
      <div className="panel-head">
        <h2 id="accounts-title">Publishing accounts</h2>
        <span className="panel-note">Where campaign posts go. Credentials are stored encrypted and never shown again.</span>
        {admin && (
          <button
            ref={addRef}
            type="button"
            className="button"
            onClick={() => {
              setDone(null);
              setEditing({ mode: 'add' });
            }}
          >
            Add account
          </button>
        )}
      </div>
      {status === 'forbidden' && (
        <p className="notice notice-info" data-testid="accounts-read-only">
          {error} This list is read-only for you.
        </p>
      )}
      {status === 'error' && <ErrorNotice message={error} />}
      {done && (
        <p className="notice notice-ok" role="status">
          {done}
        </p>
      )}
      {status === 'loading' && rows.length === 0 ? (
        <p className="muted">Loading accounts…</p>
      ) : rows.length === 0 ? (
        <p className="empty-inline">No publishing accounts yet.{admin ? ' Add one to schedule posts.' : ''}</p>
      ) : (
        <table className="table" data-testid="accounts-table">
          <caption className="visually-hidden">Publishing accounts</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Network</th>
              <th scope="col">Handle</th>
              <th scope="col">Source</th>
              <th scope="col" className="num">
                Length limit
              </th>
              {admin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((account) => {
              const config = admin ? configs.find((c) => c.name === account.name) : undefined;
              return (
                <tr key={account.name} data-account={account.name}>
                  <th scope="row">{account.name}</th>
                  <td>{NETWORK_LABELS[account.network]}</td>
                  <td>{account.handle ?? '—'}</td>
                  <td>{originLabel(account.origin)}</td>
                  <td className="num">{account.charLimit}</td>
                  {admin && (
                    <td>
                      {config && config.origin === 'app' ? (
                        <div className="button-row">
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => {
                              setDone(null);
                              setEditing({ mode: 'edit', account: config });
                            }}
                          >
                            Edit<span className="visually-hidden"> {account.name}</span>
                          </button>
                          <button
                            type="button"
                            className="button button-small button-danger"
                            onClick={() => {
                              setDone(null);
                              setRemoving(account.name);
                            }}
                          >
                            Remove<span className="visually-hidden"> {account.name}</span>
                          </button>
                        </div>
                      ) : (
                        <span className="muted">Change it in SURGE_CONFIG</span>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {editing && (
        <AccountForm editing={editing.mode === 'edit' ? editing.account : null} onDone={finish} fallbackFocus={() => addRef.current} />
      )}
      {removing && <RemoveAccountDialog name={removing} onDone={finish} fallbackFocus={() => addRef.current} />}
    </section>
  );
}
