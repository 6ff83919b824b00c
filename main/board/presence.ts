/**
 * Who has which card open: in memory only, one entry per connection (a person with two
 * windows on the same card counts once), gone when the connection closes.
 */
import type { BoardPerson, PresenceEntry } from '../../shared/contract/board.js';

export function createPresence() {
  const open = new Map<string, { cardId: number; person: BoardPerson }>();

  const viewersOf = (cardId: number): BoardPerson[] => {
    const seen = new Map<string, BoardPerson>();
    for (const entry of open.values()) {
      if (entry.cardId === cardId) seen.set(entry.person.userId ?? `name:${entry.person.username}`, entry.person);
    }
    return [...seen.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  };
  const entriesFor = (cardIds: Iterable<number>): PresenceEntry[] =>
    [...new Set(cardIds)].map((cardId) => ({ cardId, viewers: viewersOf(cardId) }));

  return {
    /** Sets what a connection has open; answers the entries that changed (empty when nothing did). */
    set(connectionId: string, person: BoardPerson, cardId: number | null): PresenceEntry[] {
      const before = open.get(connectionId)?.cardId ?? null;
      if (cardId === null) open.delete(connectionId);
      else open.set(connectionId, { cardId, person });
      if (before === cardId) return [];
      return entriesFor([before, cardId].filter((id): id is number => id !== null));
    },
    /** A connection closed: what it had open is released. */
    drop(connectionId: string): PresenceEntry[] {
      const before = open.get(connectionId);
      if (!before) return [];
      open.delete(connectionId);
      return entriesFor([before.cardId]);
    },
    all(): PresenceEntry[] {
      return entriesFor([...open.values()].map((e) => e.cardId));
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
