/**
 * The escalation board's tables: cards, their attached posts and comments, the change log
 * (`seq`), the two policies and the pages sent. Plain rows in, plain rows out; what a change
 * means (versions, conflicts, SLA, paging) is decided in main/board.
 */
import type { BoardPerson, BoardStatus, LinkedPost, Priority } from '../../shared/contract/board.js';
import type { WriteDb } from './db.js';

/** What the SLA clocks of a card are computed from (main/board/sla.ts). */
export interface SlaFacts {
  /** Closed intervals during which the clocks did not run (waiting on the customer, resolved). */
  pauses: Array<[number, number]>;
  /** Open pause: since when, or null while running. */
  pausedSince: number | null;
  firstResponseAt: number | null;
  /** When the customer last answered (the card left waiting on customer); null: never. */
  nextResponseStartedAt: number | null;
  nextResponseAt: number | null;
}

/** Which SLA thresholds the board timer has already marked (so each is marked, and emitted, once). */
export interface SlaMarks {
  warned?: string[];
  breached?: string[];
}

export interface StoredCard {
  id: number;
  title: string;
  status: BoardStatus;
  priority: Priority;
  assigneeId: string | null;
  customerHandle: string | null;
  tags: string[];
  alertId: number | null;
  version: number;
  createdAt: number;
  createdBy: BoardPerson;
  updatedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: BoardPerson | null;
  resolvedAt: number | null;
  slaFacts: SlaFacts;
  slaMarks: SlaMarks;
  /** Unacknowledged pages already sent (the index of the next one in the policy's sequence). */
  pageStep: number;
  reescalations: number;
  pagesSent: number;
  nextPageAt: number | null;
  nextDueAt: number | null;
}

export interface StoredComment {
  id: number;
  cardId: number;
  at: number;
  author: BoardPerson;
  text: string;
  mentions: string[];
}

export interface FieldDiff {
  field: string;
  from: unknown;
  to: unknown;
}

export interface BoardEventRow {
  seq: number;
  cardId: number;
  version: number;
  at: number;
  actor: BoardPerson;
  kind: string;
  changes: FieldDiff[];
}

/** What a create or comment made, under the caller's request key. */
export interface BoardRequest {
  actor: string;
  key: string;
  kind: 'create' | 'comment';
  cardId: number;
  commentId: number | null;
  at: number;
}

export interface PageRecord {
  cardId: number;
  at: number;
  tier: number;
  round: number;
  reason: 'unacknowledged' | 'unresolved';
  userIds: string[];
  roles: string[];
}

interface CardRow {
  id: number;
  title: string;
  status: BoardStatus;
  priority: Priority;
  assignee_id: string | null;
  customer_handle: string | null;
  tags: string;
  alert_id: number | null;
  version: number;
  created_at: number;
  created_by: string;
  updated_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  sla_facts: string;
  sla_marks: string;
  page_step: number;
  reescalations: number;
  pages_sent: number;
  next_page_at: number | null;
  next_due_at: number | null;
}

const fromRow = (row: CardRow): StoredCard => ({
  id: row.id,
  title: row.title,
  status: row.status,
  priority: row.priority,
  assigneeId: row.assignee_id,
  customerHandle: row.customer_handle,
  tags: JSON.parse(row.tags) as string[],
  alertId: row.alert_id,
  version: row.version,
  createdAt: row.created_at,
  createdBy: JSON.parse(row.created_by) as BoardPerson,
  updatedAt: row.updated_at,
  acknowledgedAt: row.acknowledged_at,
  acknowledgedBy: row.acknowledged_by === null ? null : (JSON.parse(row.acknowledged_by) as BoardPerson),
  resolvedAt: row.resolved_at,
  slaFacts: JSON.parse(row.sla_facts) as SlaFacts,
  slaMarks: JSON.parse(row.sla_marks) as SlaMarks,
  pageStep: row.page_step,
  reescalations: row.reescalations,
  pagesSent: row.pages_sent,
  nextPageAt: row.next_page_at,
  nextDueAt: row.next_due_at,
});

const toParams = (card: Omit<StoredCard, 'id'>) => ({
  title: card.title,
  status: card.status,
  priority: card.priority,
  assignee_id: card.assigneeId,
  customer_handle: card.customerHandle,
  tags: JSON.stringify(card.tags),
  alert_id: card.alertId,
  version: card.version,
  created_at: card.createdAt,
  created_by: JSON.stringify(card.createdBy),
  updated_at: card.updatedAt,
  acknowledged_at: card.acknowledgedAt,
  acknowledged_by: card.acknowledgedBy === null ? null : JSON.stringify(card.acknowledgedBy),
  resolved_at: card.resolvedAt,
  sla_facts: JSON.stringify(card.slaFacts),
  sla_marks: JSON.stringify(card.slaMarks),
  page_step: card.pageStep,
  reescalations: card.reescalations,
  pages_sent: card.pagesSent,
  next_page_at: card.nextPageAt,
  next_due_at: card.nextDueAt,
});

