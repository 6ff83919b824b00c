/**
 * An 800×600 window, as the UI review met it: the board scrolls sideways inside its own area
 * (never the page) and its empty state wraps; the Live view's controls wrap as whole groups with
 * Wall mode in the heading row; Settings → Team keeps each button on one line; and while the hub
 * is away the forms that save to it are disabled saying why, while board moves stay open
 * because they queue.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OFFLINE_SAVE_REASON } from '../../renderer/src/components/HubSubmit.js';
import { describeWithChromium, hubCall, openHubPage, removeDir, tempDataDir, type HubPage } from './harness.js';

/** How far the page itself and the view's scroll box reach past their width. */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => {
    const main = document.querySelector('.app-main')!;
    return { page: document.scrollingElement!.scrollWidth - window.innerWidth, main: main.scrollWidth - main.clientWidth };
  });

/** Each matching element's height in lines of its own text. */
const linesOf = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const style = getComputedStyle(el);
      const inner = el.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      return { text: el.textContent?.trim() ?? '', lines: Math.round(inner / parseFloat(style.lineHeight)) };
    }),
  );

const goTo = async (page: Page, view: string, heading: string) => {
  await page.evaluate((id) => (window.location.hash = `#/${id}`), view);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
};

describeWithChromium('an 800×600 window', () => {
  let dataDir: string | undefined;
  let open: HubPage;
  let page: Page;

  beforeAll(async () => {
    dataDir = tempDataDir('surge-narrow-');
    open = await openHubPage({ dataDir });
    page = open.page;
    await page.setViewportSize({ width: 800, height: 600 });
    await page.getByTestId('signed-in-as').waitFor();
  }, 180_000);

  afterAll(async () => {
    await open?.close();
    removeDir(dataDir);
  });

  it('shows the empty board sentence whole, wrapped, with nothing to scroll sideways', async () => {
    await goTo(page, 'board', 'Escalation board');
    const empty = page.getByTestId('board-empty');
    await empty.waitFor();
    expect(await sidewaysOverflow(page)).toEqual({ page: 0, main: 0 });
    const text = empty.locator('p').last();
    expect(await text.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const box = (await text.boundingBox())!;
    const main = (await page.locator('.app-main').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(main.x + main.width);
    expect((await linesOf(page, '[data-testid="board-empty"] p:last-child'))[0]!.lines).toBeGreaterThan(1);
  });

  it('scrolls the six columns inside the board, never the page', async () => {
    for (const title of ['Refund stuck after double charge', 'Console login returns 500 for EU customers']) {
      expect(await hubCall(open.hub, 'board.create', { title, priority: 'P2' })).toMatchObject({ ok: true });
    }
    const board = page.getByTestId('board');
    await board.getByText('Refund stuck after double charge').waitFor();
    const widths = await board.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(widths.scroll).toBeGreaterThan(widths.client);
    await board.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    expect(await sidewaysOverflow(page)).toEqual({ page: 0, main: 0 });
    expect(await page.evaluate(() => document.querySelector('.app-main')!.scrollLeft)).toBe(0);
  });

  it('keeps Live controls in whole groups, Wall mode in the heading row', async () => {
    await goTo(page, 'live', 'Live volume');
    const heading = (await page.getByRole('heading', { level: 1, name: 'Live volume' }).boundingBox())!;
    const wall = (await page.getByRole('button', { name: 'Wall mode' }).boundingBox())!;
    expect(wall.y).toBeLessThan(heading.y + heading.height);
    for (const group of ['Range', 'Split']) {
      const tops = await page
        .getByRole('group', { name: group })
        .getByRole('button')
        .evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
      expect(new Set(tops).size, group).toBe(1);
    }
    for (const item of await linesOf(page, '.wall-controls button')) expect(item.lines, item.text).toBe(1);
    expect(await sidewaysOverflow(page)).toEqual({ page: 0, main: 0 });
  });

  it('keeps every Settings → Team button on one line, named for its person', async () => {
    for (const [username, roles] of [
      ['margaret.hamilton', ['lead']],
      ['ops-on-call', ['operator', 'social']],
    ] as const) {
      expect(await hubCall(open.hub, 'users.create', { username, roles, password: 'correct horse battery staple' })).toMatchObject({
        ok: true,
      });
    }
    await goTo(page, 'settings', 'Settings');
    const table = page.getByTestId('team-table');
    await table.getByRole('button', { name: 'Disable margaret.hamilton' }).waitFor();
    await table.getByRole('button', { name: 'Disable ops-on-call' }).waitFor();
    await table.getByRole('button', { name: 'Reset link for ops-on-call' }).waitFor();
    const buttons = await linesOf(page, '[data-testid="team-table"] button');
    expect(buttons.length).toBe(4);
    for (const button of buttons) expect(button.lines, button.text).toBe(1);
    expect(await table.evaluate((el) => el.scrollWidth <= el.parentElement!.clientWidth)).toBe(true);
  });

  it('while the hub is away, disables the forms and row actions that save to it and says why, but not board moves', async () => {
    await open.hub.stop();
    await page.getByTestId('connection-status').filter({ hasText: 'Disconnected' }).waitFor();
    const expectHeld = async (name: string) => {
      const button = page.getByRole('button', { name, exact: true });
      expect(await button.isDisabled(), name).toBe(true);
      const reasonId = (await button.getAttribute('aria-describedby'))!;
      expect(await page.locator(`[id="${reasonId}"]`).textContent()).toBe(OFFLINE_SAVE_REASON);
      expect(await page.locator(`[id="${reasonId}"]`).isVisible()).toBe(true);
    };
    await expectHeld('Save target');
    await expectHeld('Watch');
    await expectHeld('Create invite link');
    // A row's own action has no room for a sentence; it is held and says why as its tooltip.
    const disable = page.getByTestId('team-table').getByRole('button', { name: 'Disable margaret.hamilton' });
    expect(await disable.isDisabled()).toBe(true);
    expect(await disable.getAttribute('title')).toBe(OFFLINE_SAVE_REASON);
    await goTo(page, 'campaigns', 'Campaigns');
    await expectHeld('Create campaign');

    await goTo(page, 'board', 'Escalation board');
    const move = page.getByTestId('board').getByRole('combobox').first();
    await move.waitFor();
    expect(await move.isDisabled()).toBe(false);
    expect(await page.getByTestId('submit-offline').count()).toBe(0);
  });
});
