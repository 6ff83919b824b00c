/**
 * The last board this window saw, kept in the browser so a reload while the hub is unreachable
 * still shows it (with when it was taken, and the roles its person had, so comments and new
 * escalations can be queued on it; the hub checks each again). It is kept per hub origin and per signed-in
 * person: a pointer per origin says whose copy it is and for which sign-in (a tag of the session
 * or access token, so a copy is only shown to the same sign-in that saw it), and a copy found for
 * anyone else is removed, never shown. The desktop on a team hub keys it the same way, with a
 * digest of the session its main process holds in place of the token (`desktopCacheIdentity`).
 *
 * localStorage holds about 5 MB per origin and 10k realistic cards serialize to 10–15 MB, so a
 * copy is cut to a budget: open cards first, most recently changed first, and the window says
 * that it shows only part of the board.
 */
import { z } from 'zod';
import { boardCardSchema, boardPersonSchema, type BoardCard } from '../../../../shared/contract/methods.js';
import type { HubLinkState } from '../../../../shared/contract/hubLink.js';
import { roleSchema, type Role } from '../../../../shared/domain.js';
import { keptStorage, type StorageLike } from '../storage.js';
import type { BoardPersonWithRoles } from './initialState.js';

export interface CachedBoard {
  /** Whose board it was (null: the local admin or an access token). */
  userId: string | null;
  /**
   * What that person's roles were as the hub last said: only what the window offers (comments
   * and new escalations queued while the hub is away), never trusted by the hub, which checks
   * every queued write again when it arrives. Absent in copies kept by older pages.
   */
  roles?: Role[];
  /**
   * That person's name as the hub last said, so what they queue on the copy shows under it
   * (null for the local admin or a token; absent in copies kept by older pages).
   */
  displayName?: string | null;
  /** When the window last knew these cards were current. */
  takenAt: number;
  seq: number;
  skewMs: number;
  cards: BoardCard[];
  people: BoardPersonWithRoles[];
  /** How many cards the board had: more than `cards.length` when only part of it fitted. */
  total: number;
}

export interface BoardCacheStore {
  /** The copy kept for whoever this window is signed in as now; null when none, unreadable or someone else's. */
  load(): CachedBoard | null;
  /** Keeps `board` (cut to the budget); null when the storage refused it, and then nothing stays kept. */
  save(board: CachedBoard): { kept: number } | null;
  /** Removes whatever copy this origin keeps (sign-out). */
  clear(): void;
}

/** Which hub this window talks to and the credential it connects with (session or access token; null for none). */
export interface CacheIdentity {
  origin: string;
  credential: string | null;
  /**
   * False when this window is nobody on that hub right now (the desktop with no session): a copy
   * found there is removed, and none is written. The web's "no credential" is a way in (a hub
   * that lets loopback in), so there it stays true.
   */
  canKeep?: boolean;
}

/**
 * The desktop on a team hub: its session lives in the main process, which tells the window a
 * digest of it (`session`), known from the kept session even while the hub is unreachable. Null
 * on the solo desk (its engine is this computer's, never unreachable) and before the app said.
 */
export function desktopCacheIdentity(link: HubLinkState | null): CacheIdentity | null {
  if (link?.mode !== 'hub') return null;
  return { origin: link.url, credential: link.session, canKeep: link.session !== null };
}

/** Characters (localStorage counts UTF-16 units): ~4 MB of the usual 5 MB, leaving room for the queue and the session. */
export const CACHE_BUDGET_CHARS = 4_000_000;
export const CACHE_KEY_PREFIX = 'surge.boardCache';

const pointerKey = (origin: string) => `${CACHE_KEY_PREFIX}.who|${origin}`;
const copyKey = (origin: string, userId: string | null) => `${CACHE_KEY_PREFIX}|${origin}|${userId ?? '-'}`;

