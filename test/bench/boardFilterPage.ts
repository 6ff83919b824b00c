/**
 * Runs inside Chromium (bundled by boardFilter.bench.ts): the board's own filter, search and
 * column grouping over 10k cards, against a plain array scan in the same page.
 */
import { EMPTY_FILTER, filterCards, type BoardFilter } from '../../renderer/src/store/board/filter.js';
import { groupByStatus } from '../../renderer/src/store/board/selectors.js';
import { manyCards } from '../renderer/boardCards.js';

const NOW = 10_000_000;

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(runs: number, prepare: () => void, body: () => unknown): number {
  const times: number[] = [];
  let sink = 0;
  for (let i = 0; i < runs; i++) {
    prepare();
    const start = performance.now();
    const out = body();
    times.push(performance.now() - start);
    sink += Array.isArray(out) ? out.length : 1;
  }
  if (sink < 0) console.log(sink); // keeps the work from being optimised away
  return median(times);
}

export function runBoardFilterBench(count: number, runs: number) {
  const base = manyCards(count, NOW);
  let cards = base;
  const fresh = () => (cards = base.map((card) => ({ ...card })));
  const keep = () => {};
  const ctx = { meId: 'u_3', now: NOW };
  const search: BoardFilter = { ...EMPTY_FILTER, query: 'login report' };
  const everything: BoardFilter = { mine: false, unassigned: false, priorities: ['P1', 'P2'], tag: 'api', breached: true, query: 'login' };
  // The naive way: lower-case each card's title and post text on every keystroke, one word.
  const baseline = time(runs, keep, () =>
    cards.filter((card) => `${card.title} ${card.posts.map((post) => post.text).join(' ')}`.toLowerCase().includes('login')),
  );
  const cold = time(runs, fresh, () => groupByStatus(filterCards(cards, search, ctx)));
  fresh();
  filterCards(cards, search, ctx);
  const warm = time(runs, keep, () => groupByStatus(filterCards(cards, search, ctx)));
  const all = time(runs, keep, () => groupByStatus(filterCards(cards, everything, ctx)));
  const none = time(runs, keep, () => groupByStatus(filterCards(cards, EMPTY_FILTER, ctx)));
  return { baseline, cold, warm, all, none };
}

(globalThis as unknown as { runBoardFilterBench: typeof runBoardFilterBench }).runBoardFilterBench = runBoardFilterBench;
