import type { ScheduledPost } from '../../../../shared/contract/campaigns.js';
import { campaignsSelectors, STATE_LABELS } from '../../store/campaigns/selectors.js';
import { useDesk } from '../../store/react.js';
import { dateTimeInZone, viewerZone } from '../campaigns/calendar.js';

/** A post's state as a badge: every state of the union has its own colour and words. */
export function StateBadge({ post }: { post: ScheduledPost }) {
  const state = post.status.state;
  const overdue = post.status.state === 'held' && post.status.overdue;
  return (
    <span className={`post-state post-state-${state}`} data-testid="post-state">
      {STATE_LABELS[state]}
      {overdue && ' · overdue'}
    </span>
  );
}

/** When a post is due, in the viewer's zone, and in the author's when that differs. */
export function DueTime({ post }: { post: ScheduledPost }) {
  const zone = viewerZone();
  return (
    <span className="due-time">
      <time dateTime={new Date(post.at).toISOString()}>{dateTimeInZone(post.at, zone)}</time>
      {post.zone !== zone && (
        <span className="muted due-author-zone">
          {' '}
          ({dateTimeInZone(post.at, post.zone)} {post.zone.replace(/_/g, ' ')})
        </span>
      )}
    </span>
  );
}

/** The accounts a post goes to, each with its network. */
export function AccountList({ post }: { post: ScheduledPost }) {
  const accounts = useDesk(campaignsSelectors.accountsByName);
  return <span className="account-list">{post.accounts.map((name) => accounts.get(name)?.handle ?? name).join(', ')}</span>;
}

/** One line of a preview: due time, accounts, the start of the text. */
export function PreviewList({ posts, empty, max = 12 }: { posts: ScheduledPost[]; empty: string; max?: number }) {
  if (posts.length === 0) return <p className="empty-inline">{empty}</p>;
  return (
    <>
      <ul className="preview-list" data-testid="incident-preview">
        {posts.slice(0, max).map((post) => (
          <li key={post.id}>
            <DueTime post={post} /> · <AccountList post={post} /> <StateBadge post={post} />
            <p className="preview-text">{post.text}</p>
          </li>
        ))}
      </ul>
      {posts.length > max && <p className="muted">and {posts.length - max} more</p>}
    </>
  );
}
