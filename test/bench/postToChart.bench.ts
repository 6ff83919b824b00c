/**
 * From a post arriving to the live chart showing it, over the socket (issue 13: p95 < 1 s).
 *
 * A real hub (`main/cli/serve.ts`, as `npm run serve` runs it) with one webhook source; the
 * web UI open on Live in Debian's Chromium. Posts are pushed one at a time to the webhook at
 * irregular spacing, so they fall at every phase of the hub's once-a-second volume tick. Each
 * post is timed from just before its POST (so the figure includes the webhook, the inbox and
 * the store commit: an upper bound on "from stored") to the moment the Live chart's DOM shows
 * its minute's count reaching it (a MutationObserver on the chart's `data-last-count`, and
 * `data-prev-count` for a post from a minute's last second, which arrives with the next
 * minute's first tick; run right after React's commit, before paint).
 *
 * Baseline, same run and same posts: a plain WebSocket client receiving the `volume.tick` that
 * carries the post. The ratio is what the UI adds on top of the hub; both include the tick's
 * batching of up to a second, which is the hub's design, not the chart's.
 *
 * Run alone: npm run bench -- postToChart [--quick]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { ensureRendererBuilt, freePort, launchBrowser, removeDir, startHub, stopAll, tempDataDir, VIEWPORT } from '../e2e/harness.js';
import type { BenchLine } from './types.js';

const quick = process.argv.includes('--quick');
const POSTS = quick ? 12 : 36;
const SECRET = 'bench-secret-0123456789abcdef';
const SOURCE = 'bench-hook';
const MINUTE_MS = 60_000;

/** Wall-clock milliseconds with sub-millisecond precision, comparable with the page's. */
const wallNow = (): number => performance.timeOrigin + performance.now();

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/** When a minute's count first reached each value, from a series of (time, minute, count) sightings. */
function firstReached(sightings: Array<{ at: number; minute: number; count: number }>, minute: number, count: number): number | null {
  return sightings.find((s) => s.minute === minute && s.count >= count)?.at ?? null;
}

async function post(url: string, id: string, createdAt: number): Promise<void> {
  const response = await fetch(`${url}/api/webhooks/${SOURCE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-surge-secret': SECRET },
    body: JSON.stringify({ posts: [{ id, text: `bench post ${id}`, author: 'bench', createdAt }] }),
  });
  if (response.status !== 202) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
}

export default async function postToChartBench(): Promise<BenchLine[]> {
  await ensureRendererBuilt();
  const dataDir = tempDataDir('surge-post-bench-');
  const configFile = join(dataDir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ sources: [{ type: 'webhook', name: SOURCE, secret: SECRET }] }));
  const hub = await startHub({ port: await freePort(), dataDir, env: { SURGE_CONFIG: configFile } });
  const browser = await launchBrowser();
  const socket = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/api/ws`);
  try {
    // The baseline client: every `volume.tick` for the total series, summed per minute.
    const tickCounts = new Map<number, number>();
    const ticks: Array<{ at: number; minute: number; count: number }> = [];
    socket.on('message', (data) => {
      const at = wallNow();
      const frame = JSON.parse(String(data)) as {
        type: string;
        event?: string;
        data?: { minute: number; increments: Record<string, number> };
      };
      if (frame.type !== 'event' || frame.event !== 'volume.tick' || !frame.data) return;
      const added = frame.data.increments['total'] ?? 0;
      if (added === 0) return;
      const count = (tickCounts.get(frame.data.minute) ?? 0) + added;
      tickCounts.set(frame.data.minute, count);
      ticks.push({ at, minute: frame.data.minute, count });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });

    const page = await browser.newPage({ viewport: VIEWPORT });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${hub.url}/#/live`);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      const seen: Array<{ at: number; minute: number; count: number }> = [];
      (window as unknown as { __chartSightings: typeof seen }).__chartSightings = seen;
      new MutationObserver((records) => {
        const at = performance.timeOrigin + performance.now();
        for (const record of records) {
          const chart = record.target as Element;
          if (chart.getAttribute('data-testid') !== 'volume-chart') continue;
          seen.push({ at, minute: Number(chart.getAttribute('data-last-minute')), count: Number(chart.getAttribute('data-last-count')) });
          seen.push({ at, minute: Number(chart.getAttribute('data-prev-minute')), count: Number(chart.getAttribute('data-prev-count')) });
        }
      }).observe(document.body, {
        subtree: true,
        attributes: true,
        attributeFilter: ['data-last-count', 'data-last-minute', 'data-prev-count', 'data-prev-minute'],
      });
    });

    // A first post off the clock: the chart replaces its empty state and everything is warm.
    await post(hub.url, 'warm-up', Date.now());
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=volume-chart]')?.getAttribute('data-last-count') ?? 0) > 0,
      null,
      {
        timeout: 30_000,
      },
    );

    const sent: Array<{ at: number; minute: number; nth: number }> = [];
    const perMinute = new Map<number, number>(tickCounts);
    for (let i = 0; i < POSTS; i++) {
      // 0.6–1.4 s apart: off the tick's one-second rhythm, so every phase of it is sampled.
      await new Promise((r) => setTimeout(r, 600 + ((i * 7919) % 800)));
      const createdAt = Date.now();
      const minute = Math.floor(createdAt / MINUTE_MS);
      const nth = (perMinute.get(minute) ?? 0) + 1;
      perMinute.set(minute, nth);
      const at = wallNow();
      await post(hub.url, `p-${i}`, createdAt);
      sent.push({ at, minute, nth });
    }
    await page.waitForTimeout(3_000); // the last tick and render
    const chartSightings = await page.evaluate(
      () => (window as unknown as { __chartSightings: Array<{ at: number; minute: number; count: number }> }).__chartSightings,
    );
    if (problems.length > 0) throw new Error(`the page failed: ${problems.join('; ')}`);

    const chart: number[] = [];
    const tick: number[] = [];
    const added: number[] = [];
    let missing = 0;
    for (const s of sent) {
      const shown = firstReached(chartSightings, s.minute, s.nth);
      const ticked = firstReached(ticks, s.minute, s.nth);
      if (shown === null || ticked === null) {
        missing++;
        continue;
      }
      chart.push(shown - s.at);
      tick.push(ticked - s.at);
      added.push(shown - ticked);
    }
    const label = `${sent.length} posts 0.6–1.4 s apart, webhook → store → socket → Live chart`;
    return [
      {
        name: `post → Live chart shows it, p95 (${label})`,
        value: percentile(chart, 95),
        unit: 'ms',
        baseline: { name: 'the same posts as volume.tick on a plain WebSocket client, p95', value: percentile(tick, 95) },
        goal: '< 1000 ms',
        met: percentile(chart, 95) < 1000 && missing === 0,
      },
      {
        name: 'post → Live chart shows it, p50',
        value: percentile(chart, 50),
        unit: 'ms',
        baseline: { name: 'volume.tick on a plain client, p50', value: percentile(tick, 50) },
      },
      { name: 'post → Live chart shows it, max', value: Math.max(...chart), unit: 'ms' },
      { name: 'what the UI adds after the tick reached a plain client, p50', value: percentile(added, 50), unit: 'ms' },
      { name: 'what the UI adds after the tick reached a plain client, p95', value: percentile(added, 95), unit: 'ms' },
      { name: 'posts the chart or the plain client never showed', value: missing, unit: 'posts' },
    ];
  } finally {
    socket.terminate();
    await browser.close().catch(() => {});
    await hub.stop().catch(() => {});
    await stopAll();
    removeDir(dataDir);
  }
}
