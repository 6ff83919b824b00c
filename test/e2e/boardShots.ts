/**
 * Screenshots of the escalation board for a person to look at (not a test):
 * `npx tsx test/e2e/boardShots.ts [dir]`. A lead and an operator on one hub, ~30 cards in
 * every column (tight SLA targets so amber and red show after a minute), the operator
 * viewing a card, then: the board, a card's detail, and a conflict after a stale move.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { removeDir, stopAll } from './harness.js';
import { call, cardOn, LEAD, OPERATOR, openBoard, signIn, startBoardHub } from './boardTeam.js';

const TITLES = [
  'Console login returns 500 for EU customers',
  'Refund stuck after double charge',
  'Mobile app logs out every few minutes',
  'API rate limits hit at 10 req/s',
  'Status page says green, customers say down',
  'Billing export missing November',
  'Press asking about outage timeline',
  'VIP: dashboard blank since deploy',
  'Password reset mail never arrives',
  'Webhook retries flood customer endpoint',
];
const STATUSES = ['new', 'new', 'triaged', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved'];

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? '/tmp/board-shots';
  mkdirSync(outDir, { recursive: true });
  const { hub, browser, dataDir } = await startBoardHub();
  try {
    const sla = await call<{ targets: Record<string, Record<string, unknown>> }>(hub, 'board.getSla', {});
    sla.targets.P1 = { ...sla.targets.P1, firstResponseMinutes: 1 };
    sla.targets.P2 = { ...sla.targets.P2, firstResponseMinutes: 4 };
    await call(hub, 'board.saveSla', { policy: { ...sla, warnBeforeMinutes: 5 } });
    const escalation = await call<{ tiers: unknown[] }>(hub, 'board.getEscalationPolicy', {});
    await call(hub, 'board.saveEscalationPolicy', {
      policy: { ...escalation, tiers: [{ delayMinutes: 1, targets: [{ kind: 'role', role: 'lead' }] }, ...escalation.tiers.slice(1)] },
    });
    const lead = await signIn(browser, hub, LEAD);
    const operator = await signIn(browser, hub, OPERATOR);
    const people = { dana: lead.userId, olli: operator.userId };
    const ids: number[] = [];
    for (let i = 0; i < 32; i++) {
      const { card } = await call<{ card: { id: number; version: number } }>(hub, 'board.create', {
        title: TITLES[i % TITLES.length],
        priority: (['P1', 'P2', 'P3', 'P4', 'P2', 'P3'] as const)[i % 6],
        tags: [['vip'], ['billing'], ['api'], [], ['press'], ['mobile']][i % 6],
        customerHandle: `@customer${i}`,
      });
      ids.push(card.id);
      const status = STATUSES[i % STATUSES.length]!;
      const assigneeId = i % 3 === 0 ? null : i % 3 === 1 ? people.dana : people.olli;
      if (status !== 'new' || assigneeId)
        await call(hub, 'board.update', {
          id: card.id,
          baseVersion: card.version,
          patch: { status, ...(assigneeId ? { assigneeId } : {}) },
        });
    }
    await openBoard(operator.page, hub);
    await operator.page.locator('[data-testid="card-open"]').first().click();
    await openBoard(lead.page, hub);
    console.log('waiting 65 s for SLA targets to pass…');
    await lead.page.waitForTimeout(65_000);
    const save = async (page: Page, name: string) => {
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(outDir, `${name}.png`) });
      console.log(`saved ${join(outDir, `${name}.png`)}`);
    };
    await save(lead.page, 'board');
    const posts = await call<{ id: number }[]>(hub, 'posts.recent', { limit: 3 });
    const { card: fromPosts } = await call<{ card: { id: number } }>(hub, 'board.create', {
      postIds: posts.map((post) => post.id),
      priority: 'P1',
      tags: ['outage'],
    });
    await call(hub, 'board.comment', { id: fromPosts.id, text: '@dana three reports in a minute, same 500 on login <b>not</b> HTML' });
    await cardOn(lead.page, fromPosts.id).getByTestId('card-open').click();
    await lead.page.getByTestId('card-history').waitFor();
    await save(lead.page, 'card-detail');
    await lead.page.keyboard.press('Escape');

    // A stale view: the lead misses someone's move, then moves the same card.
    lead.stale.on = true;
    const target = ids[1]!;
    const snapshot = await call<{ cards: { id: number; version: number }[] }>(hub, 'board.snapshot', {});
    const version = snapshot.cards.find((c) => c.id === target)!.version;
    await call(hub, 'board.update', { id: target, baseVersion: version, patch: { status: 'in_progress', priority: 'P1' } });
    await cardOn(lead.page, target).getByRole('combobox').selectOption('triaged');
    await lead.page.getByTestId('board-conflict').waitFor();
    lead.stale.on = false;
    await save(lead.page, 'conflict');
    await lead.page.goto(`${hub.url}/#/settings`);
    await lead.page.getByTestId('sla-policy').waitFor();
    await save(lead.page, 'settings-lead');
    await operator.page.goto(`${hub.url}/#/settings`);
    await operator.page.getByTestId('sla-readonly').waitFor();
    await save(operator.page, 'settings-operator');
    await operator.page.goto(`${hub.url}/#/live`);
    await operator.page.getByTestId('post-text').first().waitFor({ timeout: 30_000 });
    await save(operator.page, 'live-escalate');
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
