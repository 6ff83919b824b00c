/** Board cards (and pages) for renderer tests and the filter bench: valid by the contract, with a readable default. */
import type { BoardCard, BoardPage, BoardPerson, SlaClock } from '../../shared/contract/methods.js';

export const person = (userId: string, displayName = userId): BoardPerson => ({ userId, username: userId, displayName });

/** A first-tier page of card 12 for the admin role, at `at` (never today's date). */
export const makePage = (at: number, over: Partial<BoardPage> = {}): BoardPage => ({
  cardId: 12,
  title: 'Refunds stuck since 9:00',
  priority: 'P1',
  tier: 1,
  round: 0,
  reason: 'unacknowledged',
  userIds: [],
  roles: ['admin'],
  at,
  ...over,
});

export const clock = (over: Partial<SlaClock> = {}): SlaClock => ({
  state: 'off',
  dueAt: null,
  warnAt: null,
  remainingMs: null,
  metAt: null,
  breachedAt: null,
  ...over,
});

export function makeCard(id: number, over: Partial<BoardCard> = {}): BoardCard {
  return {
    id,
    title: `Card ${id}`,
    status: 'new',
    priority: 'P3',
    assignee: null,
    customerHandle: null,
    tags: [],
    posts: [],
    alertId: null,
    comments: [],
    version: 1,
    createdAt: 1_000 + id,
    createdBy: person('u_op', 'Olli Operator'),
    updatedAt: 1_000 + id,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    sla: { firstResponse: clock(), nextResponse: clock(), resolution: clock(), level: 'ok' },
    paging: { pagesSent: 0, nextPageAt: null },
    ...over,
  };
}

const WORDS = ['login', 'outage', 'billing', 'refund', 'slow', 'console', 'error', 'payment', 'mobile', 'sync', 'caído', 'timeout'];
const TAGS = ['vip', 'billing', 'api', 'mobile', 'press', 'legal'];
const STATUSES = ['new', 'triaged', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved'] as const;

/** `count` varied cards (deterministic): priorities, statuses, tags, assignees, posts, some breached. */
export function manyCards(count: number, now = 10_000_000): BoardCard[] {
  const cards: BoardCard[] = [];
  for (let i = 1; i <= count; i++) {
    const word = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length]!;
    const due = now + ((i % 11) - 3) * 60_000;
    cards.push(
      makeCard(i, {
        title: `${word(0)} ${word(1)} report #${i}`,
        status: STATUSES[i % STATUSES.length]!,
        priority: (['P1', 'P2', 'P3', 'P4'] as const)[i % 4]!,
        assignee: i % 3 === 0 ? null : person(`u_${i % 17}`, `Agent ${i % 17}`),
        customerHandle: `@customer${i % 977}`,
        tags: [TAGS[i % TAGS.length]!, ...(i % 5 === 0 ? [TAGS[(i + 1) % TAGS.length]!] : [])],
        posts: [
          {
            postId: i,
            source: 'demo',
            author: `user${i % 313}`,
            text: `${word(2)} ${word(3)} since this morning, ${word(4)}`,
            url: null,
            createdAt: now - i,
          },
        ],
        sla: {
          firstResponse: clock({ state: 'running', dueAt: due, warnAt: due - 5 * 60_000 }),
          nextResponse: clock(),
          resolution: clock(),
          level: due < now ? 'breached' : 'ok',
        },
      }),
    );
  }
  return cards;
}

const POST_TEXT =
  'Is the app down for anyone else? I have been trying to log in for twenty minutes and keep getting an error, please help, this is costing us money';

/** `manyCards` with what a worked board carries: post-length texts and links, a second post on every third card, 0–3 comments. */
export function realisticCards(count: number, now = 10_000_000): BoardCard[] {
  return manyCards(count, now).map((card, i) => ({
    ...card,
    posts: [
      ...card.posts.map((post) => ({ ...post, text: POST_TEXT, url: `https://social.example/@${post.author}/status/17${i}` })),
      ...(i % 3 === 0 ? [{ ...card.posts[0]!, postId: count + i, text: POST_TEXT, url: null }] : []),
    ],
    comments: Array.from({ length: i % 4 }, (_, k) => ({
      id: i * 10 + k,
      at: now - k * 60_000,
      author: person(`u_${k}`, `Agent ${k}`),
      text: 'Checked with billing: refund pending, customer told to retry after the fix ships',
      mentions: [],
    })),
  }));
}
