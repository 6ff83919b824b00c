/**
 * Whether a post mentions a watched term: the one rule behind a watched term's counts, the
 * posts its chart drills into and its alerts' sample posts. Watching is the user's explicit
 * choice, so it holds whatever the stop lists say (they only keep filler out of the terms an
 * alert discovers on its own):
 * - a word that is its own term ("login", "503", "#acme") is looked up in the post's stored
 *   terms, ingest's fast path;
 * - any other single word (a stop word such as "else" or "app" if a list ever takes it, a bare
 *   number, "wi-fi") is matched among the post's words, a French elided article aside ("l'app"
 *   mentions "app"), and a Japanese one in its text, as its terms hold only bigrams;
 * - a phrase is matched in the text, case and spacing aside.
 * Deciding per term from today's lists, not from what a post stored, keeps posts stored before
 * a list changed counted like the ones after.
 */
import { normalizeWatchTerm, parseSeriesKey, type StoredPost } from '../../shared/domain.js';
import { extractTerms, normalizeText, withoutElision, wordTokens } from './tokenize.js';

export type MentionPost = Pick<StoredPost, 'terms' | 'text'>;

/** One post's text in the forms matchers read, each made at most once however many terms look. */
export interface PostText {
  readonly post: MentionPost;
  folded?: string;
  plain?: string;
  words?: string[];
}

export const postText = (post: MentionPost): PostText => ({ post });

const folded = (p: PostText): string => (p.folded ??= normalizeWatchTerm(p.post.text));
const plain = (p: PostText): string => (p.plain ??= normalizeText(p.post.text));
const words = (p: PostText): string[] => (p.words ??= wordTokens(plain(p)));

export interface Mention {
  /** True when the post's stored terms decide it, so ingest can look the word up among them. */
  readonly byTerms: boolean;
  matches(text: PostText): boolean;
}

/** A watched term with how to find it. */
export interface WatchedMention {
  readonly term: string;
  readonly mention: Mention;
}

const NO_SPACE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;

/** The words a watched single word is made of; none for one with no letter or digit ("!!!", "🔥"). */
export const wordsOf = (word: string): string[] => wordTokens(normalizeText(word));

/** How `term` (as `normalizeWatchTerm` leaves it) is found in a post. */
export function mentionOf(term: string): Mention {
  if (term.includes(' ')) return { byTerms: false, matches: (p) => folded(p).includes(term) };
  const own = extractTerms(term);
  if (own.length === 1 && own[0] === term) return { byTerms: true, matches: (p) => p.post.terms.includes(term) };
  if (NO_SPACE.test(term)) return { byTerms: false, matches: (p) => plain(p).includes(term) };
  const want = wordsOf(term);
  if (want.length === 0) return { byTerms: false, matches: () => false };
  return { byTerms: false, matches: (p) => containsRun(words(p), want) };
}

/** Whether `want` runs in `words` in order, each word as written or without its elided article. */
function containsRun(words: readonly string[], want: readonly string[]): boolean {
  const same = (w: string, k: number) => w === want[k] || withoutElision(w) === want[k];
  for (let i = 0; i + want.length <= words.length; i++) {
    let k = 0;
    while (k < want.length && same(words[i + k] as string, k)) k++;
    if (k === want.length) return true;
  }
  return false;
}

/** Whether a stored post counts towards a series (the drill counts no real post; an unknown key, all). */
export function seriesFilter(series: string): (post: Pick<StoredPost, 'source' | 'terms' | 'text'>) => boolean {
  const key = parseSeriesKey(series);
  switch (key.kind) {
    case 'source':
      return (post) => post.source === key.source;
    case 'term': {
      const mention = mentionOf(key.term);
      return (post) => mention.matches(postText(post));
    }
    case 'drill':
      return () => false;
    default:
      return () => true;
  }
}
