/**
 * The board's one write queue: field changes, acknowledgements, comments and new escalations wait in it in the
 * order they were made, go out one at a time while the link is live, and wait (kept by
 * `deps.boardQueue` across reloads) while it is not. A write's key is its request key on the
 * hub, so one sent again after its answer was lost lands once (a field change is told apart by
 * its base version instead).
 *
 * What the hub says to each: a field change is confirmed, rolled back with the hub's sentence,
 * or kept as a conflict; a comment or escalation is confirmed, or, when refused, handed back to
 * the person waiting on it (made while live: the text is still in their form) or kept as
 * `refused` with the reason (made offline: nobody is waiting, and the text must not vanish).
 */
import type { BoardCard } from '../../../../shared/contract/methods.js';
import type { DeskDeps, DeskStore } from '../types.js';
import { formatClock } from '../../format.js';
import type { BoardConflict, PendingAcknowledge, PendingComment, PendingCreate, PendingUpdate, PendingWrite } from './initialState.js';

/** What became of a comment or escalation once submitted. */
/** `key` of a queued write: `boardLanded[key]` names the card a queued escalation became. */
export type WriteOutcome = { kind: 'sent'; card: BoardCard } | { kind: 'queued'; key: string } | { kind: 'refused'; message: string };

let nextKey = 0;
const randomTag = (): string => {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};
/**
 * A write's key and request key. The random tag because the hub deduplicates per person: two
 * windows of one person (or a page reloaded, whose counter starts again) making a key in the
 * same millisecond must not have one of their comments taken for a repeat of the other's.
 */
export const writeKey = (now: number): string => `w${now.toString(36)}-${(nextKey++).toString(36)}-${randomTag()}`;

/**
 * Why a queued comment or escalation was refused, for someone who made it a while ago: the
 * role check's sentence names a method, so it is said in the board's words instead.
 */
function refusalWords(write: PendingComment | PendingCreate, error: { code: string; message: string }): string {
  if (error.code !== 'forbidden') return error.message;
  const what = write.kind === 'create' ? 'file escalations' : 'comment on the board';
  return `Your role no longer lets you ${what}; it was changed while this window was offline.`;
}

type Get = () => DeskStore;
type Set = (partial: Partial<DeskStore>) => void;

