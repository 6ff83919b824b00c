import type { StoredPost } from '../../../../shared/domain.js';

export interface PostsState {
  /** Newest first. Text is untrusted: rendered as text only. */
  recentPosts: StoredPost[];
  recentPostsStatus: 'idle' | 'loading' | 'ready' | 'error';
  recentPostsError: string | null;
}

export const initialPostsState: PostsState = { recentPosts: [], recentPostsStatus: 'idle', recentPostsError: null };
