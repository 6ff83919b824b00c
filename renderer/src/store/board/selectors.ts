import { BOARD_STATUSES, PRIORITIES, type BoardCard, type BoardStatus } from '../../../../shared/contract/methods.js';
import type { Role } from '../../../../shared/domain.js';
import { memoLast } from '../memo.js';
import { rolesOf } from '../team/selectors.js';
import type { DeskState } from '../types.js';
import type { PendingComment, PendingCreate, PendingWrite } from './initialState.js';
import { overlayPending } from './pending.js';

export const STATUS_LABELS: Record<BoardStatus, string> = {
  new: 'New',
  triaged: 'Triaged',
  assigned: 'Assigned',
  in_progress: 'In progress',
  waiting_on_customer: 'Waiting on customer',
  resolved: 'Resolved',
};

const PRIORITY_RANK = Object.fromEntries(PRIORITIES.map((p, i) => [p, i])) as Record<string, number>;

/** Within a column: most urgent priority first, then the oldest (it has waited longest). */
export const byUrgency = (a: BoardCard, b: BoardCard): number =>
  PRIORITY_RANK[a.priority]! - PRIORITY_RANK[b.priority]! || a.createdAt - b.createdAt || a.id - b.id;

export type BoardColumns = Record<BoardStatus, BoardCard[]>;

/** The cards in one list per status, each sorted by urgency. */
export function groupByStatus(cards: readonly BoardCard[]): BoardColumns {
  const columns = Object.fromEntries(BOARD_STATUSES.map((status) => [status, [] as BoardCard[]])) as BoardColumns;
  for (const card of cards) columns[card.status].push(card);
  for (const status of BOARD_STATUSES) columns[status].sort(byUrgency);
  return columns;
}

const shownCards = memoLast(overlayPending);
const EMPTY: never[] = [];
const NO_ROLES: readonly Role[] = [];
const isCreator = (role: Role) => role === 'operator' || role === 'lead' || role === 'admin';
const createsOf = memoLast((pending: readonly PendingWrite[]) =>
  pending.filter((w): w is PendingCreate => w.kind === 'create' && w.state !== 'refused'),
);
const refusedOf = memoLast((pending: readonly PendingWrite[], me: string | null) =>
  pending.filter(
    (w): w is PendingComment | PendingCreate => w.state === 'refused' && (w.kind === 'comment' || w.kind === 'create') && w.madeBy === me,
  ),
);
const commentsOf = memoLast((pending: readonly PendingWrite[]) => pending.filter((w): w is PendingComment => w.kind === 'comment'));

/** Words for a write that waits: the same everywhere it shows. */
export const QUEUED_WORDS = 'Queued — sends when the hub is back';
export const SENDING_WORDS = 'Sending…';

export const boardSelectors = {
  /** Every card as this window shows it: the hub's, with this window's pending changes on top. */
  cards: (s: DeskState): BoardCard[] => shownCards(s.boardCards, s.boardPending, s.boardPeople),
  card:
    (id: number | null) =>
    (s: DeskState): BoardCard | null => {
      if (id === null || !s.boardCards[id]) return null;
      return boardSelectors.cards(s).find((card) => card.id === id) ?? null;
    },
  viewers: (id: number) => (s: DeskState) => s.boardPresence[id] ?? EMPTY,
  /** A change or comment of this window's on the card that the hub has not confirmed yet. */
  pendingFor: (id: number) => (s: DeskState) => s.boardPending.some((w) => w.kind !== 'create' && w.cardId === id && w.state !== 'refused'),
  /** Escalations filed here that the hub has not made yet (shown atop the New column). */
  queuedCreates: (s: DeskState): PendingCreate[] => createsOf(s.boardPending),
  /** This window's comments not confirmed yet, every card's (the detail picks its card's), refused ones included. */
  pendingComments: (s: DeskState): PendingComment[] => commentsOf(s.boardPending),
  /** Comments and escalations of this person's the hub refused when the queue went out: kept until copied or discarded. */
  refused: (s: DeskState): Array<PendingComment | PendingCreate> => refusedOf(s.boardPending, boardSelectors.writerId(s)),
  /**
   * Whose writes this window shows: the signed-in person, or, before the hub has said (a page
   * reloaded offline), whose kept board copy it shows (matched to this sign-in when it was read).
   */
  writerId: (s: DeskState): string | null => (s.me ? (s.me.user?.id ?? null) : (s.boardCached?.userId ?? null)),
  /**
   * The roles this window writes with: the hub's word, or, on a page reloaded offline, the roles
   * kept with the board copy (what the window offers only: the hub checks each write again).
   */
  writerRoles: (s: DeskState): readonly Role[] => (!s.me && s.boardCached ? (s.boardCached.roles ?? NO_ROLES) : rolesOf(s)),
  /** The name this window's writes show under until the hub confirms them: the signed-in person's, or the kept copy's. */
  writerName: (s: DeskState): string => (s.me ? s.me.user?.displayName : s.boardCached?.displayName) ?? 'You',
  queuedCount: (s: DeskState) => s.boardPending.filter((w) => w.state === 'queued').length,
  /**
   * Leads and admins triage: assign, re-prioritise, move any card, set policies. On a kept copy
   * as its roles say (changes queue; the hub checks each again when it arrives).
   */
  canTriage: (s: DeskState): boolean => boardSelectors.writerRoles(s).some((role) => role === 'lead' || role === 'admin'),
  /** Operators, leads and admins create escalations (queued, on a kept copy too). */
  canCreate: (s: DeskState): boolean => boardSelectors.writerRoles(s).some(isCreator),
  /** The same roles acknowledge (queued while the hub is unreachable, on a kept copy too). */
  canAcknowledge: (s: DeskState): boolean => boardSelectors.writerRoles(s).some(isCreator),
  /** This window's acknowledgement of the card not confirmed yet: how it waits, or null. */
  acknowledgeQueued:
    (id: number) =>
    (s: DeskState): PendingWrite['state'] | null =>
      s.boardPending.find((w) => w.kind === 'acknowledge' && w.cardId === id)?.state ?? null,
  /** This window's user id (null for the local admin or a token). */
  meId: (s: DeskState): string | null => s.me?.user?.id ?? null,
  /** Operators may move a card assigned to them; triagers any card (on a kept copy too, queued). */
  canMove:
    (card: BoardCard) =>
    (s: DeskState): boolean =>
      boardSelectors.canTriage(s) ||
      (boardSelectors.writerRoles(s).includes('operator') && card.assignee !== null && card.assignee.userId === boardSelectors.writerId(s)),
};
