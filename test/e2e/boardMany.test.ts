/**
 * Ten thousand cards in the browser: the hub's snapshot answer is swapped on the wire for 10k
 * generated cards (this page only), and the board must keep only the cards in view in the
 * DOM (virtualized columns) while its counts and a search cover all of them. Speed itself is
 * measured by `npm run bench` (boardFilter), not here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { groupByStatus } from '../../renderer/src/store/board/selectors.js';
import { manyCards } from '../renderer/boardCards.js';
import { describeWithChromium, openHubPage, removeDir, tempDataDir, type HubPage } from './harness.js';
import { countOf } from '../../shared/plural.js';

const COUNT = 10_000;

describeWithChromium('a board with 10k cards', () => {
  let dataDir: string | undefined;
  let opened: HubPage | undefined;

  beforeAll(async () => {
    dataDir = tempDataDir('surge-board-many-');
    opened = await openHubPage({ dataDir, path: '/#/live' });
    const { page } = opened;
    await page.routeWebSocket(/\/api\/ws/, (ws) => {
      const server = ws.connectToServer();
      const snapshotCalls = new Set<unknown>();
      ws.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { method?: string; id?: unknown };
        if (frame.method === 'board.snapshot') snapshotCalls.add(frame.id);
        server.send(message);
      });
      server.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { type: string; id?: unknown; result?: { ok: boolean; value: { cards: unknown[] } } };
        if (frame.type === 'result' && snapshotCalls.has(frame.id) && frame.result?.ok) {
          frame.result.value.cards = manyCards(COUNT, Date.now());
          ws.send(JSON.stringify(frame));
        } else ws.send(message);
      });
    });
    // A new document, so its socket goes through the route.
    await page.goto(`${opened.hub.url}/#/board`);
    await page.reload();
  }, 180_000);

  afterAll(async () => {
    await opened?.close();
    removeDir(dataDir);
  });

  it('counts every card but keeps only those in view in the DOM', async () => {
    const { page } = opened!;
    await expect.poll(() => page.getByTestId('board-shown').textContent(), { timeout: 30_000 }).toBe(countOf(COUNT, 'card'));
    const counts = await page.getByTestId('column-count').allTextContents();
    expect(counts.map((text) => Number(text.replace(/\D/g, ''))).reduce((a, b) => a + b, 0)).toBe(COUNT);
    const inDom = await page.getByTestId('board-card').count();
    expect(inDom).toBeGreaterThan(6);
    expect(inDom).toBeLessThan(120);
  });

  it('search and filters cover all 10k, and scrolling a column brings its later cards in', async () => {
    const { page } = opened!;
    await page.getByLabel('Search cards').fill('refund');
    await expect.poll(() => page.getByTestId('board-shown').textContent()).toMatch(/^[\d,]+ of 10,000 cards$/);
    const shown = Number(/^([\d,]+)/.exec((await page.getByTestId('board-shown').textContent())!)![1]!.replace(/,/g, ''));
    const expected = manyCards(COUNT).filter((c) => /refund/i.test(`${c.title} ${c.posts.map((p) => p.text).join(' ')}`)).length;
    expect(shown).toBe(expected);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    const column = page.getByTestId('column-new');
    await column.locator('.column-scroll').evaluate((node) => (node.scrollTop = node.scrollHeight));
    const lastNew = groupByStatus(manyCards(COUNT)).new.at(-1)!.id;
    await column.locator(`[data-card-id="${lastNew}"]`).waitFor();
    expect(await page.getByTestId('board-card').count()).toBeLessThan(120);
    expect(opened!.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
