/**
 * `npm run bench`: runs every `*.bench.ts` beside this file (or those named on the command
 * line) and prints each figure with its same-run baseline and ratio. Never a pass/fail test.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchLine, BenchSuite } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const fmt = (n: number): string =>
  Math.abs(n) >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : Math.abs(n) >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(n < 10 ? 3 : 1);

function print(suite: string, lines: BenchLine[]): void {
  console.log(`\n## ${suite}`);
  for (const line of lines) {
    let text = `  ${line.name}: ${fmt(line.value)} ${line.unit}`;
    if (line.baseline) {
      text += `  | baseline ${line.baseline.name}: ${fmt(line.baseline.value)} ${line.unit}  | ratio ${(line.value / line.baseline.value).toFixed(2)}x`;
    }
    if (line.goal) text += `  | goal ${line.goal}: ${line.met === undefined ? 'n/a' : line.met ? 'met' : 'NOT met'}`;
    console.log(text);
  }
}

console.log(`Surge Desk benchmarks — node ${process.version}, ${new Date().toISOString()}`);
console.log('Figures are ratios against a baseline measured in this same process: compare ratios, not absolutes.');
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: BenchSuite };
  try {
    print(basename(file, '.bench.ts'), await mod.default());
  } catch (error) {
    console.log(`\n## ${basename(file, '.bench.ts')}\n  failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
