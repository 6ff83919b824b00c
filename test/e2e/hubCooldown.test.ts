/**
 * A person whose address the hub is cooling down (another tab or script on this machine flooded
 * it): the page still loads, the header says in plain words that the hub is turning connections
 * from here away, the next try waits at least the hub's Retry-After (no reconnect loop), and the
 * page connects by itself once the cooldown is over.
 */
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FLOOD_COOLDOWN_SECONDS, READ_BURST_FRAMES } from '../../main/hub/socket.js';
import { COOLING_DOWN_MESSAGE } from '../../shared/transport/refusal.js';
import {
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

/** The loopback caller, anonymous, far past its read budget until the hub closes it for flooding. */
async function flood(hub: Hub): Promise<number> {
  const socket = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/api/ws`);
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('open', resolve));
  for (let i = 0; i < READ_BURST_FRAMES + 500; i++) socket.send('{"type":"call","id":');
  return new Promise((resolve) => socket.once('close', resolve));
}

describeWithChromium('the web UI on an address the hub is cooling down', () => {
  let dataDir: string | undefined;
  let hub: Hub | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = tempDataDir();
    hub = await startHub({ port: await freePort(), dataDir });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: VIEWPORT });
  });

  afterAll(() => tearDown(browser, hub, dataDir));

  it('says why it is disconnected, waits at least Retry-After instead of looping, then connects by itself', async () => {
    expect(await flood(hub!)).toBe(1008);
    const flooded = Date.now();
    let sockets = 0;
    page.on('websocket', () => sockets++);
    await page.goto(`${hub!.url}/`);

    const status = page.getByTestId('connection-status');
    await status.filter({ hasText: COOLING_DOWN_MESSAGE }).waitFor({ timeout: 10_000 });
    expect(await status.textContent()).toBe(`Connection: Disconnected: ${COOLING_DOWN_MESSAGE}`);
    const wait = Number(/retrying in (\d+) s/.exec((await page.locator('.connection-detail').textContent()) ?? '')?.[1]);
    const owed = FLOOD_COOLDOWN_SECONDS - (Date.now() - flooded) / 1000;
    expect(wait).toBeGreaterThanOrEqual(Math.floor(owed) - 1);
    await page.waitForTimeout(2_000);
    expect(sockets).toBe(1);

    await status.filter({ hasText: 'Live' }).waitFor({ timeout: (FLOOD_COOLDOWN_SECONDS + 10) * 1000 });
    expect(Date.now() - flooded).toBeGreaterThanOrEqual((FLOOD_COOLDOWN_SECONDS - 1) * 1000);
    expect(sockets).toBe(2);
  }, 60_000);
});
