/**
 * Ingest matches all the watched terms of a post at once (`mentionSet`); the chart's drill, the
 * alert's sample posts and the watched term's own counts before issue 4 match one at a time
 * (`mentionOf(term).matches`). Both must say the same for every post and term.
 */
import { describe, expect, it } from 'vitest';
import { normalizeWatchTerm } from '../../../shared/domain.js';
import { mentionOf, mentionSet, postText, type WatchedMention } from '../../../main/detect/mentions.js';
import { extractTerms } from '../../../main/detect/tokenize.js';
import { rng } from './synthetic.js';

const PIECES = [
  'is',
  'this',
  'acme',
  'ACME',
  'down',
  'downtime',
  "can't",
  'log',
  'in',
  'login',
  "l'app",
  'app',
  "d'acme",
  "l'else",
  "qu'il",
  "d'wi-fi",
  'il',
  'wi-fi',
  'Wi-Fi',
  'wi',
  'fi',
  'else',
  'elsewhere',
  '42',
  '420',
  'no',
  'funciona',
  'ログイン',
  'できない',
  'https://acme.example/login',
  '&amp;',
  '<b>down</b>',
  'Ｌｏｇｉｎ',
  '',
];
const SPACES = [' ', ' ', ' ', '  ', '\n', '\t', ' — ', ', '];

const WATCHED = [
  'is acme down',
  'is acme',
  'acme down',
  "can't log in",
  'log in',
  'is this',
  'in l',
  'no funciona',
  'wi-fi',
  'wi-fi wi',
  'else',
  'il',
  'app',
  'acme',
  'ログイン',
  '42',
  'fi wi',
  'down down',
];

function post(rand: () => number): { text: string; terms: string[] } {
  const n = 1 + Math.floor(rand() * 14);
  let text = '';
  for (let i = 0; i < n; i++) text += PIECES[Math.floor(rand() * PIECES.length)]! + SPACES[Math.floor(rand() * SPACES.length)]!;
  return { text, terms: extractTerms(text) };
}

describe('matching a post against many watched terms at once', () => {
  it('finds exactly the terms each would find alone, each once', () => {
    const watched: WatchedMention[] = WATCHED.map(normalizeWatchTerm).map((term) => ({ term, mention: mentionOf(term) }));
    // Phrases, runs of words (one and more) and the other kinds are all in the list.
    expect(watched.some((w) => w.mention.phrase)).toBe(true);
    expect(watched.some((w) => (w.mention.run?.length ?? 0) > 1)).toBe(true);
    expect(watched.some((w) => !w.mention.phrase && !w.mention.run)).toBe(true);
    const set = mentionSet(watched);
    const rand = rng(42);
    let matched = 0;
    for (let i = 0; i < 5000; i++) {
      const p = post(rand);
      const alone = watched.filter((w) => w.mention.matches(postText(p))).map((w) => w.term);
      const together: string[] = [];
      set.each(postText(p), (term) => together.push(term));
      expect(together.sort(), p.text).toEqual(alone.sort());
      matched += alone.length;
    }
    expect(matched).toBeGreaterThan(5000);
  });

  it('folds text for phrases the same way whatever its spacing', () => {
    const slow = (t: string) => t.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
    for (const t of ['Is ACME down?', ' is  acme\tdown ', 'is\u00a0acme\ndown', 'Ｌｏｇｉｎ  down', 'plain words only', '\u3000ログイン '])
      expect(normalizeWatchTerm(t)).toBe(slow(t));
    expect(normalizeWatchTerm(' is  ACME\u00a0\tdown ')).toBe('is acme down');
  });

  it('an empty list finds nothing', () => {
    const found: string[] = [];
    mentionSet([]).each(postText({ text: 'is acme down', terms: ['acme', 'down'] }), (t) => found.push(t));
    expect(found).toEqual([]);
  });
});
