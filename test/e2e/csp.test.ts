/**
 * The UI under the strictest policy we want the hub and the Electron shell to send: no
 * 'unsafe-inline' anywhere, styles included. The document's CSP header is replaced with
 * the unwidened policy of shared/csp.ts (so a hub started with extra connect sources would
 * not loosen the test), every view is visited with live data, and any violation fails it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CSP } from '../../shared/csp.js';
import {
  ALLOW_ROUTED_LOOPBACK,
  describeWithChromium,
  ensureRendererBuilt,
  freePort,
  type Hub,
  launchBrowser,
  startHub,
  tearDown,
  tempDataDir,
  VIEWPORT,
} from './harness.js';

describeWithChromium('renderer under a strict CSP', () => {
  let dataDir: string | undefined;
  let hub: Hub | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const refused: string[] = [];
  const consoleLines: string[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = tempDataDir();
    hub = await startHub({ port: await freePort(), dataDir });
    browser = await launchBrowser(ALLOW_ROUTED_LOOPBACK);
    page = await browser.newPage({ viewport: VIEWPORT });
    page.on('console', (message) => {
      consoleLines.push(`${message.type()}: ${message.text()}`.slice(0, 300));
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (event) => {
        seen.push(
          `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`,
        );
      });
    });
    await page.route(
      (url) => url.pathname === '/' || url.pathname.endsWith('.html'),
      async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
      },
    );
  });

  afterAll(() => tearDown(browser, hub, dataDir));

  it('loads, connects over connect-src self, draws the chart, and shows every view, the sources form and a backtest without a violation', async () => {
    const response = await page.goto(`${hub!.url}/`);
    expect(response?.headers()['content-security-policy']).toBe(CSP);
    await page
      .getByRole('status')
      .filter({ hasText: 'Live' })
      .waitFor({ timeout: 30_000 })
      .catch(async (error: Error) => {
        const status = await page
          .getByTestId('connection-status')
          .textContent()
          .catch(() => '?');
        const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp).catch(() => []);
        throw new Error(
          `${error.message}\nstatus: ${status}\nviolations: ${JSON.stringify(violations)}\nconsole: ${JSON.stringify(consoleLines)}`,
        );
      });
    await page.getByRole('img', { name: /posts per minute/i }).waitFor({ timeout: 30_000 });
    await page.getByTestId('volume-chart').hover(); // tooltip: positioned with inline styles
    await page.locator('details.numbers summary').click();
    for (const hash of ['#/sources', '#/alerts', '#/incident', '#/campaigns', '#/board', '#/settings', '#/live']) {
      await page.evaluate((h) => (window.location.hash = h), hash);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForTimeout(300);
    }
    await page.getByTestId('post-text').first().waitFor({ timeout: 30_000 });
    // The Sources form (a modal <dialog>) and the alert settings with a backtest chart.
    await page.evaluate(() => (window.location.hash = '#/sources'));
    await page.getByRole('button', { name: 'Add source' }).click();
    await page.getByRole('dialog').getByLabel('Type').selectOption('rss');
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window.location.hash = '#/alerts'));
    await page.getByTestId('alert-settings').locator('summary').first().click();
    await page.getByRole('button', { name: 'Backtest' }).click();
    await page.getByTestId('backtest-chart').waitFor({ timeout: 30_000 });
    await page.getByTestId('backtest-chart').hover();
    await page.waitForTimeout(300);
    // The stylesheet really applied (a blocked one would leave the default white page).
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(13, 17, 23)');
    const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect(violations).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('refuses inline script, eval and a remote script: one violation event per attempt, nothing runs (RELIABILITY case 6)', async () => {
    await page.route('**/csp-eval-probe.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: "try { window.__evalRan = (0, eval)('1 + 1') === 2; } catch { window.__evalRan = false; }",
      }),
    );
    const before = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.length);
    const outcome = await page.evaluate(async () => {
      const w = window as unknown as Record<string, unknown> & { __csp: string[] };
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true';
      document.body.append(inline);
      // From the page's own script: code run through the DevTools protocol (page.evaluate) may eval regardless of the CSP.
      const probe = document.createElement('script');
      probe.src = '/csp-eval-probe.js';
      await new Promise<void>((resolve) => {
        probe.onload = () => resolve();
        probe.onerror = () => resolve();
        document.body.append(probe);
      });
      const evalRan = w.__evalRan !== false;
      const remote = document.createElement('script');
      remote.src = 'https://cdn.evil.example/x.js';
      const remoteLoaded = await new Promise<boolean>((resolve) => {
        remote.onload = () => resolve(true);
        remote.onerror = () => resolve(false);
        document.body.append(remote);
      });
      // Violation events are dispatched asynchronously.
      for (let i = 0; i < 20 && w.__csp.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
      return { inlineRan: w.__inlineRan === true, evalRan, remoteLoaded };
    });
    expect(outcome).toEqual({ inlineRan: false, evalRan: false, remoteLoaded: false });
    const violations = (await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).slice(before);
    expect(violations).toHaveLength(3);
    expect(violations.every((v) => v.startsWith('script-src'))).toBe(true);
    expect(violations.join('\n')).toMatch(/blocked eval/);
    expect(violations.join('\n')).toMatch(/blocked https:\/\/cdn\.evil\.example\/x\.js/);
    console.log(`CSP: 3 attempts (inline, eval, remote), ${violations.length} violation events, 0 ran`);
  });
});
