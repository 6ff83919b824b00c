/**
 * The board's closing gaps, in Chromium: a comment box that offers people as an @word is
 * typed (keyboard and mouse); a page reloaded while the hub is down that still shows the last
 * board it saw until the hub is back and its catch-up replaces it; a comment and an escalation
 * made while the hub is down, kept through a reload, or made on that kept board after the
 * reload, that land once each when it is back (as a second person sees them); a move, a
 * priority change and an acknowledgement made on that kept board, landing once, or shown as a conflict when someone
 * else changed the same field meanwhile.
 *
 * A hub serves its own page, so with the hub stopped a reload would find nothing to load: the
 * page's files are replayed as this browser last got them (as an HTTP cache or the desktop's
 * app:// would give them), while the hub's socket stays really unreachable.
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ALLOW_ROUTED_LOOPBACK,
  collectPageProblems,
  describeWithChromium,
  ensureRendererBuilt,
  freePort,
  launchBrowser,
  removeDir,
  startHub,
  stopAll,
  tempDataDir,
  VIEWPORT,
  type Hub,
} from './harness.js';
import { call, cardOn, LEAD, OPERATOR, openBoard, signIn, type BoardHub, type SignedIn } from './boardTeam.js';

interface Card {
  id: number;
  version: number;
  acknowledgedBy: { displayName: string } | null;
  status: string;
  title: string;
  comments: Array<{ text: string }>;
}

/** Serves the page's files from the hub, and as last served while the hub is down. */
async function keepPageFiles(page: Page, origin: string): Promise<void> {
  const kept = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
  await page.route(
    (url) => url.origin === origin && !url.pathname.startsWith('/api/'),
    async (route: Route) => {
      const url = route.request().url().replace(/#.*$/, '');
      try {
        const response = await route.fetch();
        const body = await response.body();
        kept.set(url, { status: response.status(), headers: response.headers(), body });
        await route.fulfill({ response, body });
      } catch {
        const copy = kept.get(url);
        if (copy) await route.fulfill(copy);
        else await route.abort('connectionrefused');
      }
    },
  );
}

/** A second person (the operator), signed in and watching the board: what they see is what landed. */
async function watcher(env: BoardHub) {
  const login = await call<{ token: string }>(env.hub, 'auth.login', { username: OPERATOR.username, password: OPERATOR.password });
  const context = await env.browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript((token) => localStorage.setItem('surge.session', token), login.token);
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await openBoard(page, env.hub);
  return { page, problems, context };
}

/** What `hub` holds of a card titled `title` (how many) and of a comment `text` on card `id` (how many). */
async function landed(env: BoardHub, title: string, id: number, text: string): Promise<{ cards: Card[]; comments: number }> {
  const cards = (await call<{ cards: Card[] }>(env.hub, 'board.snapshot', {})).cards;
  const card = cards.find((c) => c.id === id)!;
  return { cards: cards.filter((c) => c.title === title), comments: card.comments.filter((c) => c.text === text).length };
}

/**
 * Once the page has kept its board copy (written a moment after the board last changed), stops
 * the hub and reloads: the page shows the kept board, saying as of when. Answers its banner.
 */
async function reloadWithHubStopped(page: Page, hub: Hub) {
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).some((key) => key.startsWith('surge.boardCache|'))), { timeout: 15_000 })
    .toBe(true);
  await hub.stop();
  await page.reload();
  const banner = page.getByTestId('board-offline');
  await banner.waitFor({ timeout: 10_000 });
  expect(await banner.getByTestId('board-as-of').textContent()).toMatch(/^last known board as of \d\d:\d\d$/);
  return banner;
}

