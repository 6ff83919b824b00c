import type { Campaign, PublishingAccount, ScheduledPost } from '../../../../shared/contract/campaigns.js';
import type { PostState } from '../../../../shared/contract/campaigns.js';
import type { Network } from '../../../../shared/publishing/networks.js';

export interface PostFilters {
  campaignId: number | null;
  network: Network | null;
  state: PostState | null;
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface CampaignsState {
  publishingAccounts: PublishingAccount[];
  campaigns: Campaign[];
  /** Every post the hub listed, by due time; the views filter them (filters apply to list and calendar alike). */
  scheduledPosts: ScheduledPost[];
  campaignsStatus: LoadStatus;
  /** Why loading failed, in the hub's words. */
  campaignsError: string | null;
  postFilters: PostFilters;
  /** Ids of posts with a call in flight (their buttons wait). */
  postsBusy: number[];
  /** The last refused action on a post or campaign, in plain words. */
  postActionError: string | null;
}

export const NO_FILTERS: PostFilters = { campaignId: null, network: null, state: null };

export const initialCampaignsState: CampaignsState = {
  publishingAccounts: [],
  campaigns: [],
  scheduledPosts: [],
  campaignsStatus: 'idle',
  campaignsError: null,
  postFilters: NO_FILTERS,
  postsBusy: [],
  postActionError: null,
};