const COLUMNS = Object.keys(toParams({} as never));

interface PostRow {
  card_id: number;
  post_id: number | null;
  source: string;
  author: string;
  text: string;
  url: string | null;
  created_at: number | null;
}
interface CommentRow {
  id: number;
  card_id: number;
  at: number;
  author: string;
  text: string;
  mentions: string;
}
interface EventRow {
  seq: number;
  card_id: number;
  version: number;
  at: number;
  actor: string;
  kind: string;
  changes: string;
}

const postFromRow = (row: PostRow): LinkedPost => ({
  postId: row.post_id,
  source: row.source,
  author: row.author,
  text: row.text,
  url: row.url,
  createdAt: row.created_at,
});
const commentFromRow = (row: CommentRow): StoredComment => ({
  id: row.id,
  cardId: row.card_id,
  at: row.at,
  author: JSON.parse(row.author) as BoardPerson,
  text: row.text,
  mentions: JSON.parse(row.mentions) as string[],
});
const eventFromRow = (row: EventRow): BoardEventRow => ({
  seq: row.seq,
  cardId: row.card_id,
  version: row.version,
  at: row.at,
  actor: JSON.parse(row.actor) as BoardPerson,
  kind: row.kind,
  changes: JSON.parse(row.changes) as FieldDiff[],
});

/** Groups rows by card id, keeping their order. */
function byCard<R extends { card_id: number }, T>(rows: R[], map: (row: R) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const list = out.get(row.card_id);
    if (list) list.push(map(row));
    else out.set(row.card_id, [map(row)]);
  }
  return out;
}

/** The hot reads, named so a test can assert their query plans (test/main/store/board.test.ts). */
export const BOARD_HOT_QUERIES = {
  // `+card_id`: read the log from `seq` on by its key, not the whole log through the card index.
  changedSince: 'SELECT card_id, MAX(seq) AS seq FROM board_events WHERE seq > ? GROUP BY +card_id ORDER BY seq LIMIT ?',
  eventsOf: 'SELECT * FROM board_events WHERE card_id = ? AND version > ? ORDER BY seq',
  dueIds: 'SELECT id FROM board_cards WHERE next_due_at <= ? ORDER BY next_due_at',
} as const;

