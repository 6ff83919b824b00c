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
 * Ingest matches a whole watch list against each post at once (`mentionSet`), with the same
 * outcome as each term's own `matches`.
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
  /** What `matches` looks for, for `mentionSet`: a phrase in the folded text, or a run of words. */
  readonly phrase?: string;
  readonly run?: readonly string[];
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
  if (term.includes(' ')) return { byTerms: false, phrase: term, matches: (p) => folded(p).includes(term) };
  const own = extractTerms(term);
  if (own.length === 1 && own[0] === term) return { byTerms: true, matches: (p) => p.post.terms.includes(term) };
  if (NO_SPACE.test(term)) return { byTerms: false, matches: (p) => plain(p).includes(term) };
  const want = wordsOf(term);
  if (want.length === 0) return { byTerms: false, matches: () => false };
  return { byTerms: false, run: want, matches: (p) => containsRun(words(p), want) };
}

/**
 * Watched terms made ready to be matched together against post after post (ingest), each found
 * exactly as its own `matches` finds it, at a cost that hardly grows with the list: runs of
 * words are looked up by their first word as the post's words go by, and phrases only where
 * the text's next two characters begin one, rather than one search of the post per term.
 */
export interface MentionSet {
  readonly size: number;
  /** Calls `found` once for each of the terms the post mentions. */
  each(text: PostText, found: (term: string) => void): void;
}

const NONE: readonly number[] = [];
const pairAt = (text: string, i: number): number => text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);
const indexAt = <K>(index: Map<K, number[]>, key: K, k: number): void => {
  const list = index.get(key);
  if (list) list.push(k);
  else index.set(key, [k]);
};

export function mentionSet(watched: readonly WatchedMention[]): MentionSet {
  const runs = watched.filter((w) => w.mention.run);
  const phrases = watched.filter((w) => w.mention.phrase);
  const others = watched.filter((w) => !w.mention.run && !w.mention.phrase);
  const byFirstWord = new Map<string, number[]>();
  const runStart = new Uint8Array(runs.length > 0 ? 0x10000 : 0);
  runs.forEach((w, k) => {
    const first = w.mention.run?.[0] as string;
    runStart[first.charCodeAt(0)] = 1;
    indexAt(byFirstWord, first, k);
  });
  const byStart = new Map<number, number[]>();
  const firstChar = new Uint8Array(phrases.length > 0 ? 0x10000 : 0);
  phrases.forEach((w, k) => {
    firstChar[w.term.charCodeAt(0)] = 1;
    indexAt(byStart, pairAt(w.term, 0), k);
  });
  // Which terms this post has already matched: a stamp per term, so no array per post.
  const runSeen = new Uint32Array(runs.length);
  const phraseSeen = new Uint32Array(phrases.length);
  let stamp = 0;
  return {
    size: watched.length,
    each(text, found) {
      stamp = stamp === 0xffffffff ? 1 : stamp + 1;
      if (stamp === 1) {
        runSeen.fill(0);
        phraseSeen.fill(0);
      }
      for (const { term, mention } of others) if (mention.matches(text)) found(term);
      if (runs.length > 0) {
        const ws = words(text);
        const startingAt = (i: number, first: string) => {
          for (const k of byFirstWord.get(first) ?? NONE) {
            const { term, mention } = runs[k] as WatchedMention;
            if (runSeen[k] !== stamp && runAt(ws, i + 1, mention.run as readonly string[], 1)) {
              runSeen[k] = stamp;
              found(term);
            }
          }
        };
        for (let i = 0; i < ws.length; i++) {
          const w = ws[i] as string;
          if (runStart[w.charCodeAt(0)] === 1) startingAt(i, w);
          const bare = withoutElision(w);
          if (bare !== w && runStart[bare.charCodeAt(0)] === 1) startingAt(i, bare);
        }
      }
      if (phrases.length === 0) return;
      const f = folded(text);
      for (let i = 0; i + 1 < f.length; i++) {
        if (firstChar[f.charCodeAt(i)] === 0) continue;
        for (const k of byStart.get(pairAt(f, i)) ?? NONE) {
          const { term } = phrases[k] as WatchedMention;
          if (phraseSeen[k] !== stamp && f.startsWith(term, i)) {
            phraseSeen[k] = stamp;
            found(term);
          }
        }
      }
    },
  };
}

/** Whether `want` runs in `words` in order, each word as written or without its elided article. */
function containsRun(words: readonly string[], want: readonly string[]): boolean {
  for (let i = 0; i + want.length <= words.length; i++) if (runAt(words, i, want, 0)) return true;
  return false;
}

/** Whether `want` from its `k`th word on runs in `words` from index `i`. */
function runAt(words: readonly string[], i: number, want: readonly string[], k: number): boolean {
  for (; k < want.length; i++, k++) {
    const w = words[i];
    if (w === undefined || (w !== want[k] && withoutElision(w) !== want[k])) return false;
  }
  return true;
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
