/**
 * A new card as a create makes it, before it is stored: the posts it attaches (stored posts,
 * or an alert's samples, copied as they are now) and the title and customer it takes from them
 * when the person gave none.
 */
import { ContractFailure } from '../../shared/contract/envelope.js';
import type { BoardPerson, LinkedPost } from '../../shared/contract/board.js';
import type { StoredCard } from '../store/board.js';
import type { Store } from '../store/index.js';
import { initialFacts } from './sla.js';

export type NewCardStore = Pick<Store, 'postsRead' | 'alertsRead'>;

export interface CreateInput {
  title?: string | undefined;
  postIds?: number[] | undefined;
  alertId?: number | undefined;
  customerHandle?: string | undefined;
  priority: StoredCard['priority'];
  tags: string[];
  requestKey?: string | undefined;
}

function linkedPosts(
  store: NewCardStore,
  postIds: readonly number[],
  alertId: number | undefined,
): { posts: LinkedPost[]; alertTitle: string | null } {
  const posts: LinkedPost[] = [];
  for (const id of new Set(postIds)) {
    const post = store.postsRead.get(id);
    if (!post) throw new ContractFailure('not_found', `Post ${id} is not stored (any more), so it cannot be attached.`);
    posts.push({ postId: post.id, source: post.source, author: post.author, text: post.text, url: post.url, createdAt: post.createdAt });
  }
  if (alertId === undefined) return { posts, alertTitle: null };
  const alert = store.alertsRead.get(alertId);
  if (!alert) throw new ContractFailure('not_found', `There is no alert ${alertId}.`);
  for (const s of alert.drivers.samplePosts) {
    if (posts.length < 50) posts.push({ postId: null, source: s.source, author: s.author, text: s.text, url: s.url, createdAt: null });
  }
  return { posts, alertTitle: alert.title };
}

const firstLine = (text: string | undefined): string | null => {
  const line = text
    ?.split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
  return line ? line.slice(0, 120) : null;
};

/**
 * The customer a card is about, when its posts say so: the one person who wrote all of them. An
 * alert's samples are three voices of a crowd, and naming the first as "the customer" would send
 * the team to answer one random person.
 */
function soleAuthor(posts: readonly LinkedPost[]): string | null {
  const author = posts[0]?.author;
  return author !== undefined && posts.every((p) => p.author === author) ? author : null;
}

/** The card a create makes (not stored yet) and the posts it attaches. */
export function newCard(
  store: NewCardStore,
  input: CreateInput,
  createdBy: BoardPerson,
  now: number,
): { card: StoredCard; posts: LinkedPost[] } {
  const { posts, alertTitle } = linkedPosts(store, input.postIds ?? [], input.alertId);
  const title = input.title ?? alertTitle ?? firstLine(posts[0]?.text);
  if (!title) throw new ContractFailure('bad_request', 'Give the escalation a title, or create it from a post or an alert.');
  const card: StoredCard = {
    id: 0,
    title,
    status: 'new',
    priority: input.priority,
    assigneeId: null,
    customerHandle: input.customerHandle ?? (input.alertId === undefined ? soleAuthor(posts) : null),
    tags: [...new Set(input.tags)],
    alertId: input.alertId ?? null,
    version: 0,
    createdAt: now,
    createdBy,
    updatedAt: now,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    slaFacts: initialFacts(),
    slaMarks: {},
    pageStep: 0,
    reescalations: 0,
    pagesSent: 0,
    nextPageAt: null,
    nextDueAt: null,
  };
  return { card, posts };
}
