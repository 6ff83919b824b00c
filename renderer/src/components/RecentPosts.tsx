import type { StoredPost } from '../../../shared/domain.js';
import { formatAgo, formatPercent } from '../format.js';
import { EscalateButton } from '../views/board/EscalateButton.js';

/** Only http(s) links become anchors; anything else (javascript:, data:) stays plain text. */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * Post text is hostile input: it is rendered through React text nodes only, never as HTML.
 * Long posts are clipped by CSS, not by cutting strings (which can split a surrogate pair).
 */
export function RecentPosts({ posts, now }: { posts: StoredPost[]; now: number }) {
  if (posts.length === 0) return <p className="empty-inline">No posts stored yet.</p>;
  return (
    <ol className="post-list" data-testid="recent-posts">
      {posts.map((post) => {
        const href = safeHttpUrl(post.url);
        return (
          <li key={post.id} className="post">
            <div className="post-meta">
              <span className="post-author">{post.author || 'unknown author'}</span>
              <span className="post-source">{post.source}</span>
              <time dateTime={new Date(post.createdAt).toISOString()}>{formatAgo(post.createdAt, now)}</time>
              {post.outageIntent >= 0.5 && (
                <span className="tag tag-alert" title="How strongly the text reads like someone reporting an outage">
                  outage {formatPercent(post.outageIntent)}
                </span>
              )}
              {href && (
                <a className="post-link" href={href} target="_blank" rel="noopener noreferrer">
                  open
                  <span className="visually-hidden">
                    {' '}
                    post by {post.author} on {post.source}
                  </span>
                </a>
              )}
              <EscalateButton postIds={[post.id]} what={`post by ${post.author || 'unknown author'} on ${post.source}`} />
            </div>
            <p className="post-text" data-testid="post-text">
              {post.text}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
