import type { DeskState } from '../types.js';

export const postsSelectors = {
  recent: (s: DeskState) => s.recentPosts,
  hasPosts: (s: DeskState) => s.recentPosts.length > 0,
};
