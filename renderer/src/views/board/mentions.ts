/**
 * @mention completion in a comment, as pure functions of the text and the caret: which
 * `@word` the caret is in, which people match it, and the text once one is picked. The rule for
 * where an @ starts a mention is the hub's (`main/board/service.ts` MENTION): at the start or
 * after anything but a letter, digit, underscore, dot or another @, so an e-mail address
 * (`dana@example.com`) never offers anyone.
 */

export interface MentionToken {
  /** Index of the @. */
  start: number;
  /** Just past the word the caret is in (a caret inside `@da|na` replaces all of `@dana`). */
  end: number;
  /** What was typed after the @, up to the caret, lower-cased. */
  query: string;
}

export interface MentionPerson {
  username: string;
  displayName: string;
}

const WORD = /[a-z0-9._-]/i;
/** A character after which an @ cannot start a mention (mirrors the hub's `[^\w@.]`). */
const GLUED = /[\w@.]/;
export const MAX_SUGGESTIONS = 8;

/** The @word the caret is in or right after; null when the caret is not in one. */
export function mentionAt(text: string, caret: number): MentionToken | null {
  if (caret < 0 || caret > text.length) return null;
  let at = caret;
  while (at > 0 && WORD.test(text[at - 1]!)) at--;
  if (at === 0 || text[at - 1] !== '@') return null;
  const start = at - 1;
  if (start > 0 && GLUED.test(text[start - 1]!)) return null;
  let end = caret;
  while (end < text.length && WORD.test(text[end]!)) end++;
  const query = text.slice(at, caret).toLowerCase();
  return query.length > 64 ? null : { start, end, query };
}

/** 0 best: the username starts with it, then a word of the name does, then either contains it; null no match. */
function rank(person: MentionPerson, query: string): number | null {
  if (query === '') return 0;
  const username = person.username.toLowerCase();
  const name = person.displayName.toLowerCase();
  if (username.startsWith(query)) return 0;
  if (name.split(/[\s._-]+/u).some((word) => word.startsWith(query))) return 1;
  if (username.includes(query)) return 2;
  if (name.includes(query)) return 3;
  return null;
}

/** The people `query` names, best first (then by username), at most `limit`. */
export function matchPeople<P extends MentionPerson>(people: readonly P[], query: string, limit = MAX_SUGGESTIONS): P[] {
  const q = query.toLowerCase();
  const seen = new Set<string>();
  const ranked: { person: P; rank: number }[] = [];
  for (const person of people) {
    const r = rank(person, q);
    if (r === null || seen.has(person.username)) continue;
    seen.add(person.username);
    ranked.push({ person, rank: r });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.person.username.localeCompare(b.person.username));
  return ranked.slice(0, limit).map((entry) => entry.person);
}

/** The text with the token replaced by `@username ` and where the caret goes (after the space). */
export function insertMention(text: string, token: MentionToken, username: string): { text: string; caret: number } {
  const before = text.slice(0, token.start);
  const after = text.slice(token.end);
  // A space already there is reused, not doubled.
  const spaced = /^\s/.test(after) ? after : ` ${after}`;
  const inserted = `${before}@${username}`;
  return { text: `${inserted}${spaced}`, caret: inserted.length + 1 };
}