export function createWriteQueue(set: Set, get: Get, deps: DeskDeps) {
  const save = (pending: PendingWrite[]) => {
    set({ boardPending: pending });
    deps.boardQueue?.save(pending);
  };
  const restate = (key: string, state: PendingWrite['state'], refusal?: string) =>
    save(get().boardPending.map((w) => (w.key === key ? { ...w, state, refusal } : w)));
  const remove = (key: string) => save(get().boardPending.filter((write) => write.key !== key));
  /** Writes whose maker awaits the answer (made while live), and the answer once it came. */
  const watched = new Map<string, WriteOutcome | null>();

  const sendUpdate = async (write: PendingUpdate): Promise<'done' | 'offline'> => {
    const answer = await deps.client.call('board.update', { id: write.cardId, baseVersion: write.baseVersion, patch: write.patch });
    if (!answer.ok && answer.error.code === 'unavailable') {
      // The link dropped with it in flight: it waits with the others (the hub tells a repeat by its version).
      restate(write.key, 'queued');
      return 'offline';
    }
    remove(write.key);
    if (!answer.ok) {
      set({ boardNotice: answer.error.message });
      return 'done';
    }
    const result = answer.value;
    if (result.result === 'updated') {
      get().applyBoardChange({ seq: result.seq, card: result.card });
      return 'done';
    }
    get().applyBoardChange({ seq: 0, card: result.current });
    const conflict: BoardConflict = {
      key: write.key,
      cardId: write.cardId,
      patch: write.patch,
      message: result.message,
      current: result.current,
      conflicting: result.conflicting,
      changes: result.changes,
    };
    set({ boardConflicts: [...get().boardConflicts.filter((c) => c.cardId !== write.cardId), conflict] });
    return 'done';
  };

  const sendMade = async (write: PendingComment | PendingCreate): Promise<'done' | 'offline'> => {
    const answer =
      write.kind === 'comment'
        ? await deps.client.call('board.comment', { id: write.cardId, text: write.text, requestKey: write.key })
        : await deps.client.call('board.create', { ...write.draft, requestKey: write.key });
    if (!answer.ok && answer.error.code === 'unavailable') {
      // Landed or not, it goes again with the same key: the hub makes it once.
      restate(write.key, 'queued');
      return 'offline';
    }
    const waiting = watched.has(write.key);
    if (answer.ok) {
      remove(write.key);
      get().applyBoardChange(answer.value);
      if (write.kind === 'create') set({ boardLanded: { ...get().boardLanded, [write.key]: answer.value.card.id } });
      if (waiting) watched.set(write.key, { kind: 'sent', card: answer.value.card });
    } else if (waiting) {
      remove(write.key);
      watched.set(write.key, { kind: 'refused', message: answer.error.message });
    } else restate(write.key, 'refused', refusalWords(write, answer.error));
    return 'done';
  };

  /**
   * An acknowledgement: nothing to keep if refused (no text), so a refusal, or someone else
   * having acknowledged the card first while this one waited, is said in words.
   */
  const sendAcknowledge = async (write: PendingAcknowledge): Promise<'done' | 'offline'> => {
    const answer = await deps.client.call('board.acknowledge', { id: write.cardId });
    if (!answer.ok && answer.error.code === 'unavailable') {
      restate(write.key, 'queued');
      return 'offline';
    }
    remove(write.key);
    const waiting = watched.has(write.key);
    if (!answer.ok) {
      if (waiting) watched.set(write.key, { kind: 'refused', message: answer.error.message });
      else set({ boardNotice: `Your acknowledgement of #${write.cardId} was not sent: ${answer.error.message}` });
      return 'done';
    }
    get().applyBoardChange(answer.value);
    set({ boardPages: get().boardPages.filter((p) => p.cardId !== write.cardId) });
    const { card } = answer.value;
    const by = card.acknowledgedBy;
    if (!waiting && by && by.userId !== write.madeBy && card.acknowledgedAt !== null)
      set({
        boardNotice: `#${card.id} “${card.title}” had already been acknowledged by ${by.displayName} at ${formatClock(card.acknowledgedAt)}; yours was not needed.`,
      });
    if (waiting) watched.set(write.key, { kind: 'sent', card });
    return 'done';
  };

  const send = (write: PendingWrite): Promise<'done' | 'offline'> => {
    restate(write.key, 'sending');
    if (write.kind === 'update') return sendUpdate(write);
    return write.kind === 'acknowledge' ? sendAcknowledge(write) : sendMade(write);
  };

  let flushing: Promise<void> | null = null;
  const flush = (): Promise<void> => {
    if (flushing) return flushing;
    const run = async () => {
      while (get().connectionPhase === 'live') {
        const next = get().boardPending.find((write) => write.state === 'queued');
        if (!next) break;
        // A queue kept from someone else's session (signed out while offline) is never sent as this person.
        if (next.madeBy !== (get().me?.user?.id ?? null)) {
          remove(next.key);
          continue;
        }
        if ((await send(next)) === 'offline') break;
      }
    };
    // Assigned before the loop's first await can finish it, cleared when it is done.
    flushing = run().finally(() => (flushing = null));
    return flushing;
  };

  const isQueued = (key: string) => get().boardPending.some((w) => w.key === key && w.state === 'queued');

  return {
    save,
    remove,
    flush,
    /** Queues `write` and, while live, sends the queue up to it; answers what became of it. */
    async submit(write: PendingWrite): Promise<WriteOutcome> {
      save([...get().boardPending, write]);
      if (get().connectionPhase !== 'live') return { kind: 'queued', key: write.key };
      watched.set(write.key, null);
      try {
        // A flush already under way may have passed the end of the queue before this was added: one more picks it up.
        for (let round = 0; round < 2 && isQueued(write.key) && get().connectionPhase === 'live'; round++) await flush();
        return watched.get(write.key) ?? { kind: 'queued', key: write.key };
      } finally {
        watched.delete(write.key);
      }
    },
    /** A refused comment or escalation goes back in the queue, at its end. */
    retry(key: string): Promise<void> {
      const write = get().boardPending.find((w) => w.key === key && w.state === 'refused');
      if (!write) return Promise.resolve();
      save([...get().boardPending.filter((w) => w.key !== key), { ...write, state: 'queued', refusal: undefined }]);
      return flush();
    },
  };
}
