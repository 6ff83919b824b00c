/**
 * Snowflake-like ids (Mastodon, X) are opaque strings that outgrow Number's 53 bits. The
 * platforms' advice: compare by length, then lexically. Never parse them as integers.
 */

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The newest of the ids, or `fallback` when there are none. */
export function newestId(ids: Iterable<string>, fallback: string | null = null): string | null {
  let best = fallback;
  for (const id of ids) if (best === null || compareIds(id, best) > 0) best = id;
  return best;
}

/** The oldest of the ids, or null. */
export function oldestId(ids: Iterable<string>): string | null {
  let best: string | null = null;
  for (const id of ids) if (best === null || compareIds(id, best) < 0) best = id;
  return best;
}

/** True when `id` is strictly newer than `than` (null counts as older than everything). */
export function isNewer(id: string, than: string | null): boolean {
  return than === null || compareIds(id, than) > 0;
}
