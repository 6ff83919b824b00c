/**
 * What a newcomer meets on a fresh hub that asks for sign-in: the sign-in form one field under
 * the other at 800×600, the admin token link signing in, a clean console (no favicon 404), every
 * view's text at 4.5:1 or better (3:1 when large) against what it sits on in the dark and the
 * light theme with incident mode on, a huge HTML-laden source name refused in a sentence that
 * stays inside its box, shown as text, with nothing stored, a long campaign name kept inside its
 * panel, and a header that wraps whole items when the window is narrow.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { VIEWS } from '../../renderer/src/routes.js';
import {
  collectPageProblems,
  describeWithChromium,
  ensureRendererBuilt,
  freePort,
  type Hub,
  hubCall,
  launchBrowser,
  startHub,
  tearDown,
  tempDataDir,
} from './harness.js';

interface LowContrast {
  ratio: number;
  needed: number;
  where: string;
}

/**
 * Every visible text node outside charts: its colour (with the opacity of it and its
 * ancestors) over the first opaque background behind it, the translucent ones between blended
 * in. Disabled controls and hidden text are exempt, as in WCAG 1.4.3.
 */
function lowContrastText(): LowContrast[] {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba | null => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    if (!m) return null;
    const p = m[1]!
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
  };
  const luminance = (rgb: number[]) => {
    const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(rgb[0]!) + 0.7152 * f(rgb[1]!) + 0.0722 * f(rgb[2]!);
  };
  const behind = (el: Element): number[] => {
    const layers: Rgba[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let base = [255, 255, 255];
    for (const l of layers.reverse()) base = base.map((b, i) => l[i]! * l[3] + b * (1 - l[3]));
    return base;
  };
  const found: LowContrast[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent?.trim() || el.closest('svg, .visually-hidden, :disabled, [aria-disabled="true"]')) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
    let opacity = 1;
    for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    if (opacity === 0) continue;
    const fg = parse(style.color)!;
    const bg = behind(el);
    const alpha = fg[3] * opacity;
    const shown = [0, 1, 2].map((i) => fg[i]! * alpha + bg[i]! * (1 - alpha));
    const [hi, lo] = [luminance(shown), luminance(bg)].sort((a, b) => b - a) as [number, number];
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const needed = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700) ? 3 : 4.5;
    if (ratio < needed) {
      const where = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${node.textContent.trim().slice(0, 30)}"`;
      found.push({ ratio: Math.round(ratio * 100) / 100, needed, where });
    }
  }
  return found;
}