export function createBoardRepo(db: WriteDb) {
  const insertCard = db.prepare<Record<string, unknown>, { id: number }>(
    `INSERT INTO board_cards (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')}) RETURNING id`,
  );
  const updateCard = db.prepare(`UPDATE board_cards SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
  const getCard = db.prepare<[number], CardRow>('SELECT * FROM board_cards WHERE id = ?');
  const allCards = db.prepare<[], CardRow>('SELECT * FROM board_cards ORDER BY id');
  const openCards = db.prepare<[], CardRow>("SELECT * FROM board_cards WHERE status != 'resolved' ORDER BY id");
  const insertPost = db.prepare(
    'INSERT INTO board_card_posts (card_id, position, post_id, source, author, text, url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const postsOf = db.prepare<[number], PostRow>('SELECT * FROM board_card_posts WHERE card_id = ? ORDER BY position');
  const allPosts = db.prepare<[], PostRow>('SELECT * FROM board_card_posts ORDER BY card_id, position');
  const insertComment = db.prepare<[number, number, string, string, string], { id: number }>(
    'INSERT INTO board_comments (card_id, at, author, text, mentions) VALUES (?, ?, ?, ?, ?) RETURNING id',
  );
  const commentsOf = db.prepare<[number], CommentRow>('SELECT * FROM board_comments WHERE card_id = ? ORDER BY id');
  const allComments = db.prepare<[], CommentRow>('SELECT * FROM board_comments ORDER BY card_id, id');
  const insertEvent = db.prepare<[number, number, number, string, string, string], { seq: number }>(
    'INSERT INTO board_events (card_id, version, at, actor, kind, changes) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq',
  );
  const lastSeq = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM board_events');
  const eventExists = db.prepare<[number, number, number], { one: number }>(
    'SELECT 1 AS one FROM board_events WHERE seq = ? AND card_id = ? AND version = ?',
  );
  const changedSince = db.prepare<[number, number], { card_id: number; seq: number }>(BOARD_HOT_QUERIES.changedSince);
  const eventsOf = db.prepare<[number, number], EventRow>(BOARD_HOT_QUERIES.eventsOf);
  const lastSeqOf = db.prepare<[number], { seq: number | null }>('SELECT MAX(seq) AS seq FROM board_events WHERE card_id = ?');
  const getPolicy = db.prepare<[string], { policy: string }>('SELECT policy FROM board_policies WHERE name = ?');
  const savePolicy = db.prepare(
    `INSERT INTO board_policies (name, policy, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const insertPage = db.prepare('INSERT INTO board_pages (card_id, at, tier, round, reason, user_ids, roles) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const dueIds = db.prepare<[number], { id: number }>(BOARD_HOT_QUERIES.dueIds);
  const getRequest = db.prepare<[string, string], { kind: 'create' | 'comment'; card_id: number; comment_id: number | null; at: number }>(
    'SELECT kind, card_id, comment_id, at FROM board_requests WHERE actor = ? AND request_key = ?',
  );
  const insertRequest = db.prepare(
    'INSERT INTO board_requests (actor, request_key, kind, card_id, comment_id, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const nextDue = db.prepare<[], { at: number | null }>('SELECT MIN(next_due_at) AS at FROM board_cards');
  const setDue = db.prepare('UPDATE board_cards SET next_due_at = ? WHERE id = ?');

  return {
    insertCard(card: Omit<StoredCard, 'id'>, posts: readonly LinkedPost[]): number {
      const { id } = insertCard.get(toParams(card))!;
      posts.forEach((p, i) => insertPost.run(id, i, p.postId, p.source, p.author, p.text, p.url, p.createdAt));
      return id;
    },
    saveCard(card: StoredCard): void {
      updateCard.run({ ...toParams(card), id: card.id });
    },
    getCard(id: number): StoredCard | null {
      const row = getCard.get(id);
      return row ? fromRow(row) : null;
    },
    listCards(includeResolved: boolean): StoredCard[] {
      return (includeResolved ? allCards : openCards).all().map(fromRow);
    },
    postsOf: (cardId: number): LinkedPost[] => postsOf.all(cardId).map(postFromRow),
    /** Every card's posts and comments at once, for a snapshot (one query each, not one per card). */
    allAttachments(): { posts: Map<number, LinkedPost[]>; comments: Map<number, StoredComment[]> } {
      return { posts: byCard(allPosts.all(), postFromRow), comments: byCard(allComments.all(), commentFromRow) };
    },
    addComment(comment: Omit<StoredComment, 'id'>): number {
      const row = insertComment.get(
        comment.cardId,
        comment.at,
        JSON.stringify(comment.author),
        comment.text,
        JSON.stringify(comment.mentions),
      );
      return row!.id;
    },
    commentsOf: (cardId: number): StoredComment[] => commentsOf.all(cardId).map(commentFromRow),
    /** Appends to the change log; answers the new sequence number. */
    appendEvent(event: Omit<BoardEventRow, 'seq'>): number {
      const row = insertEvent.get(
        event.cardId,
        event.version,
        event.at,
        JSON.stringify(event.actor),
        event.kind,
        JSON.stringify(event.changes),
      );
      return row!.seq;
    },
    lastSeq: (): number => lastSeq.get()?.seq ?? 0,
    lastSeqOf: (cardId: number): number => lastSeqOf.get(cardId)?.seq ?? 0,
    /** Whether a logged change committed (a rolled-back one left no row). */
    eventExists: (seq: number, cardId: number, version: number): boolean => eventExists.get(seq, cardId, version) !== undefined,
    /** Cards changed after `seq`, each once with its latest `seq`, oldest first; at most `limit`. */
    changedSince: (seq: number, limit: number): Array<{ cardId: number; seq: number }> =>
      changedSince.all(seq, limit).map((r) => ({ cardId: r.card_id, seq: r.seq })),
    /** A card's logged changes after `version`, oldest first. */
    eventsOf: (cardId: number, afterVersion = 0): BoardEventRow[] => eventsOf.all(cardId, afterVersion).map(eventFromRow),
    getPolicy(name: 'sla' | 'escalation'): unknown {
      const row = getPolicy.get(name);
      return row === undefined ? undefined : (JSON.parse(row.policy) as unknown);
    },
    savePolicy(name: 'sla' | 'escalation', policy: unknown, at: number, by: string): void {
      savePolicy.run(name, JSON.stringify(policy), at, by);
    },
    /** What `actor` made under `key` before; null for a key not seen (or whose card is gone). */
    findRequest(actor: string, key: string): BoardRequest | null {
      const row = getRequest.get(actor, key);
      return row ? { actor, key, kind: row.kind, cardId: row.card_id, commentId: row.comment_id, at: row.at } : null;
    },
    recordRequest(request: BoardRequest): void {
      insertRequest.run(request.actor, request.key, request.kind, request.cardId, request.commentId, request.at);
    },
    recordPage(page: PageRecord): void {
      insertPage.run(page.cardId, page.at, page.tier, page.round, page.reason, JSON.stringify(page.userIds), JSON.stringify(page.roles));
    },
    /** Cards the board timer must look at by `now`, earliest first. */
    dueIds: (now: number): number[] => dueIds.all(now).map((r) => r.id),
    nextDueAt: (): number | null => nextDue.get()?.at ?? null,
    /** Moves when the timer looks at a card again (after a failure, so one bad card cannot spin it). */
    setNextDueAt(id: number, at: number | null): void {
      setDue.run(at, id);
    },
  };
}

export type BoardRepo = ReturnType<typeof createBoardRepo>;
