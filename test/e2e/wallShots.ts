/**
 * Screenshots of the live wall for a person to look at (not a test):
 * `npx tsx test/e2e/wallShots.ts [dir]`. Starts a hub with the demo, runs a fire drill so a
 * drill chart and its markers show at once, waits for the demo surge's own alert (up to
 * `SHOTS_ALERT_WAIT_S`, default 240 s), then saves the Live view (dark and light), the
 * Alerts view, wall mode, the posts of a bucket, and an 800 px wide window.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureRendererBuilt, freePort, hubCall, launchBrowser, removeDir, startHub, stopAll, tempDataDir, VIEWPORT } from './harness.js';

async function shot(page: Page, outDir: string, name: string): Promise<void> {
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  console.log(`saved ${join(outDir, `${name}.png`)}`);
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? '/tmp/wall-shots';
  const alertWaitS = Number(process.env.SHOTS_ALERT_WAIT_S ?? 240);
  mkdirSync(outDir, { recursive: true });
  await ensureRendererBuilt();
  const dataDir = tempDataDir();
  const hub = await startHub({ port: await freePort(), dataDir });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${hub.url}/#/live`);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 60_000 });
    await hubCall(hub, 'alerts.runDrill', {});
    await page
      .waitForFunction(() => Number(document.querySelector('[data-testid=volume-chart]')?.getAttribute('data-markers') ?? 0) > 0, null, {
        timeout: alertWaitS * 1000,
        polling: 1000,
      })
      .catch(() => console.log('no demo alert marker yet; shooting anyway'));
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, outDir, 'live-dark');
    await page.getByTestId('volume-chart').hover({ position: { x: 1000, y: 120 } });
    await shot(page, outDir, 'live-tooltip');
    await page.getByRole('button', { name: '6 h' }).click();
    await shot(page, outDir, 'live-6h');
    await page.getByRole('button', { name: '1 h' }).click();
    await page.getByTestId('volume-chart').click({ position: { x: 1000, y: 150 } });
    await page
      .getByTestId('bucket-posts')
      .waitFor({ timeout: 10_000 })
      .catch(() => {});
    await shot(page, outDir, 'bucket-posts');
    await page.keyboard.press('Escape');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    await shot(page, outDir, 'live-light');
    await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
    await page.evaluate(() => (window.location.hash = '#/alerts'));
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await shot(page, outDir, 'alerts');
    await page.evaluate(() => (window.location.hash = '#/live'));
    await page.getByRole('heading', { level: 1, name: 'Live volume' }).waitFor();
    await page.keyboard.press('w');
    await shot(page, outDir, 'wall-mode');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 800, height: 900 });
    await shot(page, outDir, 'live-800');
    await page.evaluate(() => (window.location.hash = '#/alerts'));
    await shot(page, outDir, 'alerts-800');
    await page.setViewportSize(VIEWPORT);
    await page.evaluate(() => (window.location.hash = '#/settings'));
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await shot(page, outDir, 'settings');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    await page.evaluate(() => (window.location.hash = '#/alerts'));
    await shot(page, outDir, 'alerts-light');
  } finally {
    await browser.close();
    await hub.stop();
    await stopAll();
    removeDir(dataDir);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
