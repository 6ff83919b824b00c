import { useEffect, useState } from 'react';
import { POST_STATES, type ScheduledPost } from '../../../../shared/contract/campaigns.js';
import { NETWORKS, NETWORK_LABELS, type Network } from '../../../../shared/publishing/networks.js';
import type { PostState } from '../../../../shared/contract/campaigns.js';
import { campaignsSelectors, EDITABLE, STATE_LABELS } from '../../store/campaigns/selectors.js';
import { useDesk } from '../../store/react.js';
import { useNow } from '../../useNow.js';
import { viewerZone, type CalendarMode } from './calendar.js';
import { CalendarView } from './CalendarView.js';
import { CampaignList } from './CampaignList.js';
import { NoAccountsNotice } from './NoAccountsNotice.js';
import { PostEditor } from './PostEditor.js';
import { PostList } from './PostList.js';
import { OfflineNotice } from '../../components/OfflineNotice.js';

type Layout = 'list' | CalendarMode;
const LAYOUTS: { id: Layout; label: string }[] = [
  { id: 'list', label: 'List' },
  { id: 'week', label: 'Week' },
  { id: 'hours', label: 'Week by hour' },
  { id: 'month', label: 'Month' },
];

function Filters() {
  const filters = useDesk((s) => s.postFilters);
  const campaigns = useDesk((s) => s.campaigns);
  const setFilters = useDesk((s) => s.setPostFilters);
  return (
    <div className="filters" role="group" aria-label="Filter posts">
      <div className="field">
        <label htmlFor="filter-campaign">Campaign</label>
        <select
          id="filter-campaign"
          value={filters.campaignId ?? ''}
          onChange={(e) => setFilters({ campaignId: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">All campaigns</option>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-network">Network</label>
        <select
          id="filter-network"
          value={filters.network ?? ''}
          onChange={(e) => setFilters({ network: e.target.value === '' ? null : (e.target.value as Network) })}
        >
          <option value="">All networks</option>
          {NETWORKS.map((n) => (
            <option key={n} value={n}>
              {NETWORK_LABELS[n]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-state">State</label>
        <select
          id="filter-state"
          value={filters.state ?? ''}
          onChange={(e) => setFilters({ state: e.target.value === '' ? null : (e.target.value as PostState) })}
        >
          <option value="">All states</option>
          {POST_STATES.map((state) => (
            <option key={state} value={state}>
              {STATE_LABELS[state]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

export function CampaignsView() {
  const posts = useDesk(campaignsSelectors.filteredPosts);
  const total = useDesk((s) => s.scheduledPosts.length);
  const accountsCount = useDesk((s) => s.publishingAccounts.length);
  const status = useDesk((s) => s.campaignsStatus);
  const error = useDesk((s) => s.campaignsError);
  const actionError = useDesk((s) => s.postActionError);
  const canWrite = useDesk(campaignsSelectors.canWrite);
  const live = useDesk((s) => s.connectionPhase === 'live');
  const load = useDesk((s) => s.loadCampaigns);
  const clearActionError = useDesk((s) => s.clearPostActionError);
  const now = useNow(60_000);
  const [layout, setLayout] = useState<Layout>('list');
  const [anchor, setAnchor] = useState(() => Date.now());
  const [editing, setEditing] = useState<ScheduledPost | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const zone = viewerZone();

  useEffect(() => {
    if (live) void load();
  }, [live, load]);

  const open = (post: ScheduledPost) => {
    if (canWrite && EDITABLE.includes(post.status.state)) setEditing(post);
    else {
      setLayout('list');
      // The row exists once the list renders; show it there, where its actions are.
      setTimeout(() => document.querySelector(`[data-testid="post-${post.id}"]`)?.scrollIntoView({ block: 'center' }), 0);
    }
  };

  return (
    <div className="view view-campaigns">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          Campaigns
        </h1>
        <p className="view-sub">Scheduled posts, their approvals and where they went</p>
        {canWrite && (
          <button
            type="button"
            className="button button-primary view-action"
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
          >
            Write a post
          </button>
        )}
      </div>
      <OfflineNotice />
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
      {notice && (
        <p className="notice notice-ok" aria-hidden="true">
          {notice}
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          Could not load campaigns: {error}
        </p>
      )}
      {actionError && (
        <div className="notice notice-error" role="alert" data-testid="post-action-error">
          {actionError}{' '}
          <button type="button" className="button button-small button-quiet" onClick={clearActionError}>
            Dismiss
          </button>
        </div>
      )}
      {status === 'ready' && accountsCount === 0 && <NoAccountsNotice link />}
      {!canWrite && status === 'ready' && (
        <p className="notice notice-info">Social managers and admins write, approve and pause posts; you can see them here.</p>
      )}
      <CampaignList />
      <div className="post-toolbar">
        <Filters />
        <div className="days-choice" role="radiogroup" aria-label="Show as">
          {LAYOUTS.map((l) => (
            <label key={l.id}>
              <input type="radio" name="post-layout" checked={layout === l.id} onChange={() => setLayout(l.id)} />
              {l.label}
            </label>
          ))}
        </div>
      </div>
      {status === 'loading' && total === 0 ? (
        <p className="empty-inline">Loading posts…</p>
      ) : layout === 'list' ? (
        posts.length === 0 ? (
          <div className="empty-state">
            <p className="empty-title">{total === 0 ? 'No posts scheduled yet' : 'No post matches these filters'}</p>
            <p>
              {total === 0 ? (canWrite ? 'Write one with “Write a post”.' : 'Social managers write them.') : 'Change or clear a filter.'}
            </p>
          </div>
        ) : (
          <PostList posts={posts} onEdit={setEditing} />
        )
      ) : (
        <CalendarView posts={posts} mode={layout} anchor={anchor} zone={zone} now={now} onAnchor={setAnchor} onOpen={open} />
      )}
      {editing && (
        <PostEditor
          post={editing === 'new' ? null : editing}
          onDone={(message) => {
            setEditing(null);
            if (message) setNotice(message);
          }}
        />
      )}
    </div>
  );
}
