import type { Campaign, Delivery, PostState, PublishingAccount, ScheduledPost } from '../../../../shared/contract/campaigns.js';
import { methods } from '../../../../shared/contract/methods.js';
import type { Role } from '../../../../shared/domain.js';
import type { Network } from '../../../../shared/publishing/networks.js';
import { memoLast } from '../memo.js';
import { ROLE_LABELS, rolesOf } from '../team/selectors.js';
import type { DeskState } from '../types.js';
import type { PostFilters } from './initialState.js';

/** Who may write and approve posts, straight from the contract (social managers and admins). */
export const PUBLISHING_ROLES: readonly Role[] = methods['scheduled.approve'].roles;

export const STATE_LABELS: Record<PostState, string> = {
  draft: 'Draft',
  pending: 'Waiting for approval',
  approved: 'Approved, needs a new time',
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  published: 'Published',
  failed: 'Failed',
  held: 'Held (incident)',
  paused: 'Paused (campaign)',
  cancelled: 'Cancelled',
};

/** States a post can still be edited in (held posts are edited from catch-up). */
export const EDITABLE: readonly PostState[] = ['draft', 'pending', 'approved', 'scheduled', 'paused', 'failed'];

export const DELIVERY_LABELS: Record<Delivery['state'], string> = {
  waiting: 'waiting',
  sending: 'sending',
  retrying: 'will retry',
  sent: 'sent',
  failed: 'failed',
  unknown: 'unknown: check the account before resending',
  cancelled: 'cancelled',
};

const accountMap = memoLast((accounts: PublishingAccount[]) => new Map(accounts.map((a) => [a.name, a])));
const campaignMap = memoLast((campaigns: Campaign[]) => new Map(campaigns.map((c) => [c.id, c])));

/** The networks a post goes to, from its accounts (an account no longer configured counts as none). */
export function networksOf(post: ScheduledPost, accounts: ReadonlyMap<string, PublishingAccount>): Network[] {
  const networks = new Set<Network>();
  for (const name of post.accounts) {
    const account = accounts.get(name);
    if (account) networks.add(account.network);
  }
  return [...networks];
}

const filtered = memoLast((posts: ScheduledPost[], filters: PostFilters, accounts: PublishingAccount[]) => {
  if (filters.campaignId === null && filters.network === null && filters.state === null) return posts;
  const byName = accountMap(accounts);
  return posts.filter(
    (post) =>
      (filters.campaignId === null || post.campaignId === filters.campaignId) &&
      (filters.state === null || post.status.state === filters.state) &&
      (filters.network === null || networksOf(post, byName).includes(filters.network)),
  );
});

export interface ApprovalCheck {
  allowed: boolean;
  /** Why not, in plain words (shown beside the disabled button). */
  why: string | null;
}

/** "a social manager", "an admin". */
export const aRole = (role: Role): string => {
  const label = ROLE_LABELS[role].toLowerCase();
  return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
};

/** The signed-in person's name as the hub records authors (null for a token or the local admin). */
const myName = (s: DeskState): string | null => s.me?.user?.username ?? null;

export const campaignsSelectors = {
  filteredPosts: (s: DeskState): ScheduledPost[] => filtered(s.scheduledPosts, s.postFilters, s.publishingAccounts),
  accountsByName: (s: DeskState): ReadonlyMap<string, PublishingAccount> => accountMap(s.publishingAccounts),
  campaignsById: (s: DeskState): ReadonlyMap<number, Campaign> => campaignMap(s.campaigns),
  canWrite: (s: DeskState): boolean => rolesOf(s).some((role) => PUBLISHING_ROLES.includes(role)),
  isBusy: (s: DeskState, id: number): boolean => s.postsBusy.includes(id),
  /**
   * Whether this window may approve or reject `post`, and if not, why. The hub checks the same
   * again (a support lead's call is refused); this only saves a click that would fail.
   */
  approval(s: DeskState, post: ScheduledPost): ApprovalCheck {
    const roles = rolesOf(s);
    if (post.status.state !== 'pending') return { allowed: false, why: 'Only a post waiting for approval can be approved or rejected.' };
    if (!roles.some((role) => PUBLISHING_ROLES.includes(role)))
      return { allowed: false, why: 'Only social managers and admins approve posts.' };
    const me = myName(s);
    if (me !== null && post.author === me) return { allowed: false, why: 'You wrote this post: someone else must approve it.' };
    const required = post.campaignId === null ? null : (campaignMap(s.campaigns).get(post.campaignId)?.requiredApproverRole ?? null);
    if (required && !roles.includes(required)) return { allowed: false, why: `This campaign’s posts are approved by ${aRole(required)}.` };
    return { allowed: true, why: null };
  },
};

/** The line under a post's badge: who did what, or why it failed, in plain words. */
export function stateDetail(post: ScheduledPost, when: (ms: number) => string): string | null {
  const status = post.status;
  switch (status.state) {
    case 'draft':
      return status.reviewerComment ? `Sent back by ${status.reviewedBy ?? 'a reviewer'}: “${status.reviewerComment}”` : null;
    case 'pending':
      return `Sent for approval by ${status.submittedBy}, ${when(status.submittedAt)}`;
    case 'approved':
      return `Approved by ${status.approvedBy}, ${when(status.approvedAt)}. ${status.why}`;
    case 'scheduled':
      return `Approved by ${status.approvedBy}, ${when(status.approvedAt)}`;
    case 'publishing':
      return `Sending since ${when(status.startedAt)}`;
    case 'published':
      return `Published ${when(status.publishedAt)}`;
    case 'failed':
      return status.reason;
    case 'held':
      return status.overdue ? `Held since ${when(status.heldAt)}; its time has passed` : `Held since ${when(status.heldAt)}`;
    case 'paused':
      return 'Its campaign is paused';
    case 'cancelled':
      return `Cancelled by ${status.cancelledBy}, ${when(status.cancelledAt)}`;
  }
}
