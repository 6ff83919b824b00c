/**
 * Counting a post's length for X, Mastodon and Bluesky (what the editor does as you type and
 * the engine does on submit), on 10,000-character posts (the most postTextSchema takes):
 * the inputs that made the old link pattern quadratic ("a.a.a…", "a-a-a…") against plain prose
 * without links, measured alternately in the same run. Goal: worst case at least 0.8× plain.
 * For scale, the old pattern's scan alone on the same worst case, against the linear scan
 * that replaced it.
 *
 * Run alone: npm run bench -- postText
 */
import { findLinks } from '../../shared/publishing/linkScan.js';
import { checkTextFor } from '../../shared/publishing/textLimits.js';
import { interleavedRates } from './measure.js';
import type { BenchLine } from './types.js';

const LENGTH = 10_000;
const TARGETS = [{ network: 'x' as const }, { network: 'mastodon' as const }, { network: 'bluesky' as const }];
const fill = (unit: string): string => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);

// Plain text: no links, so every character is counted one by one, as in the worst cases.
const PLAIN = fill('Checkout is back for most people; we are watching the error rate and will post again at noon. ');
const WORST: Record<string, string> = {
  '"a.a.a…"': fill('a.'),
  '"a-a-a…"': fill('a-'),
  '"a-a.a-a.…"': fill('a-a.'),
};
// The pattern the scan replaced, for the before/after line only.
const OLD_LINK =
  /\b(?:https?:\/\/[^\s<>"]+|www\.[^\s<>"]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co|dev|app|ly|me|info|biz|uk|de|fr|eu|us|ca|gg|tv|ai|social)(?:\/[^\s<>"]*)?)/giu;

export default function postTextBench(): Promise<BenchLine[]> {
  const posts = 20;
  const check = (text: string) => () => {
    for (let i = 0; i < posts; i++) checkTextFor(TARGETS, text);
  };
  const lines: BenchLine[] = [];
  for (const [name, text] of Object.entries(WORST)) {
    const [worst, plain] = interleavedRates(posts, 10, check(text), check(PLAIN));
    lines.push({
      name: `10,000-character post ${name}, checked for X, Mastodon and Bluesky`,
      value: worst,
      unit: 'posts/s',
      baseline: { name: 'plain prose, same length', value: plain },
      goal: '≥ 0.8× plain',
      met: worst >= 0.8 * plain,
    });
  }
  const text = WORST['"a.a.a…"']!;
  const [scan, old] = interleavedRates(
    1,
    5,
    () => findLinks(text),
    () => Array.from(text.matchAll(OLD_LINK)),
  );
  lines.push({
    name: 'link scan alone on "a.a.a…" (10,000 characters)',
    value: scan,
    unit: 'scans/s',
    baseline: { name: 'the old pattern', value: old },
  });
  return Promise.resolve(lines);
}
