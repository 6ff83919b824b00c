/**
 * Watched words at ingest: the bucketing step of the ingest pipeline (main/ingest/pipeline.ts)
 * with 0 to 100 watched terms, against the same pipeline with no watch list at all. A word
 * that is its own term is looked up among a post's stored terms; a phrase, a stop word, a
 * hyphenated word or a Japanese one is matched in the post's text for every post
 * (main/detect/mentions.ts), which is the cost measured here. The store is a stand-in that
 * hands back the stored posts, so only the bucketing is timed, not SQLite or enrichment.
 */
import type { NormalizedPost, StoredPost } from '../../shared/domain.js';
import { createWatchedTerms, MAX_WATCHED_TERMS } from '../../main/alerts/watchTerms.js';
import { mentionOf } from '../../main/detect/mentions.js';
import { STOP_WORDS } from '../../main/detect/stopWords.js';
import { createDefaultEnricher } from '../../main/ingest/enrich.js';
import { createIngestPipeline, type IngestPipelineDeps } from '../../main/ingest/pipeline.js';
import { rng } from '../main/detect/synthetic.js';
import { interleavedRates } from './measure.js';
import type { BenchLine } from './types.js';

const POSTS = 40_000;
const PAGE = 40;
const GOAL = 100_000;

const vocab = Array.from({ length: 50_000 }, (_, i) => `w${i.toString(36)}`);
const EXTRAS = [
  'is acme down?',
  "can't log in",
  'error 503',
  '#acme',
  'no funciona',
  'ログインできない',
  'new launch 50% off',
  'the wi-fi app else',
];

/** Posts as ingest stores them: a page is one source over a minute or two, terms from the real enricher. */
function storedPages(): { pages: NormalizedPost[][]; stored: Map<readonly NormalizedPost[], StoredPost[]> } {
  const rand = rng(11);
  const enrich = createDefaultEnricher();
  const pages: NormalizedPost[][] = [];
  const stored = new Map<readonly NormalizedPost[], StoredPost[]>();
  for (let p = 0; p < POSTS / PAGE; p++) {
    const page: NormalizedPost[] = [];
    for (let i = 0; i < PAGE; i++) {
      const n = p * PAGE + i;
      const words = Array.from({ length: 12 }, () => vocab[Math.floor(Math.pow(rand(), 3) * vocab.length)]);
      const text = `${words.join(' ')} ${EXTRAS[Math.floor(rand() * EXTRAS.length)]}`;
      const at = Date.UTC(2026, 10, 23) + n * 100;
      page.push({
        source: 'bench',
        externalId: String(n),
        url: null,
        author: 'a',
        text,
        lang: null,
        createdAt: at,
        fetchedAt: at,
        engagement: {},
      });
    }
    pages.push(page);
    stored.set(
      page,
      page.map((post, i) => ({ ...post, id: p * PAGE + i, ...enrich(post) })),
    );
  }
  return { pages, stored };
}

/**
 * `n` distinct watched terms of one kind. In text: phrases (a few that posts carry, the rest
 * from the vocabulary), stop words, hyphenated and Japanese words, none of them its own term.
 */
function watchList(n: number, kind: 'in text' | 'own terms'): string[] {
  const rand = rng(n + (kind === 'in text' ? 0 : 1));
  const pick = () => vocab[Math.floor(Math.pow(rand(), 3) * 2000)] as string;
  if (kind === 'own terms') return [...new Set(Array.from({ length: 4 * n }, pick))].slice(0, n);
  const stops = [...STOP_WORDS].filter((w) => /^[a-z]+$/.test(w));
  const seeds = ["can't log in", 'is acme down', 'no funciona', 'wi-fi', 'ログイン', 'else'];
  const out = new Set(seeds);
  for (let i = 0; out.size < 4 * n; i++) {
    out.add(i % 4 === 0 ? (stops[i % stops.length] as string) : i % 4 === 1 ? `${pick()}-${pick()}` : `${pick()} ${pick()}`);
  }
  return [...out].filter((t) => !mentionOf(t).byTerms).slice(0, n);
}

function watching(terms: string[]): Pick<IngestPipelineDeps, 'tracksTerm' | 'inText'> {
  const settings = { get: () => undefined, set: () => undefined };
  // Seeded, as the engine's `watchTerms` option does: the cap applies to an admin's additions.
  const watched = createWatchedTerms(settings, terms);
  if (watched.list().length !== terms.length) throw new Error('bench watch list lost a term');
  return { tracksTerm: watched.tracksWord, inText: watched.inText };
}

export default function (): Promise<BenchLine[]> {
  const { pages, stored } = storedPages();
  const pipeline = (watch: Pick<IngestPipelineDeps, 'tracksTerm' | 'inText'>) =>
    createIngestPipeline({
      store: {
        transaction: (fn) => fn(),
        posts: {
          insertMany: (posts: readonly NormalizedPost[]) => stored.get(posts) ?? [],
        } as unknown as IngestPipelineDeps['store']['posts'],
        buckets: { addMany: () => undefined } as unknown as IngestPipelineDeps['store']['buckets'],
      },
      enrich: () => ({ terms: [], outageIntent: 0 }),
      ...watch,
    });
  let sink = 0;
  const runAll = (p: ReturnType<typeof pipeline>) => () => {
    for (const page of pages) sink += p.ingest(page).increments.size;
  };
  const none = runAll(pipeline({}));
  const cases: Array<{ name: string; terms: string[] }> = [
    { name: '0 watched terms (empty list)', terms: [] },
    { name: '10 watched terms matched in text', terms: watchList(10, 'in text') },
    { name: `${MAX_WATCHED_TERMS} watched terms matched in text (the cap)`, terms: watchList(MAX_WATCHED_TERMS, 'in text') },
    { name: '100 watched terms matched in text (twice the cap)', terms: watchList(100, 'in text') },
    { name: `${MAX_WATCHED_TERMS} watched words that are their own term`, terms: watchList(MAX_WATCHED_TERMS, 'own terms') },
  ];
  const lines: BenchLine[] = [];
  for (const c of cases) {
    const [base, rate] = interleavedRates(POSTS, 5, none, runAll(pipeline(watching(c.terms))));
    const line: BenchLine = {
      name: `ingest bucketing, ${c.name}`,
      value: rate,
      unit: 'posts/s',
      baseline: { name: 'no watch list', value: base },
    };
    if (c.terms.length >= MAX_WATCHED_TERMS) Object.assign(line, { goal: `>= ${GOAL / 1000}k/s`, met: rate >= GOAL });
    lines.push(line);
  }
  if (sink === -1) console.log(sink);
  return Promise.resolve(lines);
}
