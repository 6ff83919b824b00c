/**
 * When a board page interrupts the person it is for, outside the app's own notice: once per
 * page, only while it is news. One rule for the browser's notification and the desktop's.
 *
 * A page is news for a few minutes: one that arrives older than that (a notice restored
 * after a reload, a hub's clock far ahead of ours, a laptop waking up) is on screen in the
 * app, not pushed at the OS. That same window bounds what must be remembered to dedupe.
 */
import type { BoardPage } from './contract/board.js';
import type { Role } from './domain.js';

export const PAGE_NEWS_MS = 5 * 60_000;

/**
 * A page's identity. The event carries no row id; the hub sends at most one page per card at
 * one instant (one due-timer run per card), so card, instant, tier and round name it.
 */
export const pageKey = (page: Pick<BoardPage, 'cardId' | 'at' | 'tier' | 'round'>): string =>
  `${page.cardId}@${page.at}#${page.tier}.${page.round}`;

/** Who is looking: a signed-in user's id (null for the desktop's local admin or a token) and roles. */
export interface PagedWho {
  userId: string | null;
  roles: readonly Role[];
}

/** Paged by name, or through a role this person holds. */
export function isPageFor(page: Pick<BoardPage, 'userIds' | 'roles'>, who: PagedWho): boolean {
  return (who.userId !== null && page.userIds.includes(who.userId)) || page.roles.some((role) => who.roles.includes(role));
}

/** Where the keys of notified pages live: memory in the desktop, localStorage in a browser. */
export interface SeenPages {
  has(key: string): boolean;
  /** `at` is the page's instant, so a store can forget what can no longer be news. */
  add(key: string, at: number): void;
}

export function memorySeenPages(): SeenPages & { readonly size: number } {
  const seen = new Map<string, number>();
  return {
    has: (key) => seen.has(key),
    add(key, at) {
      seen.set(key, at);
      for (const [k, when] of seen) if (when < at - 2 * PAGE_NEWS_MS) seen.delete(k);
    },
    get size() {
      return seen.size;
    },
  };
}

export interface PageAnnouncerOptions {
  now: () => number;
  seen?: SeenPages;
  newsMs?: number;
}

export function createPageAnnouncer(options: PageAnnouncerOptions) {
  const seen = options.seen ?? memorySeenPages();
  const newsMs = options.newsMs ?? PAGE_NEWS_MS;
  return {
    /** True once for a page that is news for `who`; false for repeats, stale pages and other people's. */
    next(page: BoardPage, who: PagedWho): boolean {
      if (!isPageFor(page, who)) return false;
      const key = pageKey(page);
      if (seen.has(key)) return false;
      if (options.now() - page.at > newsMs) return false;
      seen.add(key, page.at);
      return true;
    },
  };
}

export type PageAnnouncer = ReturnType<typeof createPageAnnouncer>;

/** Title and one line of body, plain text: the card's title is the customer's words, never markup. */
export function pageNoticeText(page: BoardPage): { title: string; body: string } {
  const why = page.reason === 'unacknowledged' ? 'not acknowledged' : 'still unresolved past its target';
  const round = page.round > 0 ? `, round ${page.round + 1}` : '';
  return {
    title: `You are paged (tier ${page.tier}${round}): ${page.priority} #${page.cardId}`,
    body: `${page.title} — ${why}`,
  };
}

/** The board with one card open: `#/board/card/12` (the view part still reads as `board`). */
export const hashForCard = (cardId: number): string => `#/board/card/${cardId}`;

export function cardFromHash(hash: string): number | null {
  const match = /^#\/?board\/card\/(\d{1,12})$/.exec(hash);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
