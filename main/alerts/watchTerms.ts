/**
 * The watched terms: each gets its own volume series and detector. Kept in the settings
 * table, so an admin manages them in the app; the engine's `watchTerms` option only seeds
 * the list the first time (before anyone saved one).
 */
import { ContractFailure } from '../../shared/contract/envelope.js';
import { normalizeWatchTerm } from '../../shared/domain.js';
import { STOP_WORDS } from '../detect/stopWords.js';
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
  let words = new Set(terms.filter((t) => !t.includes(' ')));
  let phrases = terms.filter((t) => t.includes(' '));
  const save = (next: string[]) => {
    settings.set(KEY, next);
    terms = next;
    words = new Set(next.filter((t) => !t.includes(' ')));
    phrases = next.filter((t) => t.includes(' '));
  };
  return {
    list: (): string[] => terms,
    /** Single words, matched against a post's terms (the ingest fast path). */
    tracksWord: (term: string): boolean => words.has(term),
    phrases: (): readonly string[] => phrases,
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
 * A single word is counted when it is one of a post's terms, so a stop word ("else") would
 * count nothing, silently, and "l'app" is counted as "app": say so instead of watching it.
 */
function assertCountable(word: string): void {
  if (STOP_WORDS.has(word)) {
    throw new ContractFailure(
      'bad_request',
      `“${word}” is too common a word to count on its own. Watch a phrase that contains it instead.`,
    );
  }
  const terms = extractTerms(word);
  if (terms.length === 1 && terms[0] !== word) {
    throw new ContractFailure('bad_request', `“${word}” is counted as “${terms[0]}”. Watch “${terms[0]}” instead.`);
  }
}

export type WatchedTerms = ReturnType<typeof createWatchedTerms>;
