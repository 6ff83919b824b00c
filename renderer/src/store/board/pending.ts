/**
 * Pending writes: how an unconfirmed change looks on its card, and how the queue of changes,
 * comments and escalations made while the hub was unreachable survives a reload (parsed again
 * on the way in: stored data is a boundary like any other).
 */
import { z } from 'zod';
import {
  cardPatchSchema,
  createEscalationSchema,
  type BoardCard,
  type BoardPerson,
  type CardPatch,
} from '../../../../shared/contract/methods.js';
import { keptStorage, type StorageLike } from '../storage.js';
import type { PendingWrite } from './initialState.js';

/** The card as this window shows it with `patch` applied ahead of the hub. */
export function applyPatch(card: BoardCard, patch: CardPatch, people: readonly BoardPerson[]): BoardCard {
  const next: BoardCard = { ...card };
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.status !== undefined) next.status = patch.status;
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.customerHandle !== undefined) next.customerHandle = patch.customerHandle;
  if (patch.tags !== undefined) next.tags = patch.tags;
  if (patch.assigneeId !== undefined) {
    next.assignee =
      patch.assigneeId === null
        ? null
        : (people.find((person) => person.userId === patch.assigneeId) ?? { userId: patch.assigneeId, username: '', displayName: '…' });
  }
  return next;
}

/** Every card with the writes still pending on it applied in order; the same array while nothing changed. */
export function overlayPending(
  cards: Readonly<Record<number, BoardCard>>,
  pending: readonly PendingWrite[],
  people: readonly BoardPerson[],
): BoardCard[] {
  const list = Object.values(cards);
  if (pending.length === 0) return list;
  const byCard = new Map<number, CardPatch[]>();
  for (const write of pending) if (write.kind === 'update') byCard.set(write.cardId, [...(byCard.get(write.cardId) ?? []), write.patch]);
  if (byCard.size === 0) return list;
  return list.map((card) => {
    const patches = byCard.get(card.id);
    return patches ? patches.reduce((shown, patch) => applyPatch(shown, patch, people), card) : card;
  });
}

const REFUSAL_MAX = 2000;
const storedBase = {
  key: z.string().min(1).max(100),
  madeAt: z.number().int(),
  madeBy: z.string().max(64).nullable(),
  // Only a refusal is worth keeping: anything else waits again as queued after a reload.
  state: z.literal('refused').optional(),
  refusal: z.string().max(REFUSAL_MAX).optional(),
};
const storedWriteSchema = z.union([
  // Written before comments and escalations queued too: no `kind` means a field change.
  z.object({
    ...storedBase,
    kind: z.literal('update').default('update'),
    cardId: z.number().int().positive(),
    baseVersion: z.number().int().positive(),
    patch: cardPatchSchema,
  }),
  z.object({ ...storedBase, kind: z.literal('comment'), cardId: z.number().int().positive(), text: z.string().min(1).max(5000) }),
  z.object({ ...storedBase, kind: z.literal('create'), draft: createEscalationSchema }),
  z.object({ ...storedBase, kind: z.literal('acknowledge'), cardId: z.number().int().positive() }),
]);

/** A write as kept: no `sending` (a write on the wire when the page went is sent again: its key makes that safe). */
function stored(write: PendingWrite): Record<string, unknown> {
  const { state, refusal, ...rest } = write;
  return state === 'refused' ? { ...rest, state, refusal: refusal?.slice(0, REFUSAL_MAX) } : rest;
}

export interface QueueStore {
  load(): PendingWrite[];
  /** Keeps this window's writes (another window's kept writes stay as they are). */
  save(writes: readonly PendingWrite[]): void;
  /** Removes every kept write, every window's (sign-out). */
  clear(): void;
}

export const QUEUE_STORAGE_KEY = 'surge.boardQueue';

/**
 * The browser's queue store (localStorage); unreadable or disabled storage is an empty queue.
 * Tabs of one hub share the storage, so a window writes only its own writes and leaves the
 * ones it never had (another tab's, made offline there) in place: a tab's save never drops the
 * text another tab is keeping. A window that loads them sends them too; their request keys
 * make a second send a no-op.
 */
export function localQueueStore(storage: StorageLike | null): QueueStore {
  const kept = keptStorage(storage);
  /** Every write this window has had: the rest in storage are another window's. */
  const mine = new Set<string>();
  const readAll = (): PendingWrite[] =>
    // Entry by entry: one unreadable write (a later version's, a damaged one) costs only itself, never the others' text.
    (kept.read(QUEUE_STORAGE_KEY, z.array(z.unknown())) ?? []).flatMap((entry): PendingWrite[] => {
      const write = storedWriteSchema.safeParse(entry);
      return write.success ? [{ ...write.data, state: write.data.state ?? 'queued' }] : [];
    });
  return {
    load() {
      const writes = readAll();
      for (const write of writes) mine.add(write.key);
      return writes;
    },
    save(writes) {
      for (const write of writes) mine.add(write.key);
      const others = readAll().filter((write) => !mine.has(write.key));
      const all = [...others, ...writes];
      // Storage full or disabled: the queue lasts as long as this page.
      if (all.length === 0) kept.remove(QUEUE_STORAGE_KEY);
      else kept.write(QUEUE_STORAGE_KEY, JSON.stringify(all.map(stored)));
    },
    clear() {
      kept.remove(QUEUE_STORAGE_KEY);
    },
  };
}
