/**
 * The renderer against the real hub in Chromium: frame and landmarks, the demo badge, the live
 * chart filling from the demo, post text rendered as text (even hostile text), and stored
 * volume surviving a hub restart.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  collectPageProblems,
  describeWithChromium,
  ensureRendererBuilt,
  freePort,
  type Hub,
  launchBrowser,
  startHub,
  storedVolume,
  tearDown,
  tempDataDir,
  VIEWPORT,
} from './harness.js';

const LIVE_POST_TIMEOUT_MS = 60_000;

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b> & "quotes" \u202Eevil\u202C';

/** Posts in the chart's window, as the Live view reports it. */
async function windowTotal(page: Page): Promise<number> {
  const raw = await page.locator('section.chart-panel').getAttribute('data-window-total', { timeout: 5_000 });
  return Number(raw ?? 0);
}

async function waitForTotalAbove(page: Page, floor: number, timeoutMs: number): Promise<number> {
  await page.waitForFunction(
    (min) => Number(document.querySelector('section.chart-panel')?.getAttribute('data-window-total') ?? 0) > min,
    floor,
    { timeout: timeoutMs, polling: 250 },
  );
  return windowTotal(page);
}

describeWithChromium('live view against the hub', () => {
  let dataDir: string | undefined;
  let port = 0;
  let hub: Hub | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = tempDataDir();
    port = await freePort();
    hub = await startHub({ port, dataDir });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: VIEWPORT });
    problems = collectPageProblems(page);
    await page.goto(`${hub.url}/`);
  });

  afterAll(() => tearDown(browser, hub, dataDir));

  it('shows the frame: title, landmarks, named nav links, demo badge, live status', async () => {
    expect(await page.title()).toContain('Surge Desk');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    await page.getByRole('main').waitFor();
    await page.getByRole('banner').waitFor();
    const links = nav.getByRole('link');
    expect(await links.allInnerTexts()).toHaveLength(7);
    for (const name of ['Live', 'Alerts', 'Incident', 'Campaigns', 'Board', 'Sources', 'Settings']) {
      await nav.getByRole('link', { name: new RegExp(`^${name}`) }).waitFor();
    }
    await page.getByTestId('demo-badge').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('demo-badge').innerText()).toBe('DEMO DATA');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 });
    await page.getByRole('heading', { level: 1, name: 'Live volume' }).waitFor();
  });

  it('the live chart gains points from the demo as they arrive', async () => {
    // The backfilled history draws the chart at once.
    await page.getByRole('img', { name: /posts per minute/i }).waitFor({ timeout: 15_000 });
    // Then posts folded in from live `volume.tick` events (the window total can stay flat
    // while the oldest minute slides out, so it is not the signal). The demo now runs at real
    // speed with a baseline of about 5 posts a minute, so allow up to a minute for the first.
    await page
      .waitForFunction(() => Number(document.querySelector('section.chart-panel')?.getAttribute('data-live-posts') ?? 0) > 0, null, {
        timeout: LIVE_POST_TIMEOUT_MS,
        polling: 250,
      })
      .catch(() => {
        throw new Error(
          `No live posts reached the chart within ${LIVE_POST_TIMEOUT_MS / 1000} s. Hub output:\n${hub!.output().slice(-2000)}`,
        );
      });
    // The observed line, and the minute in progress as a hollow dot at its end.
    expect(await page.locator('[data-testid=volume-chart] .chart-line[data-series=total]').count()).toBe(1);
    expect(await page.locator('[data-testid=volume-chart] .chart-partial').count()).toBe(1);
    // The legend names both series; the summary sentence exists for screen readers.
    await page.getByRole('list', { name: 'Legend' }).getByText('All sources').waitFor();
    expect(await page.getByTestId('live-sentence').textContent()).toMatch(/^Last minute: [\d,.\s]+ posts/);
  });

  it('keyboard: Alt+6 opens Sources, Alt+2 Alerts, Alt+1 back to Live', async () => {
    await page.keyboard.press('Alt+6');
    await page.getByRole('heading', { level: 1, name: 'Sources' }).waitFor();
    await page.getByRole('table').getByText('demo data').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { level: 1, name: 'Live volume' }).waitFor();
  });

  it('renders recent posts as text, never as markup — even hostile text', async () => {
    await page.getByTestId('post-text').first().waitFor({ timeout: 15_000 });
    const shapes = await page
      .getByTestId('post-text')
      .evaluateAll((nodes) => nodes.map((node) => ({ children: node.children.length, text: node.textContent ?? '' })));
    expect(shapes.length).toBeGreaterThan(0);
    for (const shape of shapes) {
      expect(shape.children).toBe(0);
      expect(shape.text.length).toBeGreaterThan(0);
    }

    // Same hub, but the first recent post's text and URL are replaced on the wire.
    const hostilePage = await browser!.newPage({ viewport: VIEWPORT });
    const hostileProblems = collectPageProblems(hostilePage);
    await hostilePage.routeWebSocket(/\/api\/ws/, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((message) => {
        const frame = JSON.parse(String(message));
        const value = frame?.type === 'result' && frame.result?.ok ? frame.result.value : null;
        if (Array.isArray(value) && value[0] && 'externalId' in value[0]) {
          value[0].text = HOSTILE;
          value[0].author = '<b>mallory</b>';
          value[0].url = 'javascript:window.__pwned=3';
        }
        ws.send(JSON.stringify(frame));
      });
    });
    await hostilePage.goto(`${hub!.url}/#/live`);
    const first = hostilePage.getByTestId('post-text').first();
    await first.waitFor({ timeout: 15_000 });
    await hostilePage.waitForFunction((text) => document.querySelector('[data-testid=post-text]')?.textContent === text, HOSTILE, {
      timeout: 10_000,
    });
    const list = hostilePage.getByTestId('recent-posts');
    expect(await list.locator('img, script, b').count()).toBe(0);
    expect(await list.locator('a[href^="javascript"]').count()).toBe(0);
    // The author as text (exactly; the Escalate button's hidden label names the post's author too).
    expect(await list.getByText('<b>mallory</b>', { exact: true }).count()).toBe(1);
    // The button waits for the session's roles, which may land after the posts on a busy machine.
    await list.getByRole('button', { name: 'Escalate post by <b>mallory</b>' }).first().waitFor({ timeout: 10_000 });
    expect(await hostilePage.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(hostileProblems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
    await hostilePage.close();
  });

  it('keeps stored volume across a hub restart, and the page reconnects by itself', async () => {
    // The window the page shows starts 179 minutes before now; ask the hub for the same one.
    const since = Math.floor(Date.now() / 60_000) - 179;
    await waitForTotalAbove(page, 0, 15_000);
    const storedBefore = await storedVolume(hub!, 'total', since);
    expect(storedBefore).toBeGreaterThan(0);

    const code = await hub!.stop();
    expect(code, hub!.output().slice(-3000)).toBe(0); // SIGTERM is a clean shutdown
    await page
      .getByRole('status')
      .filter({ hasText: /Disconnected|Reconnecting/ })
      .waitFor({ timeout: 10_000 });

    hub = await startHub({ port, dataDir: dataDir! });
    expect(await storedVolume(hub, 'total', since)).toBeGreaterThanOrEqual(storedBefore);
    // Backoff caps at 15 s; the page comes back on its own.
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });

    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
    // A fresh page knows nothing: what it shows now came from the stored history. Its window
    // may have slid by a minute since `since`, so compare with the hub's answer for that window.
    const expected = await storedVolume(hub, 'total', Math.floor(Date.now() / 60_000) - 179);
    expect(expected).toBeGreaterThan(0);
    await page
      .waitForFunction(
        (min) => Number(document.querySelector('section.chart-panel')?.getAttribute('data-window-total') ?? 0) >= min,
        expected,
        { timeout: 15_000, polling: 250 },
      )
      .catch(async () => {
        throw new Error(
          `After restart and reload the page shows ${await windowTotal(page)} posts; the hub has ${expected} stored for its window.`,
        );
      });
  });

  it('ran without page errors', () => {
    expect(problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
