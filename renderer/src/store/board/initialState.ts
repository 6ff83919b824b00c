import type {
  BoardCard,
  EscalationDraft,
  BoardPage,
  BoardPerson,
  CardPatch,
  EscalationPolicy,
  FieldChange,
  HistoryEntry,
  SlaPolicy,
} from '../../../../shared/contract/methods.js';
import type { Role } from '../../../../shared/domain.js';
import { EMPTY_FILTER, type BoardFilter } from './filter.js';

/**
 * A write this window made that the hub has not confirmed: shown at once (optimistic), in
 * one queue for every kind so the hub sees them in the order they were made. `queued` while
 * the hub is unreachable (kept across reloads in the browser), `sending` once on the wire.
 * `key` also names it to the hub (the request key of a create or comment), so a repeat after a
 * lost answer lands once.
 */
interface WriteBase {
  key: string;
  /**
   * `refused`: a comment or escalation the hub turned down when the queue was sent (the card
   * is gone, the role was taken away): kept, text and reason, until the person copies, retries
   * or discards it. A refused field change is rolled back instead (or kept as a conflict).
   */
  state: 'queued' | 'sending' | 'refused';
  madeAt: number;
  /** Who made it (user id; null for the local admin or a token): a queue kept in the browser is sent only as them. */
  madeBy: string | null;
  /** The hub's words, when refused. */
  refusal?: string | undefined;
}

/** Changes fields of a card (a move is `{status}`). */
export interface PendingUpdate extends WriteBase {
  kind: 'update';
  cardId: number;
  /** The card version the change was made on: the hub refuses it if someone changed the same field since. */
  baseVersion: number;
  patch: CardPatch;
}

export interface PendingComment extends WriteBase {
  kind: 'comment';
  cardId: number;
  text: string;
}

/** A new escalation: it has no card id until the hub makes it. */
export interface PendingCreate extends WriteBase {
  kind: 'create';
  draft: EscalationDraft;
}

/**
 * Acknowledging a card: the hub's acknowledge is a no-op on a card already acknowledged, so one
 * sent again lands once; one someone else beat is said in words, not kept as a conflict.
 */
export interface PendingAcknowledge extends WriteBase {
  kind: 'acknowledge';
  cardId: number;
}

export type PendingWrite = PendingUpdate | PendingComment | PendingCreate | PendingAcknowledge;

/** A write the hub refused because someone else changed the same field first. */
export interface BoardConflict {
  key: string;
  cardId: number;
  /** What this window tried to set. */
  patch: CardPatch;
  message: string;
  /** The card as it is now on the hub. */
  current: BoardCard;
  conflicting: string[];
  changes: FieldChange[];
}

export type BoardPersonWithRoles = BoardPerson & { roles: Role[] };

export interface BoardState {
  boardStatus: 'idle' | 'loading' | 'ready' | 'error';
  boardError: string | null;
  /** The hub's cards by id, as last confirmed (pending writes are overlaid by the selectors). */
  boardCards: Readonly<Record<number, BoardCard>>;
  /** The last change this window has; `board.since` asks from here after a reconnect. */
  boardSeq: number;
  /** Hub clock minus this clock, so countdowns agree with the hub's SLA marks. */
  boardSkewMs: number;
  boardPresence: Readonly<Record<number, BoardPerson[]>>;
  boardPeople: BoardPersonWithRoles[];
  boardFilter: BoardFilter;
  boardPending: PendingWrite[];
  /** Queued escalations that have since landed: write key → the card they became (this window only). */
  boardLanded: Readonly<Record<string, number>>;
  boardConflicts: BoardConflict[];
  /** A plain sentence about the last refused write or action (not a conflict). */
  boardNotice: string | null;
  /** Pages addressed to this person, newest first. */
  boardPages: BoardPage[];
  /** "Dana mentioned you on #12", newest first. */
  boardMentions: { cardId: number; title: string; by: BoardPerson; at: number }[];
  /** The card whose detail is open (and which the hub is told this window is viewing). */
  boardOpenCardId: number | null;
  boardHistory: { cardId: number; entries: HistoryEntry[] } | null;
  /**
   * Set while the cards shown are this window's stored copy (the hub has not answered since the
   * page loaded): taken at `takenAt`, holding `kept` of the board's `total` cards, until the
   * hub's catch-up replaces it. Its person may queue moves, field changes, comments and new
   * escalations on it (as their `roles` last known allow; null when the copy did not keep them:
   * then it is read-only). A change names the kept card's version, so one someone else beat
   * comes back from the hub as a conflict.
   */
  boardCached: {
    takenAt: number;
    userId: string | null;
    roles: Role[] | null;
    /** The person's name as the hub last said (null when the copy did not keep one). */
    displayName: string | null;
    kept: number;
    total: number;
  } | null;
  slaPolicy: SlaPolicy | null;
  escalationPolicy: EscalationPolicy | null;
  policyError: string | null;
}

export const initialBoardState: BoardState = {
  boardStatus: 'idle',
  boardError: null,
  boardCards: {},
  boardSeq: 0,
  boardSkewMs: 0,
  boardPresence: {},
  boardPeople: [],
  boardFilter: EMPTY_FILTER,
  boardPending: [],
  boardLanded: {},
  boardConflicts: [],
  boardNotice: null,
  boardPages: [],
  boardMentions: [],
  boardOpenCardId: null,
  boardHistory: null,
  boardCached: null,
  slaPolicy: null,
  escalationPolicy: null,
  policyError: null,
};
