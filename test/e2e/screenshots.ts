/**
 * Screenshots for a person to look at (not a test): `npx tsx test/e2e/screenshots.ts [dir]`.
 * Builds the renderer if needed, starts a hub on a temp data dir, waits `SHOTS_WAIT_S`
 * seconds (default 20) of demo data, and saves every view at 1440×900. With
 * `SHOTS_SAMPLE_ALERT=1` a made-up alert is spliced into the `alerts.list` answer on the wire
 * (this page only), so the alert card can be looked at before the demo surge raises one.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { ensureRendererBuilt, freePort, launchBrowser, removeDir, startHub, stopAll, tempDataDir, VIEWPORT } from './harness.js';

function sampleAlert(now: number) {
  return {
    id: 999_001,
    series: 'total',
    state: 'escalating',
    severity: 'critical',
    openedAt: now - 6 * 60_000,
    updatedAt: now - 20_000,
    resolvedAt: null,
    title: 'SAMPLE — Mentions 6.4× expected: “down”, “login”, “500”',
    math: {
      windowMinutes: 5,
      expected: 24.5,
      bandLow: 14.2,
      bandHigh: 38.9,
      observed: 157,
      ratio: 6.41,
      score: 0.97,
      persistedMinutes: 4,
      sources: ['demo'],
    },
    drivers: {
      topTerms: [
        { term: 'down', count: 88, lift: 14.2, beyondSurge: 69.4 },
        { term: 'login', count: 51, lift: 9.8, beyondSurge: 35.4 },
        { term: '500', count: 33, lift: 22, beyondSurge: 28.5 },
      ],
      samplePosts: [
        { source: 'demo', author: 'danaweb84', text: 'Acme Cloud caído otra vez, no puedo entrar a la consola', url: null },
        { source: 'demo', author: 'ops_kim', text: 'is acme cloud down?? console gives 500 on login <script>alert(1)</script>', url: null },
      ],
      outageIntent: 0.82,
      statusIncident: { source: 'status', name: 'Elevated error rates on Console login', url: 'https://status.example/incidents/1' },
    },
  };
}

async function spliceSampleAlert(page: Page): Promise<void> {
  await page.routeWebSocket(/\/api\/ws/, (ws) => {
    const server = ws.connectToServer();
    const alertCalls = new Set<unknown>();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message));
      if (frame.method === 'alerts.list') alertCalls.add(frame.id);
      server.send(message);
    });
    server.onMessage((message) => {
      const frame = JSON.parse(String(message));
      if (frame.type === 'result' && alertCalls.has(frame.id) && frame.result?.ok) frame.result.value.unshift(sampleAlert(Date.now()));
      ws.send(JSON.stringify(frame));
    });
  });
}

/** The Sources form (empty, then a webhook tested and refused) and the alert settings with a backtest. */
async function adminShots(page: Page, outDir: string): Promise<void> {
  const save = async (name: string) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(outDir, `${name}.png`) });
    console.log(`saved ${join(outDir, `${name}.png`)}`);
  };
  await page.evaluate(() => (window.location.hash = '#/sources'));
  await page.getByRole('button', { name: 'Add source' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Type').selectOption('mastodon');
  await save('sources-form');
  await form.getByLabel('Type').selectOption('webhook');
  await form.getByLabel('Name').fill('hook-1');
  await form.getByLabel(/Shared secret/).fill('too-short');
  await form.getByRole('button', { name: 'Test' }).click();
  await form.getByRole('button', { name: /^Save/ }).click();
  await form.getByTestId('source-save-error').waitFor();
  await save('sources-form-error');
  await form.getByLabel(/Shared secret/).fill('a-long-enough-shared-secret');
  await form.getByRole('button', { name: 'Test' }).click();
  await form.getByTestId('source-test-result').waitFor();
  await save('sources-form-test');
  await page.keyboard.press('Escape');
  await page.evaluate(() => (window.location.hash = '#/alerts'));
  await page.getByText('Alert settings', { exact: true }).click();
  await page.getByText('Expert').click();
  // A low open score, so the shot shows hits on the list and the chart (nothing is saved).
  await page.getByLabel('Open score (0–1)').fill(process.env.SHOTS_OPEN_SCORE ?? '0.12');
  await page.getByRole('radio', { name: '3 days' }).check();
  await page.getByRole('button', { name: 'Backtest' }).click();
  await page.getByTestId('backtest-range').waitFor({ timeout: 30_000 });
  // <main> scrolls, not the page: a full-page shot would cut it; shoot the panel itself.
  await page.waitForTimeout(400);
  await page.getByTestId('alert-settings').screenshot({ path: join(outDir, 'alerts-settings.png') });
  console.log(`saved ${join(outDir, 'alerts-settings.png')}`);
  await page.getByTestId('alert-settings').evaluate((node) => node.scrollIntoView({ block: 'start' }));
  await save('alerts-settings-viewport');
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? '/tmp/shots';
  const waitS = Number(process.env.SHOTS_WAIT_S ?? 20);
  mkdirSync(outDir, { recursive: true });
  await ensureRendererBuilt();
  const dataDir = tempDataDir();
  const hub = await startHub({ port: await freePort(), dataDir });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    if (process.env.SHOTS_SAMPLE_ALERT) await spliceSampleAlert(page);
    await page.goto(`${hub.url}/#/live`);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(waitS * 1000);
    for (const view of ['live', 'alerts', 'sources', 'incident']) {
      await page.evaluate((v) => (window.location.hash = `#/${v}`), view);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(outDir, `${view}.png`) });
      console.log(`saved ${join(outDir, `${view}.png`)}`);
    }
    await page.evaluate(() => (window.location.hash = '#/live'));
    await page.locator('details.numbers summary').click();
    await page.getByTestId('volume-chart').hover({ position: { x: 900, y: 150 } });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, 'live-table.png'), fullPage: true });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.screenshot({ path: join(outDir, 'focus.png') });
    await adminShots(page, outDir);
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
