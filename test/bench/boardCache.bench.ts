/**
 * The board copy kept for a reload while the hub is down, on 10k realistic cards: writing it
 * (cut to the ~4 MB budget) and reading it back (parse + schema check), each the median of 9
 * runs, against a plain JSON.stringify / JSON.parse of the same 10k cards in this process. The
 * write runs at most every 10 s on a busy board; the read once per page load while offline.
 */
import { CACHE_BUDGET_CHARS, localBoardCache } from '../../renderer/src/store/board/cache.js';
import { realisticCards } from '../renderer/boardCards.js';
import type { BenchSuite } from './types.js';

const COUNT = 10_000;
const RUNS = 9;

function median(fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1]!;
}

const suite: BenchSuite = async () => {
  const mem = new Map<string, string>();
  const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
  const cache = localBoardCache(storage, () => ({ origin: 'http://hub.bench', credential: 'session' }));
  const cards = realisticCards(COUNT);
  const board = { userId: 'u_bench', takenAt: 1, seq: 1, skewMs: 0, cards, people: [], total: COUNT };
  const whole = JSON.stringify(cards);
  let kept = 0;
  const save = median(() => (kept = cache.save(board)?.kept ?? 0));
  const stringify = median(() => JSON.stringify(cards));
  const load = median(() => cache.load());
  const parse = median(() => JSON.parse(whole) as unknown);
  const stored = Math.max(...[...mem.values()].map((v) => v.length));
  return [
    { name: `serialized size of ${COUNT} realistic cards`, value: whole.length / 1e6, unit: 'M chars' },
    {
      name: 'kept copy size',
      value: stored / 1e6,
      unit: 'M chars',
      goal: `<= ${CACHE_BUDGET_CHARS / 1e6} M chars`,
      met: stored <= CACHE_BUDGET_CHARS,
    },
    { name: 'cards kept in the copy', value: kept, unit: 'cards' },
    { name: 'write the copy', value: save, unit: 'ms', baseline: { name: `JSON.stringify of all ${COUNT}`, value: stringify } },
    {
      name: 'read the copy back (parse + schema)',
      value: load,
      unit: 'ms',
      baseline: { name: `JSON.parse of all ${COUNT}`, value: parse },
    },
  ];
};

export default suite;
