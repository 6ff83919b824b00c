/**
 * Coverage gaps in Chromium against the real hub: one feed delivers posts, another points at a
 * local port where nothing listens. The Live chart shades the failing feed's gap up to now and
 * says why; once a server answers on that port the gap closes and stays shaded with its end,
 * the numbers table marks those minutes, and the Sources view names the last gap.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium, freePort, openHubPage, removeDir, tempDataDir, type HubPage } from './harness.js';

/** Items one a minute over the last half hour, so the chart spans more than the gap. */
function feed(title: string): string {
  const now = Date.now();
  const items = Array.from({ length: 30 }, (_, i) => {
    const at = new Date(now - (i + 1) * 60_000).toUTCString();
    return `<item><title>${title} ${i}</title><guid>${title}-${i}</guid><pubDate>${at}</pubDate></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://example.test/</link>${items.join('')}</channel></rss>`;
}

function serveFeed(port: number, title: string): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(feed(title));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const closeServer = (server: Server | undefined) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

describeWithChromium('coverage gaps on the live chart', () => {
  const dataDir = tempDataDir('surge-gaps-e2e-');
  let news: Server | undefined;
  let flaky: Server | undefined;
  let flakyPort = 0;
  let session: HubPage | undefined;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    const newsPort = await freePort();
    flakyPort = await freePort();
    news = await serveFeed(newsPort, 'news');
    const configFile = join(dataDir, 'surge.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        sources: [
          { type: 'rss', name: 'news', url: `http://127.0.0.1:${newsPort}/feed.xml`, intervalSeconds: 10 },
          { type: 'rss', name: 'flaky', url: `http://127.0.0.1:${flakyPort}/feed.xml`, intervalSeconds: 10 },
        ],
      }),
    );
    session = await openHubPage({ dataDir, env: { SURGE_CONFIG: configFile } });
    ({ page, problems } = session);
  });

  afterAll(async () => {
    await session?.close();
    await closeServer(news);
    await closeServer(flaky);
    removeDir(dataDir);
  });

  it('shades an open gap up to now, with the reason in words', async () => {
    const open = page.locator('[data-testid=gap-band][data-source=flaky][data-open=true]');
    await open.waitFor({ state: 'attached', timeout: 20_000 });
    const refused = `Connection refused by 127.0.0.1:${flakyPort}`;
    expect(await open.locator('title').textContent()).toMatch(new RegExp(`^No data from flaky since \\d\\d:\\d\\d: ${refused}$`));
    // The band reaches the right edge of the plot: an open gap runs to now.
    const band = await open.locator('rect').boundingBox();
    const grid = await page.locator('[data-testid=volume-chart] .chart-gridlines').boundingBox();
    expect(band && grid && band.width).toBeGreaterThan(0);
    expect(Math.abs(band!.x + band!.width - (grid!.x + grid!.width))).toBeLessThan(2);

    await expect
      .poll(() => page.getByTestId('gap-notes').innerText())
      .toMatch(new RegExp(`No data from flaky since \\d\\d:\\d\\d: ${refused}`));
    await page.getByRole('list', { name: 'Legend' }).getByText('No data: a source was failing').waitFor();
    expect(await page.getByTestId('volume-chart').getAttribute('aria-label')).toContain('Shaded: No data from flaky since');
    expect(await page.locator('[data-testid=gap-band][data-source=news]').count()).toBe(0);
  });

  it('closes the gap when the source answers again, and marks its minutes in the table', async () => {
    flaky = await serveFeed(flakyPort, 'flaky');
    const closed = page.locator('[data-testid=gap-band][data-source=flaky][data-open=false]');
    // Backoff after the first failures is a few seconds; the hub retries on its own.
    await closed.waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.locator('[data-testid=gap-band][data-source=flaky]').count()).toBe(1);
    expect(await closed.locator('title').textContent()).toMatch(
      /^No data from flaky (at \d\d:\d\d|\d\d:\d\d–\d\d:\d\d): Connection refused/,
    );

    await page.getByText(/^Numbers for the last/).click();
    const marked = page.locator('[data-testid=volume-table] tr[data-gap=flaky]');
    expect(await marked.count()).toBeGreaterThanOrEqual(1);
    expect(await marked.first().locator('th').innerText()).toMatch(/no data from flaky/);
  });

  it('names the last gap on the Sources view', async () => {
    await page.keyboard.press('Alt+6');
    const row = page.locator('[data-testid=sources-table] tr[data-source=flaky]');
    await expect
      .poll(
        () =>
          row
            .getByTestId('last-gap')
            .innerText()
            .catch(() => ''),
        { timeout: 15_000 },
      )
      .toMatch(/^Last gap: (at \d\d:\d\d|\d\d:\d\d–\d\d:\d\d), .+, Connection refused by 127\.0\.0\.1:\d+$/);
    expect(await page.locator('[data-testid=sources-table] tr[data-source=news] [data-testid=last-gap]').count()).toBe(0);
    expect(problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
