/**
 * `npx tsx test/main/detect/openTimes.ts`: minutes from the first minute of a step rise to its
 * alert's `opened` at the default (medium) sensitivity, five seeds (the figures in the README's
 * detector section). The series has 3, 7 or 28 days of an ordinary daily cycle behind it (0.4×
 * its mean at midnight, 1.6× at noon), and the rise starts at noon or at midnight. "-" means no
 * alert opened within 120 minutes.
 */
import { pathToFileURL } from 'node:url';
import { minutesOf, runLive } from './liveRun.js';

const SEEDS = [1, 2, 3, 4, 5];
const MEANS = [2, 12, 100];
const MULTIPLES = [1.5, 2, 3, 5];
const AGES_DAYS = [3, 7, 28];
const WATCH_MINUTES = 120;

/** Minutes from the start of a `multiple`× step to the alert opening, or null if none did. */
export function minutesToOpen(
  seed: number,
  multiple: number,
  opts: { mean: number; days: number; at: 'noon' | 'midnight' },
): number | null {
  // The history starts at midnight, so half a day more ends it at noon.
  const days = opts.days + (opts.at === 'noon' ? 0.5 : 0);
  const run = runLive(seed, Array<number>(WATCH_MINUTES).fill(multiple), { mean: opts.mean, days });
  const opened = minutesOf(run, 'opened')[0];
  return opened === undefined ? null : opened + 1;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
}

function main(): void {
  console.log(`| rise at | history | mean posts a minute | ${MULTIPLES.map((m) => `${m}×`).join(' | ')} |`);
  console.log(`|---|---|---:|${MULTIPLES.map(() => '---').join('|')}|`);
  for (const at of ['noon', 'midnight'] as const)
    for (const days of AGES_DAYS)
      for (const mean of MEANS) {
        const cells = MULTIPLES.map((multiple) => {
          const times = SEEDS.map((seed) => minutesToOpen(seed, multiple, { mean, days, at }));
          const opened = times.filter((t): t is number => t !== null);
          const missed = times.length - opened.length;
          if (opened.length === 0) return '-';
          return `${median(opened)} (${Math.min(...opened)}–${Math.max(...opened)})${missed ? `, ${missed} none` : ''}`;
        });
        console.log(`| ${at} | ${days} days | ${mean} | ${cells.join(' | ')} |`);
      }
  console.log('\nmedian minutes to open (fastest–slowest of five seeds)');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
