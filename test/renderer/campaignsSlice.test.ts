import { describe, expect, it } from 'vitest';
import { campaignsSelectors, stateDetail, STATE_LABELS } from '../../renderer/src/store/campaigns/selectors.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { POST_STATES } from '../../shared/contract/campaigns.js';
import { createFakeClient, failWith, flush } from './fakeTransport.js';
import { accounts, campaign, post, T0 } from './publishingFixtures.js';

const me = (username: string, roles: string[]) => ({
  signedIn: true,
  via: 'session',
  user: { id: `u_${username}`, username, displayName: username, roles, status: 'active', createdAt: 1, lastSeenAt: null },
  roles,
});

function setup(handlers: Record<string, (p: never) => unknown> = {}) {
  const posts = [
    post(1, { status: { state: 'pending', submittedAt: T0, submittedBy: 'sam' } }),
    post(2, { accounts: ['brand-x'], campaignId: 2 }),
    post(3, { accounts: ['brand', 'brand-bsky'], status: { state: 'failed', reason: 'Mastodon refused the post: the text is too long.' } }),
  ];
  const { client, transport } = createFakeClient({
    'accounts.list': () => accounts,
    'campaigns.list': () => [campaign(2, 'Winter sale', { requiredApproverRole: 'admin' }), campaign(1, 'Spring launch')],
    'scheduled.list': () => posts,
    ...handlers,
  });
  const store = createDeskStore({ client, now: () => T0 });
  store.getState().bindEvents();
  return { store, transport, posts };
}

