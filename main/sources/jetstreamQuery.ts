/**
 * Jetstream has no text search, so the searchPosts query is matched here, on the client.
 * The subset: words and "phrases" (whole words, case-insensitive), #tags (also facet tags
 * and `tags[]`), -exclusions, `lang:xx`, and OR between neighbours; everything else is
 * AND-ed, as searchPosts does. Operators that need data a firehose frame lacks (a handle,
 * link targets, indexing time) are refused rather than silently ignored.
 */
import { SourceError } from './types.js';

/** What a frame offers to match against; `tags` is lazy because most posts never need it. */
export interface MatchInput {
  text: string;
  langs: readonly string[];
  tags(): readonly string[];
}

export type Matcher = (post: MatchInput) => boolean;

type Term = { kind: 'word'; value: string } | { kind: 'tag'; value: string } | { kind: 'lang'; value: string };

const UNSUPPORTED = new Set(['from', 'to', 'mentions', 'author', 'domain', 'url', 'since', 'until']);
const TOKEN = /(-)?(?:"([^"]*)"?|([^\s()"]+))/g;
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
// Scripts written without spaces: a keyword there is matched inside a run of letters.
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export const fold = (s: string): string => s.normalize('NFKC').toLowerCase();

/** Throws SourceError('config') for a query the stream cannot honour. */
export function compileQuery(query: string): Matcher {
  const groups: Term[][] = [];
  const excluded: Term[] = [];
  let joinNext = false;
  let lastPositive = false;
  for (const m of query.matchAll(TOKEN)) {
    const negated = m[1] === '-';
    const phrase = m[2];
    const bare = m[3];
    if (phrase === undefined && (bare === 'OR' || bare === '||')) {
      joinNext = lastPositive;
      continue;
    }
    if (phrase === undefined && (bare === 'AND' || bare === '&&')) continue;
    const term = phrase !== undefined ? wordTerm(phrase) : bareTerm(bare ?? '');
    if (!term) continue;
    if (negated) excluded.push(term);
    else if (joinNext) groups[groups.length - 1]?.push(term);
    else groups.push([term]);
    lastPositive = !negated;
    joinNext = false;
  }
  if (!groups.some((g) => g.some((t) => t.kind !== 'lang'))) {
    // Without a positive word or tag the whole firehose would pass.
    throw new SourceError('config', 'Bluesky live streaming needs at least one word or #tag to look for in the query; polling continues');
  }
  return (post) => {
    const text = fold(post.text);
    let tags: Set<string> | null = null;
    const has = (t: Term): boolean => {
      if (t.kind === 'word') return containsWord(text, t.value);
      if (t.kind === 'lang')
        return post.langs.some((l) => {
          const f = fold(l);
          return f === t.value || f.startsWith(`${t.value}-`);
        });
      tags ??= new Set(post.tags().map(fold));
      return tags.has(t.value) || containsWord(text, `#${t.value}`);
    };
    return groups.every((g) => g.some(has)) && !excluded.some(has);
  };
}

function bareTerm(raw: string): Term | null {
  const colon = raw.indexOf(':');
  if (colon > 0) {
    const op = raw.slice(0, colon).toLowerCase();
    if (op === 'lang' && raw.length > colon + 1) return { kind: 'lang', value: fold(raw.slice(colon + 1)) };
    if (UNSUPPORTED.has(op)) {
      throw new SourceError(
        'config',
        `Bluesky live streaming cannot filter on "${op}:" (the firehose has no search); remove it from the query or turn streaming off`,
      );
    }
  }
  if (raw.startsWith('#') && raw.length > 1) return { kind: 'tag', value: fold(raw.slice(1)) };
  return wordTerm(raw);
}

function wordTerm(raw: string): Term | null {
  const value = fold(raw.trim()).replace(/\s+/g, ' ');
  return [...value].some((c) => WORD_CHAR.test(c)) ? { kind: 'word', value } : null;
}

const needsEdge = (c: string | undefined): boolean => c !== undefined && WORD_CHAR.test(c) && !NO_SPACES.test(c);
const wordAt = (s: string, i: number): boolean => i >= 0 && i < s.length && WORD_CHAR.test(s.charAt(i));

/** `needle` in `hay` (both folded) as whole words: "acme" matches "acme's" and "#acme", not "acmes". */
export function containsWord(hay: string, needle: string): boolean {
  const chars = [...needle];
  const edgeStart = needsEdge(chars[0]);
  const edgeEnd = needsEdge(chars[chars.length - 1]);
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) {
    if (edgeStart && wordAt(hay, i - 1)) continue;
    if (edgeEnd && wordAt(hay, i + needle.length)) continue;
    return true;
  }
  return false;
}
