import type { DeskSliceCreator } from '../types.js';

export interface PostsAction {
  loadRecentPosts(limit?: number): Promise<void>;
}

export const RECENT_POSTS_LIMIT = 25;

export const createPostsSlice: DeskSliceCreator<PostsAction> = (set, get, _api, deps) => ({
  async loadRecentPosts(limit = RECENT_POSTS_LIMIT) {
    if (get().recentPostsStatus !== 'ready') set({ recentPostsStatus: 'loading' });
    const answer = await deps.client.call('posts.recent', { limit });
    if (answer.ok) set({ recentPosts: answer.value, recentPostsStatus: 'ready', recentPostsError: null });
    else set({ recentPostsStatus: 'error', recentPostsError: answer.error.message });
  },
});