describe('campaigns slice', () => {
  it('loads accounts, campaigns (by name) and posts (by due time)', async () => {
    const { store } = setup();
    await store.getState().loadCampaigns();
    const s = store.getState();
    expect(s.campaignsStatus).toBe('ready');
    expect(s.campaigns.map((c) => c.name)).toEqual(['Spring launch', 'Winter sale']);
    expect(s.scheduledPosts.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(s.publishingAccounts).toHaveLength(3);
  });

  it('a refused load says why in the hub’s words', async () => {
    const { store } = setup({ 'campaigns.list': failWith('unavailable', 'The hub is starting; try again in a moment.') });
    await store.getState().loadCampaigns();
    expect(store.getState()).toMatchObject({ campaignsStatus: 'error', campaignsError: 'The hub is starting; try again in a moment.' });
  });

  it('filters by campaign, network (through the accounts) and state, together', async () => {
    const { store } = setup();
    await store.getState().loadCampaigns();
    const ids = () => campaignsSelectors.filteredPosts(store.getState()).map((p) => p.id);
    expect(ids()).toEqual([1, 2, 3]);
    store.getState().setPostFilters({ network: 'bluesky' });
    expect(ids()).toEqual([3]);
    store.getState().setPostFilters({ network: 'mastodon', state: 'pending' });
    expect(ids()).toEqual([1]);
    store.getState().setPostFilters({ network: null, state: null, campaignId: 2 });
    expect(ids()).toEqual([2]);
    // Same inputs, same array: subscribing components do not re-render forever.
    expect(campaignsSelectors.filteredPosts(store.getState())).toBe(campaignsSelectors.filteredPosts(store.getState()));
  });

  it('approval: not one’s own post, not without the role, not without the campaign’s named role', async () => {
    const { store } = setup();
    await store.getState().loadCampaigns();
    const pending = store.getState().scheduledPosts[0]!;
    const check = () => campaignsSelectors.approval(store.getState(), pending);
    store.setState({ me: me('sam', ['social']) as never, authStatus: 'signedIn' });
    expect(check()).toEqual({ allowed: false, why: 'You wrote this post: someone else must approve it.' });
    store.setState({ me: me('lena', ['lead']) as never });
    expect(check()).toEqual({ allowed: false, why: 'Only social managers and admins approve posts.' });
    store.setState({ me: me('ada', ['social']) as never });
    expect(check()).toEqual({ allowed: true, why: null });
    const winter = { ...pending, id: 9, campaignId: 2 };
    expect(campaignsSelectors.approval(store.getState(), winter).why).toBe('This campaign’s posts are approved by an admin.');
    expect(campaignsSelectors.approval(store.getState(), store.getState().scheduledPosts[1]!).allowed).toBe(false);
  });

  it('approve keeps the hub’s answer; a refusal shows its sentence and leaves the post as it was', async () => {
    const approved = post(1, { status: { state: 'scheduled', approvedBy: 'ada', approvedAt: T0 + 5 }, version: 2 });
    const { store, transport } = setup({ 'scheduled.approve': () => approved });
    await store.getState().loadCampaigns();
    const pending = store.getState().scheduledPosts[0]!;
    expect(await store.getState().approvePost(pending)).toBe(true);
    expect(transport.calls.at(-1)).toEqual({ method: 'scheduled.approve', params: { id: 1, version: 1 } });
    expect(store.getState().scheduledPosts[0]!.status.state).toBe('scheduled');
    expect(store.getState().postsBusy).toEqual([]);

    transport.handlers['scheduled.reject'] = failWith('forbidden', 'Support leads cannot approve or reject posts.');
    expect(await store.getState().rejectPost(store.getState().scheduledPosts[0]!, 'no')).toBe(false);
    expect(store.getState().postActionError).toBe('Support leads cannot approve or reject posts.');
    expect(store.getState().scheduledPosts[0]).toEqual(approved);
  });

  it('live changes: a newer version wins, an older one is ignored, removed posts go, reload re-lists', async () => {
    const { store, transport, posts } = setup();
    await store.getState().loadCampaigns();
    transport.emit('scheduled.changed', { posts: [post(2, { version: 3, text: 'newer' })], removed: [1], reload: false });
    await flush();
    transport.emit('scheduled.changed', { posts: [post(2, { version: 2, text: 'older' })], removed: [], reload: false });
    await flush();
    expect(store.getState().scheduledPosts.map((p) => [p.id, p.text])).toEqual([
      [2, 'newer'],
      [3, 'Post 3'],
    ]);
    posts.push(post(4));
    transport.emit('scheduled.changed', { posts: [], removed: [], reload: true });
    await flush();
    await flush();
    expect(store.getState().scheduledPosts.map((p) => p.id)).toEqual([1, 2, 3, 4]);
    transport.emit('campaigns.changed', campaign(1, 'Spring launch', { paused: true }));
    await flush();
    expect(store.getState().campaigns.find((c) => c.id === 1)!.paused).toBe(true);
  });

  it('pausing a campaign re-lists its posts when some changed', async () => {
    const { store, transport } = setup({
      'campaigns.setPaused': (p: { id: number; paused: boolean }) => ({
        campaign: campaign(p.id, 'Spring launch', { paused: p.paused }),
        postsChanged: 2,
      }),
    });
    await store.getState().loadCampaigns();
    const before = transport.calls.filter((c) => c.method === 'scheduled.list').length;
    expect(await store.getState().setCampaignPaused(1, true)).toBe(true);
    await flush();
    expect(store.getState().campaigns.find((c) => c.id === 1)!.paused).toBe(true);
    expect(transport.calls.filter((c) => c.method === 'scheduled.list').length).toBe(before + 1);
  });

  it('every state of the union has words, and its detail line names who and why', () => {
    expect(Object.keys(STATE_LABELS).sort()).toEqual([...POST_STATES].sort());
    const when = () => '2 Mar 10:00';
    expect(stateDetail(post(1, { status: { state: 'failed', reason: 'X says: duplicate content.' } }), when)).toBe(
      'X says: duplicate content.',
    );
    expect(stateDetail(post(1, { status: { state: 'draft', reviewerComment: 'Too cheerful today', reviewedBy: 'ada' } }), when)).toBe(
      'Sent back by ada: “Too cheerful today”',
    );
    expect(stateDetail(post(1, { status: { state: 'held', heldAt: T0, heldFrom: 'scheduled', overdue: true } }), when)).toBe(
      'Held since 2 Mar 10:00; its time has passed',
    );
    // The hub's reason is said once, after who approved and when.
    const why = 'Its time (2 Mar 09:00) passed while its campaign was paused: give it a new time.';
    expect(stateDetail(post(1, { status: { state: 'approved', approvedBy: 'sue', approvedAt: T0, why } }), when)).toBe(
      `Approved by sue, 2 Mar 10:00. ${why}`,
    );
  });
});
