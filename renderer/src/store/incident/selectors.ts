import type { Campaign, PublishingAccount, ScheduledPost } from '../../../../shared/contract/campaigns.js';
import type { IncidentHistoryEntry, IncidentScope } from '../../../../shared/contract/incidents.js';
import { methods } from '../../../../shared/contract/methods.js';
import type { Role } from '../../../../shared/domain.js';
import { NETWORK_LABELS } from '../../../../shared/publishing/networks.js';
import { ROLE_LABELS, rolesOf } from '../team/selectors.js';
import type { DeskState } from '../types.js';
import { countOf } from '../../../../shared/plural.js';

/** Straight from the contract, so the UI and the hub never disagree on who may. */
const CORD_ROLES: readonly Role[] = methods['incident.enter'].roles;
const DECIDE_ROLES: readonly Role[] = methods['incident.decide'].roles;

const may = (s: DeskState, allowed: readonly Role[]) => rolesOf(s).some((role) => allowed.includes(role));
const roleList = (roles: readonly Role[]) => {
  const labels = roles.map((role) => `${ROLE_LABELS[role].toLowerCase()}s`);
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : (labels[0] ?? '');
};

export const CORD_WHY_NOT = `Only ${roleList(CORD_ROLES)} can turn incident mode on or off.`;
export const DECIDE_WHY_NOT = `Only ${roleList(DECIDE_ROLES)} decide what happens to held posts.`;

export const incidentSelectors = {
  isOn: (s: DeskState): boolean => s.incident?.on === true,
  canPullCord: (s: DeskState): boolean => may(s, CORD_ROLES),
  canDecide: (s: DeskState): boolean => may(s, DECIDE_ROLES),
};

/** Whether `scope` covers `post`: everything, or any named campaign, network or account matches. */
export function covers(scope: IncidentScope, post: ScheduledPost, accounts: ReadonlyMap<string, PublishingAccount>): boolean {
  if (scope.kind === 'everything') return true;
  if (post.campaignId !== null && scope.campaigns.includes(post.campaignId)) return true;
  return post.accounts.some((name) => {
    if (scope.accounts.includes(name)) return true;
    const network = accounts.get(name)?.network;
    return network !== undefined && scope.networks.includes(network);
  });
}

/** "everything", or "campaign Spring launch, Mastodon, account brand" in plain words. */
export function scopeText(scope: IncidentScope, campaigns: ReadonlyMap<number, Campaign>): string {
  if (scope.kind === 'everything') return 'everything';
  const parts = [
    ...scope.campaigns.map((id) => `campaign ${campaigns.get(id)?.name ?? `#${id}`}`),
    ...scope.networks.map((network) => NETWORK_LABELS[network]),
    ...scope.accounts.map((account) => `account ${account}`),
  ];
  return parts.join(', ');
}

/** The window title while incident mode is on, so it shows in the task bar and window lists. */
export const incidentTitle = (on: boolean, title: string): string => (on ? `● INCIDENT · ${title}` : title);

const DECISION_WORDS: Record<NonNullable<IncidentHistoryEntry['decision']>, string> = {
  publishNow: 'publish now',
  reschedule: 'reschedule',
  edit: 'edit',
  cancel: 'cancel',
  backToApproval: 'back to approval',
};
const posts = (n: number) => countOf(n, 'post');

/** One history line's "what", in plain words. */
export function historyWhat(e: IncidentHistoryEntry): string {
  switch (e.kind) {
    case 'entered':
      return e.automatic ? 'Entered automatically (admin policy)' : 'Entered';
    case 'left':
      return 'Left';
    case 'scopeChanged':
      return 'Changed what it holds';
    case 'decided':
      return `Decided: ${e.decision ? DECISION_WORDS[e.decision] : 'a decision'}`;
    case 'releaseStarted':
      return 'Started a paced release';
    case 'releaseStopped':
      return 'Stopped the paced release';
  }
}

/** One history line's scope and counts, in plain words ("" when the entry has none). */
export function historyCounts(e: IncidentHistoryEntry, campaigns: ReadonlyMap<number, Campaign>): string {
  const parts: string[] = [];
  if (e.scope) parts.push(`holds ${scopeText(e.scope, campaigns)}`);
  if (e.kind === 'decided' && e.posts !== null) parts.push(posts(e.posts));
  if (e.refused) parts.push(`${e.refused} refused`);
  if (e.kind === 'releaseStarted' && e.posts !== null)
    parts.push(`${posts(e.posts)}${e.everyMinutes !== null ? `, one per ${e.everyMinutes} min per account` : ''}`);
  if (e.held !== null) parts.push(e.kind === 'entered' ? `${posts(e.held)} held` : `${posts(e.held)} in catch-up`);
  if (e.inFlight) parts.push(`${e.inFlight} already sending`);
  return parts.join(' · ');
}
