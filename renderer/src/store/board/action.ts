/**
 * The shared escalation board. The hub's cards live in `boardCards`, current to `boardSeq`;
 * this window's unconfirmed changes live in `boardPending` and are drawn over them, so a move
 * shows at once and a refusal simply removes the overlay. Every change names the version it
 * was made on: the hub answers a stale one with the fresh card and who changed what, kept in
 * `boardConflicts` until the person re-applies or discards it. While the hub is unreachable,
 * changes wait as `queued` (kept by `deps.boardQueue` across reloads) and go out in order
 * once the link is back and the board has caught up. The last board seen is kept too
 * (`deps.boardCache`), so a page loaded while the hub is unreachable shows it until the hub's
 * catch-up replaces it; its person can queue changes, comments and new escalations on it meanwhile.
 */
import type { BoardCard, BoardPage, CardPatch, EscalationDraft, EscalationPolicy, SlaPolicy } from '../../../../shared/contract/methods.js';
import type { BoardComment, BoardCommented, BoardHeadChange } from '../../../../shared/contract/board.js';
import { commentTextSchema, createEscalationSchema } from '../../../../shared/contract/board.js';
import { describeZodError, plainIssue } from '../../../../shared/contract/envelope.js';
import { isPageFor } from '../../../../shared/pageNotice.js';
import { rolesOf } from '../team/selectors.js';
import { boardSelectors } from './selectors.js';
import type { DeskSliceCreator } from '../types.js';
import type { BoardFilter } from './filter.js';
import { initialBoardState } from './initialState.js';
import { createWriteQueue, writeKey, type WriteOutcome } from './queue.js';

export type CreateEscalationInput = EscalationDraft;

export interface BoardAction {
  /** A fresh snapshot (first load, or when the hub says this window is too far behind). */
  loadBoard(): Promise<void>;
  /** After a (re)connect: what changed since `boardSeq`, then the queued changes go out. */
  syncBoard(): Promise<void>;
  loadBoardPeople(): Promise<void>;
  /** A whole card (a write's answer, a catch-up); older versions of a card are ignored. */
  applyBoardChange(change: { seq: number; card: BoardCard }): void;
  /** A `board.changed` event: the card without its comments, which stay as this window has them. */
  applyBoardHead(change: BoardHeadChange): void;
  /** A `board.commented` event: one new comment and the card as it is after it. */
  applyBoardComment(added: BoardCommented): void;
  applyBoardPresence(entries: { cardId: number; viewers: BoardCard['createdBy'][] }[]): void;
  applyBoardPage(page: BoardPage): void;
  applyBoardMention(mention: { cardId: number; title: string; by: BoardCard['createdBy']; usernames: string[] }): void;
  setBoardFilter(patch: Partial<BoardFilter>): void;
  /** Changes fields of a card (a move is `{status}`); shown at once, confirmed or rolled back by the hub. */
  updateCard(cardId: number, patch: CardPatch): Promise<void>;
  /** Sends the queued changes in the order they were made. */
  flushBoardQueue(): Promise<void>;
  /** Puts the queue kept from an earlier page back (on start). */
  restoreBoardQueue(): void;
  /** Shows the board kept from an earlier page (the hub is unreachable and nothing was loaded yet). */
  restoreBoardCache(): void;
  /** Keeps the board as the hub last confirmed it (throttled by the caller); stops for good once storage refuses. */
  saveBoardCache(): void;
  /** Tries the refused change again on the card as it is now. */
  reapplyConflict(key: string): Promise<void>;
  discardConflict(key: string): void;
  dismissBoardNotice(): void;
  dismissPage(at: number, cardId: number): void;
  /**
   * Files an escalation, or a comment: queued like every write (kept across reloads while the
   * hub is unreachable, sent once on reconnect), answered with what became of it.
   */
  createEscalation(draft: CreateEscalationInput): Promise<WriteOutcome>;
  commentOnCard(cardId: number, text: string): Promise<WriteOutcome>;
  /** Sends a comment or escalation the hub refused again (at the end of the queue). */
  retryUnsent(key: string): Promise<void>;
  /** Drops a comment or escalation the hub refused (the person has copied it, or no longer wants it). */
  discardUnsent(key: string): void;
  /** Acknowledges a card: queued like every write while the hub is unreachable (on a kept copy too). */
  acknowledgeCard(cardId: number): Promise<boolean>;
  /** Opens a card's detail (null closes it) and tells the hub, for everyone's presence. */
  openCard(cardId: number | null): Promise<void>;
  loadCardHistory(cardId: number): Promise<void>;
  loadPolicies(): Promise<void>;
  saveSlaPolicy(policy: SlaPolicy): Promise<boolean>;
  saveEscalationPolicy(policy: EscalationPolicy): Promise<boolean>;
  /** Signing out: nothing of this person's board (queue included) stays for the next one. */
  forgetBoard(): void;
}

