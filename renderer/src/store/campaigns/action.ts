/**
 * Campaigns and their scheduled posts: loading, live updates from `scheduled.changed` /
 * `campaigns.changed`, and every write (compose, submit, approve, reject, cancel, pause). A
 * write answers the post as it is now; the slice keeps that, so the views never guess a state.
 */
import type { Campaign, ScheduledPost } from '../../../../shared/contract/campaigns.js';
import type { Envelope } from '../../../../shared/contract/envelope.js';
import type { MethodInput } from '../../../../shared/contract/methods.js';
import type { DeskSliceCreator } from '../types.js';
import type { PostFilters } from './initialState.js';

/** What a form gets back: the saved post, or the hub's sentence saying why not. */
export type WriteResult = { ok: true; post: ScheduledPost } | { ok: false; message: string };

export interface CampaignsAction {
  /** Accounts, campaigns and posts, together (the Campaigns view and the incident preview read them). */
  loadCampaigns(): Promise<void>;
  loadScheduledPosts(): Promise<void>;
  setPostFilters(filters: Partial<PostFilters>): void;
  createCampaign(input: MethodInput<'campaigns.create'>): Promise<boolean>;
  setCampaignPaused(id: number, paused: boolean): Promise<boolean>;
  createPost(input: MethodInput<'scheduled.create'>): Promise<WriteResult>;
  updatePost(input: MethodInput<'scheduled.update'>): Promise<WriteResult>;
  submitPost(post: ScheduledPost): Promise<boolean>;
  approvePost(post: ScheduledPost, comment?: string): Promise<boolean>;
  rejectPost(post: ScheduledPost, comment: string): Promise<boolean>;
  cancelPost(post: ScheduledPost, reason?: string): Promise<boolean>;
  clearPostActionError(): void;
  /** A `scheduled.changed` event. */
  applyPostsChanged(change: { posts: ScheduledPost[]; removed: number[]; reload: boolean }): void;
  applyCampaignChanged(campaign: Campaign): void;
}

const POSTS_LIMIT = 5000;
const byName = (a: Campaign, b: Campaign) => a.name.localeCompare(b.name);
const byDue = (a: ScheduledPost, b: ScheduledPost) => a.at - b.at || a.id - b.id;

/** Newer versions win: an event can overtake a list answer, and a list answer an event. */
function merge(current: ScheduledPost[], incoming: ScheduledPost[], removed: readonly number[] = []): ScheduledPost[] {
  const byId = new Map(current.map((post) => [post.id, post]));
  for (const id of removed) byId.delete(id);
  for (const post of incoming) {
    const known = byId.get(post.id);
    if (!known || known.version <= post.version) byId.set(post.id, post);
  }
  return [...byId.values()].sort(byDue);
}

export const createCampaignsSlice: DeskSliceCreator<CampaignsAction> = (set, get, _api, deps) => {
  /** Runs one write on one post: marks it busy, keeps the answer, or says why not. */
  async function onPost(post: ScheduledPost, call: () => Promise<Envelope<ScheduledPost>>): Promise<boolean> {
    set({ postsBusy: [...get().postsBusy, post.id], postActionError: null });
    const answer = await call();
    set({ postsBusy: get().postsBusy.filter((id) => id !== post.id) });
    if (!answer.ok) {
      set({ postActionError: answer.error.message });
      return false;
    }
    set({ scheduledPosts: merge(get().scheduledPosts, [answer.value]) });
    return true;
  }
  const written = (answer: Envelope<ScheduledPost>): WriteResult => {
    if (!answer.ok) return { ok: false, message: answer.error.message };
    set({ scheduledPosts: merge(get().scheduledPosts, [answer.value]) });
    return { ok: true, post: answer.value };
  };

  return {
    async loadCampaigns() {
      if (get().campaignsStatus !== 'ready') set({ campaignsStatus: 'loading' });
      const [accounts, campaigns] = await Promise.all([
        deps.client.call('accounts.list', {}),
        deps.client.call('campaigns.list', {}),
        get().loadScheduledPosts(),
      ]);
      if (!accounts.ok || !campaigns.ok) {
        const error = !accounts.ok ? accounts.error : !campaigns.ok ? campaigns.error : null;
        set({ campaignsStatus: 'error', campaignsError: error?.message ?? null });
        return;
      }
      set({
        publishingAccounts: accounts.value,
        campaigns: [...campaigns.value].sort(byName),
        campaignsStatus: get().campaignsError === null ? 'ready' : 'error',
      });
    },
    async loadScheduledPosts() {
      const answer = await deps.client.call('scheduled.list', { limit: POSTS_LIMIT });
      if (!answer.ok) {
        set({ campaignsStatus: 'error', campaignsError: answer.error.message });
        return;
      }
      // The list is the truth as of now: posts it no longer has were deleted.
      set({ scheduledPosts: [...answer.value].sort(byDue), campaignsError: null });
    },
    setPostFilters(filters) {
      set({ postFilters: { ...get().postFilters, ...filters } });
    },
    async createCampaign(input) {
      const answer = await deps.client.call('campaigns.create', input);
      if (!answer.ok) {
        set({ postActionError: answer.error.message });
        return false;
      }
      get().applyCampaignChanged(answer.value);
      set({ postActionError: null });
      return true;
    },
    async setCampaignPaused(id, paused) {
      const answer = await deps.client.call('campaigns.setPaused', { id, paused });
      if (!answer.ok) {
        set({ postActionError: answer.error.message });
        return false;
      }
      get().applyCampaignChanged(answer.value.campaign);
      set({ postActionError: null });
      // Its posts changed state (paused ⇄ scheduled); the event says which, a reload makes sure.
      if (answer.value.postsChanged > 0) void get().loadScheduledPosts();
      return true;
    },
    async createPost(input) {
      return written(await deps.client.call('scheduled.create', input));
    },
    async updatePost(input) {
      return written(await deps.client.call('scheduled.update', input));
    },
    submitPost: (post) => onPost(post, () => deps.client.call('scheduled.submit', { id: post.id, version: post.version })),
    approvePost: (post, comment) =>
      onPost(post, () => deps.client.call('scheduled.approve', { id: post.id, version: post.version, ...(comment ? { comment } : {}) })),
    rejectPost: (post, comment) =>
      onPost(post, () => deps.client.call('scheduled.reject', { id: post.id, version: post.version, comment })),
    cancelPost: (post, reason) =>
      onPost(post, () => deps.client.call('scheduled.cancel', { id: post.id, version: post.version, ...(reason ? { reason } : {}) })),
    clearPostActionError() {
      set({ postActionError: null });
    },
    applyPostsChanged(change) {
      if (change.reload) {
        void get().loadScheduledPosts();
        return;
      }
      set({ scheduledPosts: merge(get().scheduledPosts, change.posts, change.removed) });
    },
    applyCampaignChanged(campaign) {
      const others = get().campaigns.filter((c) => c.id !== campaign.id);
      set({ campaigns: [...others, campaign].sort(byName) });
    },
  };
};