describeWithChromium('the board offline after a reload, and @mentions in comments', () => {
  let env: BoardHub | undefined;
  let lead: SignedIn;
  const ids = { login: 0, refund: 0 };
  const stored = async (id: number): Promise<Card> =>
    (await call<{ cards: Card[] }>(env!.hub, 'board.snapshot', {})).cards.find((card) => card.id === id)!;

  beforeAll(async () => {
    await ensureRendererBuilt();
    const dataDir = tempDataDir('surge-board-offline-');
    // A page whose files are replayed counts as public to Chromium, which then blocks its socket to a loopback hub.
    env = { dataDir, hub: await startHub({ port: await freePort(), dataDir }), browser: await launchBrowser(ALLOW_ROUTED_LOOPBACK) };
    lead = await signIn(env.browser, env.hub, LEAD);
    await call(env.hub, 'users.create', { ...OPERATOR });
    const create = async (title: string, priority: string) =>
      (await call<{ card: Card }>(env!.hub, 'board.create', { title, priority, tags: ['e2e'] })).card;
    ids.login = (await create('Console login returns 500', 'P1')).id;
    ids.refund = (await create('Refund stuck after double charge', 'P2')).id;
    await keepPageFiles(lead.page, env.hub.url);
    await openBoard(lead.page, env.hub);
  }, 180_000);

  afterAll(async () => {
    await env?.browser.close().catch(() => {});
    await env?.hub.stop().catch(() => {});
    await stopAll();
    removeDir(env?.dataDir);
  });

  it('typing @ and letters in a comment offers the person; arrows, Enter insert them; Escape closes only the list', async () => {
    const { page } = lead;
    await cardOn(page, ids.login).getByTestId('card-open').click();
    const box = page.getByRole('dialog').getByRole('combobox', { name: 'Add a comment' });
    await box.click();
    await box.pressSequentially('Looping in @ol');
    const options = page.getByTestId('mention-option');
    await expect.poll(() => options.allTextContents()).toEqual([expect.stringContaining('@olli')]);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const activeId = await box.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${activeId}"]`).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await box.inputValue()).toBe('Looping in @olli ');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');

    // No one matches: no list at all.
    await box.pressSequentially('and @zzz');
    expect(await options.count()).toBe(0);
    expect(await box.getAttribute('aria-expanded')).toBe('false');

    // Escape closes the list, not the card.
    await box.pressSequentially(' @');
    await expect.poll(() => options.count()).toBe(2);
    const first = await box.getAttribute('aria-activedescendant');
    await page.keyboard.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await box.getAttribute('aria-activedescendant')).toBe(first);
    await page.keyboard.press('Escape');
    expect(await options.count()).toBe(0);
    expect(await page.getByTestId('card-detail').count()).toBe(1);

    // The mouse picks too, and focus stays in the box.
    await page.keyboard.press('Backspace');
    await box.pressSequentially('@da');
    await page
      .getByRole('listbox', { name: 'People to mention' })
      .getByRole('option', { name: /Dana Lead/ })
      .click();
    expect(await box.inputValue()).toBe('Looping in @olli and @zzz @dana ');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');

    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect.poll(() => page.locator('.comment-text').last().textContent()).toBe('Looping in @olli and @zzz @dana');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  });

  it('a reload while the hub is stopped shows the last board with when it was taken, moves offered; the hub’s catch-up replaces it', async () => {
    const { page } = lead;
    const hub = env!.hub;
    const banner = await reloadWithHubStopped(page, hub);
    expect(await banner.textContent()).toMatch(
      /kept on this computer\. Moves, changes, comments and new escalations you make now are queued/,
    );
    await cardOn(page, ids.login).waitFor();
    expect(await cardOn(page, ids.refund).count()).toBe(1);
    // Moves are offered (queued; a stale kept version is the hub's to answer with a conflict).
    expect(await cardOn(page, ids.login).getByRole('combobox').isDisabled()).toBe(false);

    env!.hub = await startHub({ port: hub.port, dataDir: hub.dataDir });
    const refund = await stored(ids.refund);
    await call(env!.hub, 'board.update', { id: refund.id, baseVersion: refund.version, patch: { status: 'triaged' } });
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByTestId('column-triaged').locator(`[data-card-id="${ids.refund}"]`).waitFor({ timeout: 5_000 });
    expect(await cardOn(page, ids.login).getByRole('combobox').isDisabled()).toBe(false);
  });

  it('a comment and an escalation made while the hub is down wait, survive a reload, and land once each for a second person', async () => {
    const { page } = lead;
    // The second person: signed in and watching the board before the hub goes down.
    const { page: other, problems: otherProblems, context } = await watcher(env!);
    await cardOn(other, ids.login).waitFor();

    const hub = env!.hub;
    await hub.stop();
    await page.getByTestId('board-offline').waitFor({ timeout: 10_000 });

    // A comment, by keyboard: typed, Tab to the button (not disabled offline), Enter.
    await cardOn(page, ids.login).getByTestId('card-open').click();
    const dialog = page.getByRole('dialog');
    const box = dialog.getByRole('combobox', { name: 'Add a comment' });
    expect(await dialog.locator('.field-hint').first().textContent()).toMatch(/^Offline: your comment waits here/);
    await box.fill('Customer confirms logins work again since 10:05');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Comment');
    await page.keyboard.press('Enter');
    const pending = dialog.getByTestId('comment-pending');
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Queued — sends when the hub is back');
    expect(await pending.textContent()).toContain('Customer confirms logins work again since 10:05');
    expect(await box.inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // A new escalation: the submit is not held offline; it waits atop New.
    await page.getByRole('button', { name: 'New escalation' }).click();
    const create = page.getByRole('dialog');
    await create.getByTestId('create-offline').waitFor();
    await create.getByLabel('Title').fill('Payments failing for EU cards');
    const submit = create.getByRole('button', { name: 'Create escalation' });
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();
    const queued = page.getByTestId('column-new').getByTestId('queued-card');
    await queued.waitFor();
    expect(await queued.textContent()).toMatch(/Payments failing for EU cards.*Queued — sends when the hub is back/);

    // A reload while the hub is still down: both are still there, from this browser's storage.
    await page.reload();
    await page.getByTestId('board-offline').waitFor({ timeout: 10_000 });
    await queued.waitFor();
    await cardOn(page, ids.login).getByTestId('card-open').click();
    expect(await page.getByRole('dialog').getByTestId('comment-pending').textContent()).toContain('Queued');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    env!.hub = await startHub({ port: hub.port, dataDir: hub.dataDir });
    await queued.waitFor({ state: 'detached', timeout: 25_000 });
    await page.getByTestId('board-offline').waitFor({ state: 'detached', timeout: 10_000 });

    // On the hub: exactly one of each.
    const { cards: made, comments } = await landed(
      env!,
      'Payments failing for EU cards',
      ids.login,
      'Customer confirms logins work again since 10:05',
    );
    expect(made).toHaveLength(1);
    expect(comments).toBe(1);

    // The second person sees the card once, in New, and the comment once.
    const otherNew = other.getByTestId('column-new').locator(`[data-card-id="${made[0]!.id}"]`);
    await otherNew.waitFor({ timeout: 25_000 });
    expect(await other.getByTestId('board-card').filter({ hasText: 'Payments failing for EU cards' }).count()).toBe(1);
    await cardOn(other, ids.login).getByTestId('card-open').click();
    const thread = other.getByRole('dialog').locator('.comment-text');
    await expect.poll(() => thread.allTextContents()).toContain('Customer confirms logins work again since 10:05');
    expect((await thread.allTextContents()).filter((t) => t === 'Customer confirms logins work again since 10:05')).toHaveLength(1);
    expect(otherProblems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });

  it('after a reload with the hub stopped, a comment and an escalation queued on the kept board land once each when it is back', async () => {
    const { page } = lead;
    const comment = 'Status page updated, asking customers to retry';
    const title = 'Webhooks delayed for APAC';
    const { page: other, problems: otherProblems, context } = await watcher(env!);
    await cardOn(other, ids.refund).waitFor();

    const hub = env!.hub;
    const banner = await reloadWithHubStopped(page, hub);

    // A comment on a kept card, by keyboard.
    await cardOn(page, ids.refund).getByTestId('card-open').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Add a comment' }).fill(comment);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const pending = dialog.getByTestId('comment-pending');
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Queued — sends when the hub is back');
    // Under the person's name as the hub last gave it, kept with the copy (not "You").
    expect(await pending.locator('.comment-meta strong').textContent()).toBe(LEAD.displayName);
    // Acknowledging is offered too, as the kept roles allow (queued: see the move test below).
    expect(await dialog.getByRole('button', { name: 'Acknowledge' }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await cardOn(page, ids.refund).locator('.tag-pending').textContent()).toBe('queued');

    // A new escalation: offered, as the roles kept with the copy allow, and queued atop New.
    await page.getByRole('button', { name: 'New escalation' }).click();
    const create = page.getByRole('dialog');
    await create.getByTestId('create-offline').waitFor();
    await create.getByLabel('Title').fill(title);
    await create.getByRole('button', { name: 'Create escalation' }).click();
    const queued = page.getByTestId('column-new').getByTestId('queued-card');
    await queued.waitFor();
    expect(await queued.textContent()).toContain(title);
    expect(await banner.textContent()).toMatch(/2 changes of yours will be sent then/);

    env!.hub = await startHub({ port: hub.port, dataDir: hub.dataDir });
    await queued.waitFor({ state: 'detached', timeout: 25_000 });
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    const stored = await landed(env!, title, ids.refund, comment);
    expect(stored.cards).toHaveLength(1);
    expect(stored.comments).toBe(1);

    // The second person sees each once.
    await other.getByTestId('column-new').locator(`[data-card-id="${stored.cards[0]!.id}"]`).waitFor({ timeout: 25_000 });
    expect(await other.getByTestId('board-card').filter({ hasText: title }).count()).toBe(1);
    await cardOn(other, ids.refund).getByTestId('card-open').click();
    const thread = other.getByRole('dialog').locator('.comment-text');
    await expect.poll(() => thread.allTextContents()).toContain(comment);
    expect((await thread.allTextContents()).filter((t) => t === comment)).toHaveLength(1);
    expect(otherProblems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });

  it('after a reload with the hub stopped, a move, a priority change and an acknowledgement made on the kept board land once each for a second person', async () => {
    const { page } = lead;
    const { page: other, problems: otherProblems, context } = await watcher(env!);
    await cardOn(other, ids.login).waitFor();
    const before = await stored(ids.login);
    expect(before).toMatchObject({ status: 'new' });

    const hub = env!.hub;
    const banner = await reloadWithHubStopped(page, hub);
    // The move by the card's menu, the priority in its detail (by keyboard).
    await cardOn(page, ids.login).getByRole('combobox').selectOption('in_progress');
    const moved = page.getByTestId('column-in_progress').locator(`[data-card-id="${ids.login}"]`);
    await moved.waitFor();
    await moved.getByTestId('card-open').click();
    const dialog = page.getByRole('dialog');
    const priority = dialog.getByLabel('Priority');
    await priority.focus();
    await priority.selectOption('P2');
    expect(await priority.inputValue()).toBe('P2');
    // And acknowledged, queued with the rest.
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    expect(await dialog.getByTestId('ack-queued').textContent()).toBe('Your acknowledgement: Queued — sends when the hub is back');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await moved.locator('.tag-pending').textContent()).toBe('queued');
    expect(await banner.textContent()).toMatch(/3 changes of yours will be sent then/);

    // Reloaded once more while the hub is still down: both changes are still shown.
    await page.reload();
    await page.getByTestId('board-offline').waitFor({ timeout: 10_000 });
    await moved.waitFor();

    env!.hub = await startHub({ port: hub.port, dataDir: hub.dataDir });
    await page.getByTestId('board-offline').waitFor({ state: 'detached', timeout: 25_000 });
    await expect.poll(async () => (await stored(ids.login)).version, { timeout: 10_000 }).toBe(before.version + 3);
    expect(await stored(ids.login)).toMatchObject({
      status: 'in_progress',
      priority: 'P2',
      acknowledgedBy: { displayName: LEAD.displayName },
    });
    await expect.poll(() => moved.locator('.tag-pending').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.getByTestId('board-conflict').count()).toBe(0);

    // The second person sees the card once, moved, with its new priority.
    const seen = other.getByTestId('column-in_progress').locator(`[data-card-id="${ids.login}"]`);
    await seen.waitFor({ timeout: 25_000 });
    expect(await seen.locator('.priority').textContent()).toBe('P2');
    expect(await cardOn(other, ids.login).count()).toBe(1);
    await seen.getByTestId('card-open').click();
    await expect
      .poll(() => other.getByRole('dialog').getByTestId('card-detail').textContent())
      .toMatch(new RegExp(`Acknowledged.*by ${LEAD.displayName}`));
    expect(otherProblems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });

  it('an escalation the hub refuses when it comes back (the role was taken meanwhile) stays, in words, with its text; sent again it lands once', async () => {
    const { page } = lead;
    // Holds this page's socket closed while the test changes things on the hub.
    const hold = { on: false };
    await page.routeWebSocket(/\/api\/ws/, (ws) => {
      if (hold.on) void ws.close({ code: 1013, reason: 'held by the test' });
      else ws.connectToServer();
    });
    const hub = env!.hub;
    await hub.stop();
    await page.getByTestId('board-offline').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'New escalation' }).click();
    await page.getByRole('dialog').getByLabel('Title').fill('Chargebacks spike in FR');
    await page.keyboard.press('Enter');
    const queued = page.getByTestId('column-new').getByTestId('queued-card');
    await queued.waitFor();

    hold.on = true;
    env!.hub = await startHub({ port: hub.port, dataDir: hub.dataDir });
    await call(env!.hub, 'users.update', { id: lead.userId, roles: ['social'] });
    hold.on = false;

    const unsent = page.getByTestId('board-unsent');
    await unsent.waitFor({ timeout: 30_000 });
    expect(await unsent.getByRole('heading').textContent()).toBe('Your escalation “Chargebacks spike in FR” was not filed');
    expect(await unsent.getByTestId('unsent-message').textContent()).toBe(
      'The hub refused it when it came back: Your role no longer lets you file escalations; it was changed while this window was offline. Your text is kept here until you copy or discard it.',
    );
    expect(await unsent.getByRole('textbox').inputValue()).toContain('Chargebacks spike in FR');
    expect(await queued.count()).toBe(0);
    await unsent.getByRole('button', { name: 'Copy text' }).click();
    // The clipboard, or where it is not allowed the text selected for Ctrl+C.
    await expect.poll(() => unsent.getByRole('status').textContent()).toMatch(/^(Copied\.|Selected: press Ctrl\+C)/);

    await call(env!.hub, 'users.update', { id: lead.userId, roles: ['lead'] });
    await unsent.getByRole('button', { name: 'Send again' }).click();
    await unsent.waitFor({ state: 'detached', timeout: 10_000 });
    // Focus moves in the frame after the notice goes.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('view-title');
    await expect
      .poll(async () =>
        (await call<{ cards: Card[] }>(env!.hub, 'board.snapshot', {})).cards.filter((c) => c.title === 'Chargebacks spike in FR'),
      )
      .toHaveLength(1);
    // The hub's event can show the card a moment before the answer takes the queued one away.
    await page
      .getByTestId('column-new')
      .getByTestId('queued-card')
      .filter({ hasText: 'Chargebacks spike in FR' })
      .waitFor({ state: 'detached' });
    await page.getByTestId('column-new').getByTestId('card-open').filter({ hasText: 'Chargebacks spike in FR' }).waitFor();
  });

  it('a priority change on the kept board that someone else beat while the hub was away shows as a conflict in words', async () => {
    const { page } = lead;
    // Holds this page's socket closed while someone else changes the card on the restarted hub.
    const hold = { on: false };
    await page.routeWebSocket(/\/api\/ws/, (ws) => {
      if (hold.on) void ws.close({ code: 1013, reason: 'held by the test' });
      else ws.connectToServer();
    });
    const hub = env!.hub;
    const banner = await reloadWithHubStopped(page, hub);
    await cardOn(page, ids.refund).getByTestId('card-open').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Priority').selectOption('P1');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await banner.textContent()).toMatch(/1 change of yours will be sent then/);

    hold.on = true;
    env!.hub = await startHub({ port: hub.port, dataDir: hub.dataDir });
    const refund = await stored(ids.refund);
    await call(env!.hub, 'board.update', { id: refund.id, baseVersion: refund.version, patch: { priority: 'P4' } });
    hold.on = false;

    const conflict = page.getByTestId('board-conflict');
    await conflict.waitFor({ timeout: 30_000 });
    expect(await conflict.getByRole('heading').textContent()).toBe(
      `Your change to #${ids.refund} “Refund stuck after double charge” was not saved`,
    );
    expect(await conflict.getByTestId('conflict-message').textContent()).toMatch(
      /^.+ changed the priority after you opened this card, so nothing was saved\./,
    );
    expect(await conflict.textContent()).toMatch(/Your change: priority → P1\./);
    // The hub kept the other person's priority; the card shows it, with nothing pending.
    expect(await stored(ids.refund)).toMatchObject({ priority: 'P4' });
    await expect.poll(() => cardOn(page, ids.refund).locator('.priority').textContent()).toBe('P4');
    expect(await cardOn(page, ids.refund).locator('.tag-pending').count()).toBe(0);
    await conflict.getByRole('button', { name: 'Discard my change' }).click();
    await conflict.waitFor({ state: 'detached' });
  });

  it('ran without page errors', () => {
    // Refused connections while the hub is down are expected console noise; errors thrown by the page are not.
    expect(lead.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
