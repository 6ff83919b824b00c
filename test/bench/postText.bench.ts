/**
 * Counting a post's length for X, Mastodon and Bluesky (what the editor does as you type and
 * the engine does on submit), on 10,000-character posts (the most postTextSchema takes):
 * the inputs that made the old link pattern quadratic ("a.a.a…", "a-a-a…") against plain prose
 * without links, measured alternately in the same run. Goal: worst case at least 0.8× plain.
 * For scale, the old pattern's scan alone on the same worst case, against the linear scan
 * that replaced it.
 *
 * Counting graphemes: a plain post, and one with a few emoji, against one bare Intl.Segmenter
 * pass over the same text (what the check used to make three of, once per network), and the
 * post with a few emoji against plain prose. An all-emoji post, where nothing can skip the
 * segmenter, shows the worst case. (V8's segmenter is quadratic in the length it is given, so
 * the bare pass is slow on 10,000 characters; the check segments such text in short windows.)
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
// A few emoji (a skin tone, a family, a flag, a plain one) and a decomposed accent in the prose.
const SPRINKLES = ['👍🏽', '👨‍👩‍👧', '🇩🇪', '🎉', 'cafe\u0301'];
const FEW_EMOJI = Array.from({ length: 20 }, (_, i) => PLAIN.slice(i * 495, (i + 1) * 495) + SPRINKLES[i % SPRINKLES.length]!)
  .join('')
  .slice(0, LENGTH);
// Every code point here joins or sits next to one that does: the segmenter reads all of it.
const ALL_EMOJI = fill('👍🏽🇩🇪👨‍👩‍👧 ');
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const segmenterPass = (text: string): number => {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
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
  const few = 5;
  const checkFew = (text: string) => () => {
    for (let i = 0; i < few; i++) checkTextFor(TARGETS, text);
  };
  const pass = (text: string) => () => {
    for (let i = 0; i < few; i++) segmenterPass(text);
  };
  // Goal where most of the text needs no segmenter; the all-emoji line is the worst case, for scale.
  for (const [name, text, goal] of [
    ['plain prose', PLAIN, 5],
    ['prose with a few emoji', FEW_EMOJI, 5],
    ['all emoji (skin tones, flags, families)', ALL_EMOJI, null],
  ] as const) {
    const [checked, segmented] = interleavedRates(few, 10, checkFew(text), pass(text));
    lines.push({
      name: `10,000-character post, ${name}, checked for X, Mastodon and Bluesky`,
      value: checked,
      unit: 'posts/s',
      baseline: { name: 'one bare Intl.Segmenter pass over it', value: segmented },
      ...(goal === null ? {} : { goal: `≥ ${goal}× one segmenter pass`, met: checked >= goal * segmented }),
    });
  }
  const [withEmoji, plain] = interleavedRates(few, 10, checkFew(FEW_EMOJI), checkFew(PLAIN));
  lines.push({
    name: '10,000-character post with a few emoji, checked for X, Mastodon and Bluesky',
    value: withEmoji,
    unit: 'posts/s',
    baseline: { name: 'plain prose, same length', value: plain },
    goal: '≥ 0.8× plain',
    met: withEmoji >= 0.8 * plain,
  });
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
