/**
 * What the renderer keeps in the browser's storage (the board's queue and its last snapshot),
 * read and written through one guard: stored text is a boundary like any other (parsed again,
 * anything unreadable is "nothing kept"), and a full or disabled storage never throws into the
 * app, it just keeps nothing.
 */
import type { z } from 'zod';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

export interface KeptStorage {
  /** The value under `key` if it parses and fits `schema`; null for missing, corrupt or unreadable. */
  read<T>(key: string, schema: z.ZodType<T>): T | null;
  /** False when the storage refused it (quota exceeded, disabled): the caller decides what to drop. */
  write(key: string, text: string): boolean;
  remove(key: string): void;
}

export function keptStorage(storage: StorageLike | null): KeptStorage {
  return {
    read(key, schema) {
      try {
        const raw = storage?.getItem(key);
        if (!raw) return null;
        const parsed = schema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    write(key, text) {
      if (!storage) return false;
      try {
        storage.setItem(key, text);
        return true;
      } catch {
        return false;
      }
    },
    remove(key) {
      try {
        storage?.removeItem?.(key);
      } catch {
        /* disabled storage: there is nothing kept to remove */
      }
    },
  };
}
