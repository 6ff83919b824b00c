/**
 * Live chart frame times in Debian's Chromium (playwright-core): four charts of 10k points
 * each, updating once a second, frames timed with requestAnimationFrame. p95 frame with
 * decimation (min/max per pixel column) against the same page without it, alternated so
 * machine load hits both alike.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import type { BenchLine, BenchSuite } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.SURGE_CHROMIUM ?? '/usr/bin/chromium';
const MEASURE_MS = Number(process.env.BENCH_CHART_MS ?? 8_000);
const ROUNDS = 2;

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
};
const p95 = (values: number[]) => quantile(values, 0.95);

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(here, 'chartPage.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

async function framesFor(browser: Browser, script: string, decimate: boolean): Promise<{ frames: number[]; drawn: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  try {
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="root"></div></body></html>');
    await page.evaluate((on) => ((window as unknown as { __benchDecimate: boolean }).__benchDecimate = on), decimate);
    await page.addScriptTag({ content: script });
    await page.waitForSelector('[data-testid=volume-chart] .recharts-line', { timeout: 60_000 });
    await page.waitForTimeout(2_000); // first render and warm-up off the clock
    await page.evaluate(() => (window as unknown as { __resetFrames: () => void }).__resetFrames());
    await page.waitForTimeout(MEASURE_MS);
    const frames = await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames.slice());
    const drawn = await page.evaluate(() => Number(document.querySelector('[data-testid=volume-chart]')?.getAttribute('data-drawn') ?? 0));
    return { frames, drawn };
  } finally {
    await page.close();
  }
}

const suite: BenchSuite = async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  const script = await bundle();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const on: number[] = [];
    const off: number[] = [];
    let drawnOn = 0;
    let drawnOff = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const a = await framesFor(browser, script, true);
      const b = await framesFor(browser, script, false);
      on.push(...a.frames);
      off.push(...b.frames);
      drawnOn = a.drawn;
      drawnOff = b.drawn;
    }
    const lines: BenchLine[] = [
      {
        name: `p95 frame, 4 × 10k points updating 1/s, decimated (${drawnOn} points drawn per chart)`,
        value: p95(on),
        unit: 'ms',
        baseline: { name: `same page without decimation (${drawnOff} points per chart)`, value: p95(off) },
        goal: '< 16 ms',
        met: p95(on) < 16,
      },
      {
        name: 'longest frame (the update), decimated',
        value: Math.max(...on),
        unit: 'ms',
        baseline: { name: 'without decimation', value: Math.max(...off) },
      },
      {
        name: 'frames per second, decimated',
        value: (on.length * 1000) / (ROUNDS * MEASURE_MS),
        unit: 'fps',
        baseline: { name: 'without decimation', value: (off.length * 1000) / (ROUNDS * MEASURE_MS) },
      },
    ];
    return lines;
  } finally {
    await browser.close();
  }
};

export default suite;
