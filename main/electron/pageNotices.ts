/**
 * Pages outside the window, on the desktop: a page for the person using this app (the local
 * admin on the solo desk, the signed-in user on a team hub) raises a native notification once
 * (shared/pageNotice), and the tray counts the cards whose page is still waiting for them.
 *
 * The desktop notifies here and never from the window (renderer/src/notify/browserNotices.ts
 * skips notifications over IPC): this process runs while the window is hidden in the tray,
 * closed or still loading, and it hears each page once however often the window reloads; two
 * notifiers would show one page twice.
 */
import { boardEvents } from '../../shared/contract/board.js';
import { createPageAnnouncer, isPageFor, pageNoticeText, type PagedWho } from '../../shared/pageNotice.js';
import type { EventListener } from '../core/engineTypes.js';
import type { Notifier } from './notifications.js';

export interface PageNoticeOptions {
  notifier: Notifier;
  /** Who uses the app right now; null while nobody is signed in (then no page is theirs). */
  who: () => PagedWho | null;
  now: () => number;
  /** "Notify me when I am paged" (the window's setting): off, a page still counts in the tray but raises nothing. */
  enabled?: () => boolean;
  /** A click: show the window with this card open. */
  onOpen: (cardId: number) => void;
  /** How many cards have a page for this person that is not yet acknowledged (or, past the resolution target, resolved). */
  onPagedCount?: (count: number) => void;
}

export interface PageNoticeListener extends EventListener {
  /** The app moved to another engine or hub, or another person: what was waiting is not theirs. */
  reset(): void;
}

export function pageNotices(options: PageNoticeOptions): PageNoticeListener {
  const announcer = createPageAnnouncer({ now: options.now });
  /** Card id → the instant of its latest page for this person. */
  const waiting = new Map<number, number>();
  const count = (): void => options.onPagedCount?.(waiting.size);

  const listener = (event: string, data: unknown): void => {
    if (event === 'board.page') {
      const parsed = boardEvents['board.page'].safeParse(data);
      const who = options.who();
      if (!parsed.success || !who) return;
      const page = parsed.data;
      if (!isPageFor(page, who)) return;
      // Counted even when it is not news (a repeat, a stale one): the card still waits for them.
      waiting.set(page.cardId, Math.max(page.at, waiting.get(page.cardId) ?? 0));
      count();
      // Asked first either way: a page passed over while turned off is not news once turned back on.
      if (announcer.next(page, who) && (options.enabled?.() ?? true)) {
        options.notifier.notify({ ...pageNoticeText(page), urgency: 'critical', onClick: () => options.onOpen(page.cardId) });
      }
      return;
    }
    if (event === 'board.changed') {
      const parsed = boardEvents['board.changed'].safeParse(data);
      if (!parsed.success) return;
      const { card } = parsed.data;
      const pagedAt = waiting.get(card.id);
      if (pagedAt === undefined) return;
      // Acknowledged after the page (an unresolved-card page comes after the acknowledgement), or resolved.
      if (card.resolvedAt !== null || (card.acknowledgedAt !== null && card.acknowledgedAt >= pagedAt)) {
        waiting.delete(card.id);
        count();
      }
    }
  };
  return Object.assign(listener, {
    reset() {
      if (waiting.size === 0) return;
      waiting.clear();
      count();
    },
  });
}
