/**
 * Said wherever a post cannot go anywhere yet: the hub refuses a post, even a draft, without an
 * account, and admins add accounts in Settings (no config file needed since #11 added the form).
 */
import { useDesk } from '../../store/react.js';
import { teamSelectors } from '../../store/team/selectors.js';

/** `link`: off inside the editor, where leaving the view would drop what was typed. */
export function NoAccountsText({ admin, link }: { admin: boolean; link: boolean }) {
  const where = link ? <a href="#/settings">Settings → Publishing accounts</a> : 'Settings → Publishing accounts';
  return (
    <p className="notice notice-info" data-testid="no-accounts">
      No publishing accounts yet, and a post needs one, even as a draft.{' '}
      {admin ? <>Add one in {where}.</> : <>Ask an admin to add one in {where}.</>}
    </p>
  );
}

export function NoAccountsNotice({ link }: { link: boolean }) {
  const admin = useDesk(teamSelectors.isAdmin);
  return <NoAccountsText admin={admin} link={link} />;
}
