/**
 * `npx tsx test/main/detect/resolveTimes.ts`: minutes from the end of a mild surge on a quiet
 * series to its alert's `resolved`, five seeds, a week of history (the figures in the README's
 * detector section). "-": no alert opened; "(×n)": opened n times.
 */
import { pathToFileURL } from 'node:url';
import { minutesOf, runLive, surge } from './liveRun.js';

const SEEDS = [1, 2, 3, 4, 5];

/** `[label, posts a minute, multiples, minute the surge ends]`. */
function cases(): Array<[string, number, number[], number]> {
  return [0.5, 1, 2].flatMap((mean): Array<[string, number, number[], number]> => [
    [`${mean}/min, 3× over 60 min, held 30`, mean, surge(3, 60, 30, 360), 90],
    [`${mean}/min, 4× over 30 min, held 30`, mean, surge(4, 30, 30, 360), 60],
    [`${mean}/min, 4× over 90 min`, mean, surge(4, 90, 0, 360), 90],
    [`${mean}/min, 1.8× over 180 min, held 120`, mean, surge(1.8, 180, 120, 360), 300],
    [`${mean}/min, 2.5× over 240 min, held 120`, mean, surge(2.5, 240, 120, 360), 360],
  ]);
}

function main(): void {
  const all: number[] = [];
  console.log(`| surge | ${SEEDS.map((s) => `seed ${s}`).join(' | ')} |`);
  console.log(`|---|${SEEDS.map(() => '---:').join('|')}|`);
  for (const [label, mean, multiples, end] of cases()) {
    const cells = SEEDS.map((seed) => {
      const run = runLive(seed, multiples, { days: 7, mean });
      const opened = minutesOf(run, 'opened');
      const resolved = minutesOf(run, 'resolved')[0];
      if (opened.length === 0) return '-';
      if (resolved === undefined) return 'open';
      all.push(resolved - end);
      return `${resolved - end}${opened.length > 1 ? ` (×${opened.length})` : ''}`;
    });
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  all.sort((a, b) => a - b);
  console.log(`\n${all.length} alerts: median ${all[Math.floor(all.length / 2)] ?? '-'}, max ${all.at(-1) ?? '-'} minutes`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
