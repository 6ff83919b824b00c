/**
 * The pages this browser already notified, kept in localStorage so a reload (or another tab
 * of the same browser) does not notify them again. Only pages that could still be news are
 * kept (shared/pageNotice's window, twice over), so the list stays a handful long.
 */
import { z } from 'zod';
import { PAGE_NEWS_MS, type SeenPages } from '../../../shared/pageNotice.js';

export const SEEN_PAGES_KEY = 'surge.pagesNotified';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const keptSchema = z.array(z.tuple([z.string().max(80), z.number()])).max(500);

export function storedSeenPages(storage: StorageLike | null): SeenPages {
  const memory = new Map<string, number>();
  const read = (): Map<string, number> => {
    try {
      const parsed = keptSchema.safeParse(JSON.parse(storage?.getItem(SEEN_PAGES_KEY) ?? '[]'));
      return parsed.success ? new Map(parsed.data) : new Map();
    } catch {
      return new Map();
    }
  };
  return {
    // Read each time: another tab may have notified the page a moment ago.
    has: (key) => memory.has(key) || read().has(key),
    add(key, at) {
      memory.set(key, at);
      const kept = read();
      kept.set(key, at);
      for (const [k, when] of kept) if (when < at - 2 * PAGE_NEWS_MS) kept.delete(k);
      try {
        storage?.setItem(SEEN_PAGES_KEY, JSON.stringify([...kept].slice(-200)));
      } catch {
        // Full or private storage: this page load still remembers it.
      }
    },
  };
}