/** Both lists' comments in id order (comments are only ever added); `kept` itself when it has them all. */
function withComments(kept: BoardComment[], more: readonly BoardComment[]): BoardComment[] {
  const ids = new Set(kept.map((c) => c.id));
  const missing = more.filter((c) => !ids.has(c.id));
  return missing.length === 0 ? kept : [...kept, ...missing].sort((a, b) => a.id - b.id);
}

const MAX_NOTICES = 5;
/** A copy kept by an older page, without its person's roles: nothing is offered on it. */
const KEPT_COPY_NO_ROLES = 'This is the board kept on this computer; changes can be made again once the hub is back.';

export const createBoardSlice: DeskSliceCreator<BoardAction> = (set, get, _api, deps) => {
  const queue = createWriteQueue(set, get, deps);
  /**
   * Who makes a write now, and when; its key names it to the hub too. On a page reloaded
   * offline the maker is the kept copy's person: the queue goes out only once the hub has said
   * this window is that person again, and the hub checks the write as any other.
   */
  const made = () => {
    const now = deps.now();
    return { key: writeKey(now), state: 'queued' as const, madeAt: now, madeBy: boardSelectors.writerId(get()) };
  };
  /**
   * Why a write cannot be queued on the kept copy now, or null when it can. A change to a card
   * names the kept card's version, which may be far behind the hub's: the hub answers one that
   * someone else beat with a conflict, as for any change made on a board that went offline.
   */
  const keptCopyRefusal = (kind: 'comment' | 'create' | { card: BoardCard; patch: CardPatch }): string | null => {
    const cached = get().boardCached;
    if (cached === null) return null;
    if (cached.roles === null) return KEPT_COPY_NO_ROLES;
    if (kind === 'create' && !boardSelectors.canCreate(get())) return 'Your role (as the hub last said) does not let you file escalations.';
    if (typeof kind === 'object') {
      const moveOnly = Object.keys(kind.patch).every((field) => field === 'status');
      if (!boardSelectors.canTriage(get()) && !(moveOnly && boardSelectors.canMove(kind.card)(get())))
        return 'Your role (as the hub last said) lets you move only the escalations assigned to you.';
    }
    return null;
  };
  const refuse = (message: string): WriteOutcome => {
    set({ boardNotice: message });
    return { kind: 'refused', message };
  };
  const settle = (outcome: WriteOutcome): WriteOutcome => {
    set({ boardNotice: outcome.kind === 'refused' ? outcome.message : null });
    return outcome;
  };

  /**
   * `boardSeq` is how far this window has every change: the hub's seqs are dense, so an event
   * past a gap (one missed while the link was down, arriving before the catch-up) is applied but
   * held here until the gap is filled, and the catch-up asks from before it. Comments come only
   * as events of their own, so a skipped one would otherwise never come back.
   */
  const ahead = new Set<number>();
  const advanceSeq = (seq: number, known = get().boardSeq) => {
    let at = known;
    if (seq > at) ahead.add(seq);
    for (const s of ahead) if (s <= at) ahead.delete(s);
    while (ahead.delete(at + 1)) at += 1;
    if (at !== get().boardSeq) set({ boardSeq: at });
  };
  /** A catch-up: every change up to `seq` is in. */
  const settleSeq = (seq: number) => advanceSeq(seq, Math.max(seq, get().boardSeq));
  /** Events that arrive while a snapshot is on its way: the snapshot replaces the cards, so those after it are applied again. */
  const recordings = new Set<Array<{ seq: number; apply: () => void }>>();
  const record = (seq: number, apply: () => void) => recordings.forEach((list) => list.push({ seq, apply }));

  /** Storage refused a copy (full or disabled): the board keeps working, it just is not kept. */
  let cacheRefused = false;

  return {
    async loadBoard() {
      if (get().boardStatus !== 'ready') set({ boardStatus: 'loading' });
      const arrived: Array<{ seq: number; apply: () => void }> = [];
      recordings.add(arrived);
      const answer = await deps.client.call('board.snapshot', { includeResolved: true }).finally(() => recordings.delete(arrived));
      if (!answer.ok) {
        set({ boardStatus: get().boardStatus === 'ready' ? 'ready' : 'error', boardError: answer.error.message });
        return;
      }
      const cards: Record<number, BoardCard> = {};
      for (const card of answer.value.cards) cards[card.id] = card;
      const presence: Record<number, BoardCard['createdBy'][]> = {};
      for (const entry of answer.value.presence) if (entry.viewers.length > 0) presence[entry.cardId] = entry.viewers;
      set({
        boardStatus: 'ready',
        boardError: null,
        boardCards: cards,
        boardSeq: answer.value.seq,
        boardSkewMs: answer.value.serverNow - deps.now(),
        boardPresence: presence,
        boardCached: null,
      });
      ahead.clear();
      for (const event of arrived) if (event.seq > answer.value.seq) event.apply();
    },

    async syncBoard() {
      const state = get();
      const cached = state.boardCached;
      // A kept copy catches up like a live board only if it is whole and this person's; else a snapshot replaces it.
      const canCatchUp = cached === null || (cached.kept === cached.total && cached.userId === (state.me?.user?.id ?? null));
      if (state.boardStatus === 'ready' && canCatchUp) {
        const answer = await deps.client.call('board.since', { seq: state.boardSeq });
        if (answer.ok && answer.value.kind === 'changes') {
          for (const change of answer.value.changes) get().applyBoardChange(change);
          settleSeq(answer.value.seq);
          set({ boardError: null, boardCached: null });
        } else await get().loadBoard();
      } else await get().loadBoard();
      const open = get().boardOpenCardId;
      // Presence belongs to a connection: a new one has to say again which card it shows.
      if (open !== null) void get().openCard(open);
      await Promise.all([get().loadBoardPeople(), get().flushBoardQueue()]);
    },

    async loadBoardPeople() {
      const answer = await deps.client.call('board.people', {});
      if (answer.ok) set({ boardPeople: answer.value });
    },

    applyBoardChange({ seq, card }) {
      advanceSeq(seq);
      const state = get();
      const existing = state.boardCards[card.id];
      if (existing && existing.version > card.version) {
        // An older state of the card arriving late: only its comments can still be news (one missed while the link was down).
        const comments = withComments(existing.comments, card.comments);
        if (comments !== existing.comments) set({ boardCards: { ...state.boardCards, [card.id]: { ...existing, comments } } });
        return;
      }
      set({
        boardCards: { ...get().boardCards, [card.id]: card },
        // A conflict shown for this card shows the card as it is now.
        boardConflicts: state.boardConflicts.map((c) => (c.cardId === card.id ? { ...c, current: card } : c)),
      });
      if (state.boardOpenCardId === card.id) void get().loadCardHistory(card.id);
    },

    applyBoardHead(change) {
      const { seq, card } = change;
      record(seq, () => get().applyBoardHead(change));
      get().applyBoardChange({ seq, card: { ...card, comments: get().boardCards[card.id]?.comments ?? [] } });
    },

    applyBoardComment(added) {
      const { seq, card, comment } = added;
      record(seq, () => get().applyBoardComment(added));
      const comments = withComments(get().boardCards[card.id]?.comments ?? [], [comment]);
      get().applyBoardChange({ seq, card: { ...card, comments } });
    },

    applyBoardPresence(entries) {
      const presence = { ...get().boardPresence };
      for (const entry of entries) {
        if (entry.viewers.length > 0) presence[entry.cardId] = entry.viewers;
        else delete presence[entry.cardId];
      }
      set({ boardPresence: presence });
    },

    applyBoardPage(page) {
      const state = get();
      if (!isPageFor(page, { userId: state.me?.user?.id ?? null, roles: rolesOf(state) })) return;
      set({ boardPages: [page, ...state.boardPages.filter((p) => p.cardId !== page.cardId)].slice(0, MAX_NOTICES) });
    },

    applyBoardMention({ cardId, title, by, usernames }) {
      const me = get().me?.user?.username;
      if (!me || !usernames.includes(me)) return;
      set({ boardMentions: [{ cardId, title, by, at: deps.now() }, ...get().boardMentions].slice(0, MAX_NOTICES) });
    },

    setBoardFilter(patch) {
      set({ boardFilter: { ...get().boardFilter, ...patch } });
    },

    async updateCard(cardId, patch) {
      const card = get().boardCards[cardId];
      if (!card) return;
      const kept = keptCopyRefusal({ card, patch });
      if (kept) {
        set({ boardNotice: kept });
        return;
      }
      set({ boardNotice: null });
      await queue.submit({ kind: 'update', cardId, baseVersion: card.version, patch, ...made() });
    },

    flushBoardQueue() {
      return queue.flush();
    },

    restoreBoardCache() {
      if (get().boardStatus === 'ready' || !deps.boardCache) return;
      const copy = deps.boardCache.load();
      if (!copy) return;
      const cards: Record<number, BoardCard> = {};
      for (const card of copy.cards) cards[card.id] = card;
      ahead.clear();
      set({
        boardStatus: 'ready',
        boardCards: cards,
        boardSeq: copy.seq,
        boardSkewMs: copy.skewMs,
        boardPeople: copy.people,
        boardCached: {
          takenAt: copy.takenAt,
          userId: copy.userId,
          roles: copy.roles ?? null,
          displayName: copy.displayName ?? null,
          kept: copy.cards.length,
          total: copy.total,
        },
      });
    },

    saveBoardCache() {
      const state = get();
      if (!deps.boardCache || cacheRefused || state.boardStatus !== 'ready' || state.boardCached !== null) return;
      // Signed out, the cards still in memory are nobody's to keep (they would be filed under "no sign-in").
      if (state.authStatus === 'signedOut') return;
      const cards = Object.values(state.boardCards);
      const saved = deps.boardCache.save({
        userId: state.me?.user?.id ?? null,
        roles: [...rolesOf(state)],
        displayName: state.me?.user?.displayName ?? null,
        // Written after the link dropped, the cards are as of the drop, not as of now.
        takenAt: state.connectionPhase === 'live' ? deps.now() : (state.connectionDownSince ?? deps.now()),
        seq: state.boardSeq,
        skewMs: state.boardSkewMs,
        cards,
        people: state.boardPeople,
        total: cards.length,
      });
      if (saved === null) cacheRefused = true;
    },

    restoreBoardQueue() {
      const kept = deps.boardQueue?.load() ?? [];
      if (kept.length > 0) set({ boardPending: [...kept, ...get().boardPending.filter((w) => !kept.some((k) => k.key === w.key))] });
    },

    async reapplyConflict(key) {
      const conflict = get().boardConflicts.find((c) => c.key === key);
      if (!conflict) return;
      set({ boardConflicts: get().boardConflicts.filter((c) => c.key !== key) });
      await get().updateCard(conflict.cardId, conflict.patch);
    },

    discardConflict(key) {
      set({ boardConflicts: get().boardConflicts.filter((c) => c.key !== key) });
    },

    dismissBoardNotice() {
      set({ boardNotice: null });
    },

    dismissPage(at, cardId) {
      set({ boardPages: get().boardPages.filter((p) => !(p.at === at && p.cardId === cardId)) });
    },

    async createEscalation(draft) {
      const kept = keptCopyRefusal('create');
      if (kept) return refuse(kept);
      // Checked now as the hub will check it, so a mistake is said while the person is still at the form, not after a reconnect.
      const checked = createEscalationSchema.safeParse(draft);
      if (!checked.success) return refuse(describeZodError(checked.error));
      return settle(await queue.submit({ kind: 'create', draft: checked.data, ...made() }));
    },

    async commentOnCard(cardId, text) {
      const kept = keptCopyRefusal('comment');
      if (kept) return refuse(kept);
      if (!get().boardCards[cardId]) return refuse(`There is no escalation ${cardId} on the board (any more).`);
      const checked = commentTextSchema.safeParse(text);
      if (!checked.success) return refuse(`The comment ${plainIssue(checked.error.issues[0]!) ?? 'cannot be sent'}.`);
      return settle(await queue.submit({ kind: 'comment', cardId, text: checked.data, ...made() }));
    },

    retryUnsent(key) {
      return queue.retry(key);
    },

    discardUnsent(key) {
      queue.remove(key);
    },

    async acknowledgeCard(cardId) {
      if (get().boardCached?.roles === null) {
        set({ boardNotice: KEPT_COPY_NO_ROLES });
        return false;
      }
      // One waiting is enough: a second click (the page's button, then the card's) adds nothing.
      if (get().boardPending.some((w) => w.kind === 'acknowledge' && w.cardId === cardId && w.state !== 'refused')) return true;
      const outcome = settle(await queue.submit({ kind: 'acknowledge', cardId, ...made() }));
      return outcome.kind !== 'refused';
    },

    async openCard(cardId) {
      const previous = get().boardOpenCardId;
      set({ boardOpenCardId: cardId, ...(cardId !== previous ? { boardHistory: null } : {}) });
      if (cardId !== null) void get().loadCardHistory(cardId);
      if (get().connectionPhase !== 'live') return;
      const answer = await deps.client.call('board.presence', { cardId });
      if (answer.ok) get().applyBoardPresence(answer.value);
    },

    async loadCardHistory(cardId) {
      const answer = await deps.client.call('board.history', { id: cardId });
      if (answer.ok && get().boardOpenCardId === cardId) set({ boardHistory: { cardId, entries: answer.value } });
    },

    async loadPolicies() {
      const [sla, escalation] = await Promise.all([
        deps.client.call('board.getSla', {}),
        deps.client.call('board.getEscalationPolicy', {}),
      ]);
      set({
        slaPolicy: sla.ok ? sla.value : get().slaPolicy,
        escalationPolicy: escalation.ok ? escalation.value : get().escalationPolicy,
        policyError: !sla.ok ? sla.error.message : !escalation.ok ? escalation.error.message : null,
      });
    },

    async saveSlaPolicy(policy) {
      const answer = await deps.client.call('board.saveSla', { policy });
      if (!answer.ok) {
        set({ policyError: answer.error.message });
        return false;
      }
      set({ slaPolicy: answer.value, policyError: null });
      return true;
    },

    forgetBoard() {
      deps.boardQueue?.clear();
      deps.boardCache?.clear();
      ahead.clear();
      set(initialBoardState);
    },

    async saveEscalationPolicy(policy) {
      const answer = await deps.client.call('board.saveEscalationPolicy', { policy });
      if (!answer.ok) {
        set({ policyError: answer.error.message });
        return false;
      }
      set({ escalationPolicy: answer.value, policyError: null });
      return true;
    },
  };
};
