/**
 * The posts one chart bucket counts, newest first, in a modal. Virtualized: a surge minute can
 * hold thousands of posts. Text is hostile input, rendered as text; links only when http(s).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { formatClock, formatClockSeconds, formatPercent, seriesLabel } from '../format.js';
import { useDesk } from '../store/react.js';
import { Dialog } from './Dialog.js';
import { safeHttpUrl } from './RecentPosts.js';
import type { StoredPost } from '../../../shared/domain.js';
import { countOf } from '../../../shared/plural.js';

function PostRow({ post }: { post: StoredPost }) {
  const href = safeHttpUrl(post.url);
  return (
    <div className="post">
      <div className="post-meta">
        <span className="post-author">{post.author || 'unknown author'}</span>
        <span className="post-source">{post.source}</span>
        <time dateTime={new Date(post.createdAt).toISOString()}>{formatClockSeconds(post.createdAt)}</time>
        {post.outageIntent >= 0.5 && <span className="tag tag-alert">outage {formatPercent(post.outageIntent)}</span>}
        {href && (
          <a className="post-link" href={href} target="_blank" rel="noopener noreferrer">
            open original<span className="visually-hidden"> post by {post.author}</span>
          </a>
        )}
      </div>
      <p className="post-text" data-testid="bucket-post-text">
        {post.text}
      </p>
    </div>
  );
}

function VirtualPosts({ posts }: { posts: StoredPost[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Nothing here is memoized by hand, so the compiler skipping this component is harmless.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: posts.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 76,
    overscan: 8,
  });
  return (
    <div ref={scrollRef} className="bucket-scroll" tabIndex={0} aria-label="Posts, newest first" data-testid="bucket-posts">
      <div className="bucket-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={posts[item.index]!.id}
            data-index={item.index}
            ref={virtualizer.measureElement}
            className="bucket-row"
            style={{ transform: `translateY(${item.start}px)` }}
          >
            <PostRow post={posts[item.index]!} />
          </div>
        ))}
      </div>
    </div>
  );
}

export function BucketPostsDialog() {
  const bucket = useDesk((s) => s.wallBucket);
  const close = useDesk((s) => s.closeBucket);
  if (!bucket) return null;
  return (
    <Dialog labelledBy="bucket-title" onClose={close} className="dialog-wide">
      <div className="dialog-head">
        <h2 id="bucket-title">
          {seriesLabel(bucket.series)} · minute from {formatClock(bucket.minute * 60_000)}
        </h2>
        <button type="button" className="button button-small" onClick={close} data-autofocus>
          Close
        </button>
      </div>
      {bucket.status === 'loading' && <p className="empty-inline">Loading posts…</p>}
      {bucket.status === 'error' && <p className="notice notice-error">Could not load the posts: {bucket.error}</p>}
      {bucket.status === 'ready' &&
        (bucket.posts.length === 0 ? (
          <p className="empty-inline">No posts stored for this minute.</p>
        ) : (
          <>
            <p className="muted">{countOf(bucket.posts.length, 'post')}, newest first</p>
            <VirtualPosts posts={bucket.posts} />
          </>
        ))}
    </Dialog>
  );
}
