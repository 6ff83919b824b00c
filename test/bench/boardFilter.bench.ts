/**
 * Board filter and search over 10k cards in Chromium (the renderer's real code, bundled with
 * esbuild), each figure the median of 25 runs and its ratio to a naive array scan over the same
 * cards in the same page. Goal: what the view does per keystroke (filter + search + group
 * by column) under 50 ms. Cold = card search text not built yet (first search after a snapshot).
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { chromiumMissingReason, launchBrowser, REPO_ROOT } from '../e2e/harness.js';
import type { BenchSuite } from './types.js';

const COUNT = 10_000;
const RUNS = 25;
const GOAL_MS = 50;

const suite: BenchSuite = async () => {
  const missing = chromiumMissingReason();
  if (missing) throw new Error(`Chromium needed: ${missing}`);
  const bundle = await build({
    entryPoints: [join(REPO_ROOT, 'test', 'bench', 'boardFilterPage.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>board filter bench</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const r = await page.evaluate(
      ([count, runs]) =>
        (
          globalThis as unknown as {
            runBoardFilterBench(c: number, r: number): { baseline: number; cold: number; warm: number; all: number; none: number };
          }
        ).runBoardFilterBench(count, runs),
      [COUNT, RUNS] as const,
    );
    const baseline = { name: `naive scan (lower-case title + posts per card) of ${COUNT} cards`, value: r.baseline };
    const line = (name: string, value: number) => ({
      name,
      value,
      unit: 'ms',
      baseline,
      goal: `< ${GOAL_MS} ms`,
      met: value < GOAL_MS,
    });
    return [
      line('search 2 words + group, cold (first search)', r.cold),
      line('search 2 words + group, warm (typing)', r.warm),
      line('priority + tag + breached + search + group', r.all),
      line('no filter, group only', r.none),
    ];
  } finally {
    await browser.close();
  }
};

export default suite;
