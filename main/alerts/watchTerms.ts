/**
 * The watched terms: each gets its own volume series and detector. Kept in the settings
 * table, so an admin manages them in the app; the engine's `watchTerms` option only seeds
 * the list the first time (before anyone saved one).
 */
import { ContractFailure } from '../../shared/contract/envelope.js';
import { normalizeWatchTerm } from '../../shared/domain.js';
import { mentionOf, mentionSet, wordsOf, type MentionSet } from '../detect/mentions.js';
import { extractTerms } from '../detect/tokenize.js';
import type { Store } from '../store/index.js';

const KEY = 'watch.terms';
export const MAX_WATCHED_TERMS = 50;

export function createWatchedTerms(settings: Store['settings'], seed: readonly string[]) {
  const read = (): string[] => {
    const stored = settings.get(KEY);
    const list = Array.isArray(stored) ? stored.filter((t): t is string => typeof t === 'string') : seed;
    return [...new Set(list.map(normalizeWatchTerm).filter(Boolean))];
  };
  let terms = read();
  let words = new Set<string>();
  let inText: MentionSet = mentionSet([]);
  const index = (next: string[]) => {
    const mentions = next.map((term) => ({ term, mention: mentionOf(term) }));
    words = new Set(mentions.filter((m) => m.mention.byTerms).map((m) => m.term));
    inText = mentionSet(mentions.filter((m) => !m.mention.byTerms));
  };
  index(terms);
  const save = (next: string[]) => {
    settings.set(KEY, next);
    terms = next;
    index(next);
  };
  return {
    list: (): string[] => terms,
    /** Words that are their own term, matched against a post's terms (the ingest fast path). */
    tracksWord: (term: string): boolean => words.has(term),
    /** Phrases, and words the term rules leave out (stop words): matched in the post's text. */
    inText: (): MentionSet => inText,
    add(raw: string): string[] {
      const term = normalizeWatchTerm(raw);
      if (!term) throw new ContractFailure('bad_request', 'Type a word or a phrase to watch.');
      if (!term.includes(' ')) assertCountable(term);
      if (terms.includes(term)) throw new ContractFailure('conflict', `“${term}” is already watched.`);
      if (terms.length >= MAX_WATCHED_TERMS)
        throw new ContractFailure('conflict', `At most ${MAX_WATCHED_TERMS} terms can be watched; remove one first.`);
      save([...terms, term]);
      return terms;
    },
    remove(raw: string): string[] {
      const term = normalizeWatchTerm(raw);
      if (!terms.includes(term)) throw new ContractFailure('not_found', `“${term}” is not watched.`);
      save(terms.filter((t) => t !== term));
      return terms;
    },
  };
}

/**
 * A watched word counts whatever the stop lists say ("else", "app": see mentions.ts), so only
 * a word with nothing to count is refused, and one the terms hold under another spelling is
 * pointed at it ("l'app" is counted as "app", so watching "app" finds "l'app" too).
 */
function assertCountable(word: string): void {
  if (wordsOf(word).length === 0)
    throw new ContractFailure('bad_request', `“${word}” has no letters or digits to count. Type a word or a phrase to watch.`);
  const terms = extractTerms(word);
  if (terms.length === 1 && terms[0] !== word) {
    throw new ContractFailure('bad_request', `“${word}” is counted as “${terms[0]}”. Watch “${terms[0]}” instead.`);
  }
}

export type WatchedTerms = ReturnType<typeof createWatchedTerms>;