const pointerSchema = z.object({ userId: z.string().nullable(), tag: z.string() });
const copySchema = z.object({
  v: z.literal(1),
  tag: z.string(),
  userId: z.string().nullable(),
  roles: z.array(roleSchema).optional(),
  displayName: z.string().max(200).nullable().optional(),
  takenAt: z.number().int(),
  seq: z.number().int().nonnegative(),
  skewMs: z.number().int(),
  total: z.number().int().nonnegative(),
  people: z.array(boardPersonSchema.extend({ roles: z.array(roleSchema) })),
  cards: z.array(boardCardSchema),
});

/**
 * A short tag of a credential (cyrb53), so the copy can be matched to a sign-in without keeping
 * the credential twice. Not a secret-keeping hash: the credential itself sits in the same storage.
 */
export function credentialTag(credential: string | null): string {
  const text = credential ?? '';
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Open cards before resolved ones, each group most recently changed first: what a cut copy keeps. */
const keepFirst = (a: BoardCard, b: BoardCard): number =>
  Number(a.status === 'resolved') - Number(b.status === 'resolved') || b.updatedAt - a.updatedAt || b.id - a.id;

/** The copy as JSON text within `budget` characters, and how many cards made it in. */
export function serializeCopy(board: CachedBoard, tag: string, budget: number): { text: string; kept: number } {
  const { cards, ...rest } = board;
  const head = JSON.stringify({ v: 1, tag, ...rest });
  // `head` ends in "}": the cards go in as the last field.
  const open = `${head.slice(0, -1)},"cards":[`;
  // Card by card in keeping order, stopping at the budget: a big board costs the budget, not its size.
  let used = open.length + 2;
  const parts: string[] = [];
  for (const card of [...cards].sort(keepFirst)) {
    const part = JSON.stringify(card);
    if (used + part.length + 1 > budget) break;
    parts.push(part);
    used += part.length + 1;
  }
  return { text: `${open}${parts.join(',')}]}`, kept: parts.length };
}

export function localBoardCache(
  storage: StorageLike | null,
  identity: () => CacheIdentity | null,
  budget = CACHE_BUDGET_CHARS,
): BoardCacheStore {
  const kept = keptStorage(storage);
  const dropCopyOf = (origin: string) => {
    const pointer = kept.read(pointerKey(origin), pointerSchema);
    if (pointer) kept.remove(copyKey(origin, pointer.userId));
    kept.remove(pointerKey(origin));
  };
  return {
    load() {
      const who = identity();
      if (!who) return null;
      if (who.canKeep === false) {
        dropCopyOf(who.origin);
        return null;
      }
      const tag = credentialTag(who.credential);
      const pointer = kept.read(pointerKey(who.origin), pointerSchema);
      if (!pointer) return null;
      const copy = pointer.tag === tag ? kept.read(copyKey(who.origin, pointer.userId), copySchema) : null;
      if (!copy || copy.tag !== tag || copy.userId !== pointer.userId) {
        // Another sign-in's copy (or a broken one): it is never shown, so it need not stay.
        dropCopyOf(who.origin);
        return null;
      }
      const { v: _v, tag: _tag, ...board } = copy;
      return board;
    },
    save(board) {
      const who = identity();
      if (!who) return null;
      // Nobody to keep it for: not a refusal of the storage, so later copies (after a sign-in) still go.
      if (who.canKeep === false) return { kept: 0 };
      const tag = credentialTag(who.credential);
      const pointer = kept.read(pointerKey(who.origin), pointerSchema);
      // Someone else's copy goes before this one is written: one copy per origin at a time.
      if (pointer && pointer.userId !== board.userId) dropCopyOf(who.origin);
      const { text, kept: count } = serializeCopy(board, tag, budget);
      const key = copyKey(who.origin, board.userId);
      if (kept.write(key, text) && kept.write(pointerKey(who.origin), JSON.stringify({ userId: board.userId, tag })))
        return { kept: count };
      // Full or disabled: keep nothing half-written, and leave the room to the queue of changes.
      kept.remove(key);
      kept.remove(pointerKey(who.origin));
      return null;
    },
    clear() {
      const who = identity();
      if (who) dropCopyOf(who.origin);
    },
  };
}
