/**
 * Publishing accounts managed in Settings, end to end: an admin adds a Mastodon account
 * pointing at the fake publisher (Test says plainly it was not checked), a composer already open
 * in another window offers it at once, and a social manager sees the list read-only with why.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPublishingFake, type PublishingFake } from '../fixtures/fakes/publishing.js';
import {
  collectPageProblems,
  describeWithChromium,
  ensureRendererBuilt,
  freePort,
  hubCall,
  launchBrowser,
  removeDir,
  startHub,
  stopAll,
  tempDataDir,
  VIEWPORT,
  type Hub,
} from './harness.js';

const PASSWORD = 'a long enough password';
const TOKEN = 'tok-added-in-the-app';

describeWithChromium('publishing accounts in Settings', () => {
  let dataDir: string | undefined;
  let hub: Hub | undefined;
  let fake: PublishingFake | undefined;
  let browser: Browser | undefined;
  let adminToken = '';
  const pages: Record<'settings' | 'composer' | 'sam', Page> = {} as never;
  const problems: string[][] = [];

  const go = (page: Page, view: string) => page.evaluate((v) => (window.location.hash = `#/${v}`), view);

  beforeAll(async () => {
    await ensureRendererBuilt();
    fake = await startPublishingFake({ mastodonToken: TOKEN });
    dataDir = tempDataDir('surge-accounts-e2e-');
    const config = join(dataDir, 'surge.json');
    writeFileSync(
      config,
      JSON.stringify({
        sources: [],
        accounts: [{ type: 'x', name: 'brand-x', token: 'tok-x', baseUrl: fake.url }],
        publishing: { tickMs: 200 },
      }),
    );
    hub = await startHub({ port: await freePort(), dataDir, env: { SURGE_LOOPBACK_ADMIN: 'off', SURGE_CONFIG: config } });
    adminToken = /admin access token \(shown once, stored hashed\): (\S+)/.exec(hub.output())![1]!;
    const invite = (await hubCall(hub, 'users.invite', { username: 'sam', roles: ['social'] }, 10_000, { token: adminToken })) as {
      value: { token: string };
    };
    await hubCall(hub, 'auth.acceptInvite', { token: invite.value.token, password: PASSWORD });
    browser = await launchBrowser();
    for (const name of ['settings', 'composer', 'sam'] as const) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      pages[name] = await context.newPage();
      problems.push(collectPageProblems(pages[name]));
    }
    for (const name of ['settings', 'composer'] as const) {
      await pages[name].goto(`${hub.url}/#token=${adminToken}`);
      await pages[name].getByTestId('signed-in-as').filter({ hasText: 'Admin' }).waitFor();
    }
    const sam = pages.sam;
    await sam.goto(hub.url);
    await sam.getByTestId('sign-in').waitFor();
    await sam.getByLabel('Username').fill('sam');
    await sam.getByLabel('Password').fill(PASSWORD);
    await sam.getByRole('button', { name: 'Sign in' }).click();
    await sam.getByTestId('signed-in-as').filter({ hasText: 'sam' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await hub?.stop().catch(() => {});
    await fake?.close().catch(() => {});
    await stopAll();
    removeDir(dataDir);
  });

  it('an admin adds a Mastodon account; a composer already open offers it at once', async () => {
    const composer = pages.composer;
    await go(composer, 'campaigns');
    await composer.getByRole('button', { name: 'Write a post' }).waitFor();

    const admin = pages.settings;
    await go(admin, 'settings');
    const panel = admin.getByTestId('publishing-accounts');
    await panel.getByRole('row', { name: /brand-x/ }).waitFor();
    expect(await panel.getByRole('row', { name: /brand-x/ }).textContent()).toContain('from the config file');
    expect(await panel.getByRole('button', { name: 'Edit brand-x' }).count()).toBe(0);

    await panel.getByRole('button', { name: 'Add account' }).click();
    const form = admin.getByTestId('account-form');
    await form.getByLabel(/^Name/).fill('support-m');
    await form.getByLabel(/Instance address/).fill(fake!.url);
    await form.getByLabel(/Access token/).fill(TOKEN);
    await form.getByLabel('Handle', { exact: true }).fill('@support@fake.example');
    await form.getByRole('button', { name: 'Test' }).click();
    await expect
      .poll(() => form.getByTestId('account-test-result').textContent())
      .toMatch(/Not checked: no harmless check call for Mastodon/);
    await form.getByRole('button', { name: 'Save account' }).click();
    await form.waitFor({ state: 'detached' });
    const row = panel.getByRole('row', { name: /support-m/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('added here');
    expect(await admin.content()).not.toContain(TOKEN);

    await composer.getByRole('button', { name: 'Write a post' }).click();
    const editor = composer.getByRole('dialog');
    await editor.getByRole('checkbox', { name: /support-m/ }).waitFor();
    expect(await editor.getByRole('checkbox', { name: /brand-x/ }).count()).toBe(1);
  }, 90_000);

  it('a social manager sees the list read-only, with the reason', async () => {
    const sam = pages.sam;
    await go(sam, 'settings');
    const panel = sam.getByTestId('publishing-accounts');
    await panel.getByTestId('accounts-read-only').waitFor();
    expect(await panel.getByTestId('accounts-read-only').textContent()).toContain(
      'Only admins can add, change or remove publishing accounts.',
    );
    await panel.getByRole('row', { name: /support-m/ }).waitFor();
    expect(await panel.getByRole('button', { name: 'Add account' }).count()).toBe(0);
    // A 404 for an asset the static server lacks (favicon) is noise; script errors are not.
    expect(problems.flat().filter((p) => p.startsWith('pageerror'))).toEqual([]);
  }, 60_000);
});