describeWithChromium('a first look at a hub that asks for sign-in', () => {
  let dataDir: string | undefined;
  let hub: Hub;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let adminToken: string;

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = tempDataDir('surge-first-look-');
    hub = await startHub({ port: await freePort(), dataDir, env: { SURGE_LOOPBACK_ADMIN: 'off' } });
    adminToken = /admin access token \(shown once, stored hashed\): (\S+)/.exec(hub.output())![1]!;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    problems = collectPageProblems(page);
  }, 180_000);

  afterAll(() => tearDown(browser, hub, dataDir));

  it('shows the sign-in form one field under the other at 800×600', async () => {
    await page.goto(hub.url);
    await page.getByTestId('sign-in').waitFor();
    const user = (await page.getByLabel('Username').boundingBox())!;
    const password = (await page.getByLabel('Password').boundingBox())!;
    const button = (await page.getByRole('button', { name: 'Sign in' }).boundingBox())!;
    expect(password.y).toBeGreaterThan(user.y + user.height);
    expect(button.y).toBeGreaterThan(password.y + password.height);
    expect(Math.abs(password.x - user.x)).toBeLessThan(1);
    for (const theme of ['light', 'dark']) {
      await page.evaluate((chosen) => localStorage.setItem('surge.prefs', JSON.stringify({ theme: chosen })), theme);
      await page.reload();
      await page.getByTestId('sign-in').waitFor();
      expect(await page.evaluate(lowContrastText)).toEqual([]);
    }
  });

  it('signs the admin in from the token link pasted into the open sign-in tab, with nothing refused on the console', async () => {
    // Only the hash changes, as when the link is pasted into the address bar of this tab.
    await page.goto(`${hub.url}/#token=${adminToken}`);
    await page.getByTestId('signed-in-as').filter({ hasText: 'Admin' }).waitFor();
    await page.getByTestId('demo-badge').waitFor();
    expect(page.url()).toBe(`${hub.url}/#/live`);
    expect(problems).toEqual([]);
  });

  it('enters incident mode, so its banner and status are read too', async () => {
    const entered = (await hubCall(hub, 'incident.enter', { reason: 'Login outage' }, 10_000, { token: adminToken })) as { ok: boolean };
    expect(entered.ok).toBe(true);
    await page.getByTestId('incident-cord').filter({ hasText: 'Incident mode on' }).waitFor();
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`keeps every view's text readable in the ${theme} theme`, async () => {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.evaluate((chosen) => localStorage.setItem('surge.prefs', JSON.stringify({ theme: chosen })), theme);
      await page.reload();
      await page.getByTestId('signed-in-as').waitFor();
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe(theme === 'light' ? 'light' : null);
      const low: string[] = [];
      for (const view of VIEWS) {
        await page.evaluate((id) => (window.location.hash = `#/${id}`), view.id);
        await page.getByRole('heading', { level: 1, name: view.title }).waitFor();
        // Each view loads its lists on entry; read them once they are in.
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(500);
        for (const hit of await page.evaluate(lowContrastText)) low.push(`${view.id}: ${hit.ratio} < ${hit.needed} ${hit.where}`);
      }
      expect(low).toEqual([]);
    });
  }

  it('"Follow the system" follows a change of the system theme while the page is open', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => (window.location.hash = '#/settings'));
    await page.getByRole('radio', { name: 'Follow the system' }).check();
    const theme = () => page.evaluate(() => document.documentElement.getAttribute('data-theme'));
    expect(await theme()).toBeNull();
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(theme).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(theme).toBeNull();
  });

  it('refuses a huge HTML-laden source name in a sentence that stays in its box, as text, storing nothing', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate(() => (window.location.hash = '#/sources'));
    await page.getByRole('button', { name: 'Add source' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type').selectOption('rss');
    await dialog.getByLabel(/^Name/).fill(`<img src=x onerror=alert(1)>${'A'.repeat(300)}`);
    await dialog.getByLabel(/^Feed address/).fill('https://feeds.example/a.xml');
    await dialog.getByRole('button', { name: 'Save source' }).click();
    const error = dialog.getByTestId('source-save-error');
    await error.waitFor();
    // Named by the label beside the box, without echoing the 328 characters back.
    expect(await error.textContent()).toBe('Name: must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');
    expect(await dialog.locator('img').count()).toBe(0);
    expect(await error.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const stored = (await hubCall(hub, 'sources.list', {}, 10_000, { token: adminToken })) as { value: { name: string }[] };
    expect(stored.value.map((s) => s.name)).toEqual(['demo']);
  });

  it('keeps a campaign with a 100-character name, HTML and all, inside its panel, its Pause button in view', async () => {
    const name = `<img src=x onerror=alert(1)>${'W'.repeat(72)}`;
    const made = (await hubCall(hub, 'campaigns.create', { name }, 10_000, { token: adminToken })) as { ok: boolean };
    expect(made.ok).toBe(true);
    await page.evaluate(() => (window.location.hash = '#/campaigns'));
    const list = page.getByTestId('campaign-list');
    const row = list.getByTestId(`campaign-${name}`);
    await row.waitFor();
    expect(await row.getByRole('rowheader').textContent()).toBe(name);
    const panel = (await list.boundingBox())!;
    const pause = (await row.getByRole('button', { name: /^Pause/ }).boundingBox())!;
    expect(pause.x + pause.width).toBeLessThanOrEqual(panel.x + panel.width);
    expect(await list.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // And as a checkbox in the incident scope dialog.
    await page.evaluate(() => (window.location.hash = '#/incident'));
    await page.getByTestId('incident-status').getByRole('button', { name: 'Change scope' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Only some').check();
    const box = (await dialog.boundingBox())!;
    const choice = (await dialog.getByRole('checkbox', { name }).locator('xpath=..').boundingBox())!;
    expect(choice.x + choice.width).toBeLessThanOrEqual(box.x + box.width);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows a refused webhook target as an error, in the words of the rule it broke, with nothing saved', async () => {
    await page.evaluate(() => (window.location.hash = '#/settings'));
    const block = page.getByTestId('notify-targets');
    await block.getByLabel('Name', { exact: true }).fill('ops<script>');
    await block.getByRole('button', { name: 'Save target' }).click();
    const note = block.getByRole('alert');
    await note.waitFor();
    expect(await note.textContent()).toContain('name: Use letters, digits, spaces, dots, dashes or underscores.');
    expect(await note.getAttribute('class')).toContain('notice-error');
    const targets = (await hubCall(hub, 'notify.targets', {}, 10_000, { token: adminToken })) as { value: unknown[] };
    expect(targets.value).toEqual([]);
  });

  it('moving through the "Show as" choices by keyboard at 800×600 scrolls the view, never the whole window', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    for (const view of VIEWS) {
      await page.evaluate((id) => (window.location.hash = `#/${id}`), view.id);
      await page.getByRole('heading', { level: 1, name: view.title }).waitFor();
      // Nothing, hidden text included, reaches below the window: the frame has nothing to scroll.
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight), view.id).toBe(600);
    }
    await page.evaluate(() => (window.location.hash = '#/campaigns'));
    await page.getByRole('radio', { name: 'List', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Week by hour', exact: true }).isChecked()).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect((await page.locator('.app-header').boundingBox())!.y).toBe(0);
  });

  it('at 800×600, disconnected and signed in, the header wraps whole items onto a second row, no word broken over lines', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await hub.stop();
    await page.getByTestId('connection-status').filter({ hasText: 'Disconnected' }).waitFor();
    const header = page.locator('.app-header');
    const items = await header.evaluate((el) =>
      [...el.children]
        .filter((child) => child.getBoundingClientRect().width > 0 && child.textContent?.trim())
        .map((child) => ({
          text: child.textContent!.trim().slice(0, 20),
          lines: child.getClientRects().length,
          height: child.getBoundingClientRect().height,
        })),
    );
    for (const item of items) expect(item.height, item.text).toBeLessThan(34);
    expect((await header.boundingBox())!.height).toBeLessThan(100);
  });

  it('says above stale figures that they are from before the hub went away, readable in both themes', async () => {
    for (const id of ['sources', 'alerts', 'incident', 'campaigns'] as const) {
      await page.evaluate((view) => (window.location.hash = `#/${view}`), id);
      const notice = page.getByTestId('offline-notice');
      await notice.waitFor();
      expect(await notice.textContent(), id).toMatch(/^Offline since \d{1,2}:\d{2}.*\. What you see here is as it was then/);
    }
    for (const theme of ['light', 'dark']) {
      await page.evaluate((light) => {
        if (light) document.documentElement.setAttribute('data-theme', 'light');
        else document.documentElement.removeAttribute('data-theme');
      }, theme === 'light');
      expect(await page.evaluate(lowContrastText), theme).toEqual([]);
    }
  });
});
