import { describe, expect, it } from 'vitest';
import type { BoardPage } from '../../shared/contract/board.js';
import {
  cardFromHash,
  createPageAnnouncer,
  hashForCard,
  isPageFor,
  memorySeenPages,
  PAGE_NEWS_MS,
  pageKey,
  pageNoticeText,
} from '../../shared/pageNotice.js';

const T0 = Date.UTC(2026, 2, 3, 9, 0);
const page = (over: Partial<BoardPage> = {}): BoardPage => ({
  cardId: 12,
  title: 'Refunds <b>stuck</b> since 9:00',
  priority: 'P1',
  tier: 2,
  round: 0,
  reason: 'unacknowledged',
  userIds: ['u_dana'],
  roles: [],
  at: T0,
  ...over,
});
const dana = { userId: 'u_dana', roles: ['operator'] as const };

describe('who a page is for', () => {
  it('is for the named users and holders of the named roles, never for a token or local user by id alone', () => {
    expect(isPageFor(page(), dana)).toBe(true);
    expect(isPageFor(page(), { userId: 'u_sam', roles: ['operator'] })).toBe(false);
    expect(isPageFor(page({ userIds: [], roles: ['lead', 'admin'] }), { userId: null, roles: ['admin'] })).toBe(true);
    expect(isPageFor(page({ userIds: [], roles: ['lead'] }), { userId: null, roles: ['admin'] })).toBe(false);
  });
});

describe('page announcer', () => {
  it('announces a page once, however often it arrives (reconnects, catch-up)', () => {
    let now = T0 + 1_000;
    const announcer = createPageAnnouncer({ now: () => now });
    expect(announcer.next(page(), dana)).toBe(true);
    now += 30_000;
    expect(announcer.next(page(), dana)).toBe(false);
    expect(announcer.next({ ...page() }, dana)).toBe(false);
    // The next tier (or the same tier a round later, or another instant) is a new page.
    expect(announcer.next(page({ tier: 3, at: T0 + 20_000 }), dana)).toBe(true);
    expect(announcer.next(page({ round: 1, at: T0 + 25_000 }), dana)).toBe(true);
  });

  it('does not announce a page older than the news window at arrival, nor one for someone else', () => {
    const now = T0 + PAGE_NEWS_MS + 1;
    const announcer = createPageAnnouncer({ now: () => now });
    expect(announcer.next(page(), dana)).toBe(false);
    expect(announcer.next(page({ at: now - PAGE_NEWS_MS }), dana)).toBe(true);
    expect(announcer.next(page({ at: now, userIds: ['u_sam'] }), dana)).toBe(false);
  });

  it('a shared seen-store (a reload keeps it) stops a replayed page; a new announcer alone would not', () => {
    const seen = memorySeenPages();
    const now = () => T0 + 60_000;
    expect(createPageAnnouncer({ now, seen }).next(page(), dana)).toBe(true);
    expect(createPageAnnouncer({ now, seen }).next(page(), dana)).toBe(false);
    expect(createPageAnnouncer({ now }).next(page(), dana)).toBe(true);
  });

  it('the in-memory store forgets pages that can no longer be news, so it stays small', () => {
    const seen = memorySeenPages();
    for (let i = 0; i < 100; i++) seen.add(pageKey(page({ at: T0 + i * 60_000 })), T0 + i * 60_000);
    expect(seen.size).toBeLessThanOrEqual(11);
    expect(seen.has(pageKey(page({ at: T0 + 99 * 60_000 })))).toBe(true);
    expect(seen.has(pageKey(page({ at: T0 })))).toBe(false);
  });
});

describe('what the notification says', () => {
  it('names the tier, priority and card, and carries the title as it is (plain text)', () => {
    expect(pageNoticeText(page())).toEqual({
      title: 'You are paged (tier 2): P1 #12',
      body: 'Refunds <b>stuck</b> since 9:00 — not acknowledged',
    });
    expect(pageNoticeText(page({ tier: 1, round: 1, reason: 'unresolved' })).title).toBe('You are paged (tier 1, round 2): P1 #12');
    expect(pageNoticeText(page({ reason: 'unresolved' })).body).toContain('still unresolved past its target');
  });

  it('links to the card through the hash, and reads back only a well-formed card link', () => {
    expect(hashForCard(12)).toBe('#/board/card/12');
    expect(cardFromHash(hashForCard(12))).toBe(12);
    for (const bad of ['#/board', '#/board/card/', '#/board/card/0', '#/board/card/12x', '#/live/card/12', '#/board/card/-1'])
      expect(cardFromHash(bad), bad).toBeNull();
  });
});
