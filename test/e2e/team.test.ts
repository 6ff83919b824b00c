/**
 * Two people, two roles, one hub, two browsers: the admin (signed in with the first-start
 * token) invites a support lead from Settings → Team; the lead accepts the link in another
 * browser context, signs out and in again, and sees only what a lead may; the admin disables
 * the lead, and the lead's open page is signed out within a second.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  collectPageProblems,
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

describeWithChromium('a team on one hub', () => {
  let dataDir: string | undefined;
  let hub: Hub | undefined;
  let browser: Browser | undefined;
  let adminContext: BrowserContext;
  let leadContext: BrowserContext;
  let admin: Page;
  let lead: Page;
  let adminToken: string;
  const problems: string[][] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    dataDir = tempDataDir('surge-team-e2e-');
    // Loopback would make everyone the local admin: here everyone signs in, as beyond loopback.
    hub = await startHub({ port: await freePort(), dataDir, env: { SURGE_LOOPBACK_ADMIN: 'off' } });
    adminToken = /admin access token \(shown once, stored hashed\): (\S+)/.exec(hub.output())![1]!;
    browser = await launchBrowser();
    adminContext = await browser.newContext({ viewport: VIEWPORT });
    leadContext = await browser.newContext({ viewport: VIEWPORT });
    admin = await adminContext.newPage();
    lead = await leadContext.newPage();
    for (const page of [admin, lead]) problems.push(collectPageProblems(page));
  }, 180_000);

  afterAll(() => tearDown(browser, hub, dataDir));

  it('a browser without a session sees only the sign-in screen; a wrong password gets a plain message', async () => {
    await lead.goto(hub!.url);
    await lead.getByTestId('sign-in').waitFor();
    expect(await lead.locator('nav.app-nav').count()).toBe(0);
    await lead.getByLabel('Username').fill('nobody');
    await lead.getByLabel('Password').fill('not the password');
    await lead.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => lead.getByTestId('sign-in-error').textContent()).toBe('That username and password do not match.');
  });

  let inviteLink = '';
  it('the admin (bootstrap token) invites a support lead from Settings → Team', async () => {
    await admin.goto(`${hub!.url}/#token=${adminToken}`);
    await expect.poll(() => admin.getByTestId('signed-in-as').textContent()).toContain('Admin');
    await admin.goto(`${hub!.url}/#/settings`);
    const team = admin.getByTestId('team-settings');
    await team.waitFor();
    await admin.getByLabel('Username to invite').fill('lena');
    const picker = admin.getByRole('group', { name: 'Roles of the invited person' });
    await picker.getByLabel('Operator').uncheck();
    await picker.getByLabel('Support lead').check();
    await admin.getByRole('button', { name: 'Create invite link' }).click();
    await admin.getByTestId('invite-link').waitFor();
    inviteLink = (await admin.getByTestId('invite-link').inputValue()).trim();
    expect(inviteLink).toMatch(/\/#\/invite\/[A-Za-z0-9_-]{40,}$/);
    await expect.poll(() => admin.getByTestId('team-row-lena').getByTestId('team-status').textContent()).toBe('Invited');
  });

  it('the lead accepts the invite in another browser, and sees only what a lead may', async () => {
    await lead.goto(inviteLink);
    await expect.poll(() => lead.getByTestId('invite-info').textContent()).toContain('Support lead');
    await lead.getByLabel('Choose a password').fill('lena has a long password');
    await lead.getByLabel('The same password again').fill('lena has a long password');
    await lead.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect.poll(() => lead.getByTestId('signed-in-as').textContent()).toContain('lena');
    expect(await lead.getByTestId('signed-in-as').textContent()).toContain('Support lead');

    // Signing out and in again with the chosen password.
    await lead.getByRole('button', { name: 'Sign out' }).click();
    await lead.getByTestId('sign-in').waitFor();
    await lead.getByLabel('Username').fill('lena');
    await lead.getByLabel('Password').fill('lena has a long password');
    await lead.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => lead.getByTestId('signed-in-as').textContent()).toContain('lena');

    await lead.goto(`${hub!.url}/#/settings`);
    await lead.getByTestId('settings-admins-only').waitFor();
    expect(await lead.getByTestId('team-settings').count()).toBe(0);
    await lead.goto(`${hub!.url}/#/sources`);
    await expect.poll(() => lead.getByText('Only admins can change sources.').count()).toBeGreaterThan(0);
    await lead.goto(`${hub!.url}/#/live`);
    await lead.getByTestId('volume-chart').waitFor();
    // The admin sees the lead as active, at the same time.
    await admin.reload();
    await admin.goto(`${hub!.url}/#/settings`);
    await expect.poll(() => admin.getByTestId('team-row-lena').getByTestId('team-status').textContent()).toBe('Active');
  });

  it('disabling the lead signs their open page out within a second', async () => {
    await lead.getByTestId('signed-in-as').waitFor();
    const started = Date.now();
    await admin.getByRole('button', { name: 'Disable lena' }).click();
    await lead.getByTestId('sign-in').waitFor({ timeout: 1_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await lead.getByTestId('signed-out-notice').textContent()).toMatch(/session has ended/);
    await expect.poll(() => admin.getByTestId('team-row-lena').getByTestId('team-status').textContent()).toBe('Disabled');
    // A reload does not bring the session back, and signing in says why not.
    await lead.reload();
    await lead.getByTestId('sign-in').waitFor();
    await lead.getByLabel('Username').fill('lena');
    await lead.getByLabel('Password').fill('lena has a long password');
    await lead.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => lead.getByTestId('sign-in-error').textContent()).toContain('disabled');

    // The admin's audit view names the person, the action and where from.
    await admin.getByTestId('audit-log').getByRole('button', { name: 'Refresh' }).click();
    const audit = admin.getByTestId('audit-log');
    // The list already held users.disable before the refresh (disabling reloads it): wait for the refused sign-in.
    await expect.poll(() => audit.textContent()).toContain('auth.loginRefused');
    const text = (await audit.textContent()) ?? '';
    expect(text).toMatch(/lena.*127\.0\.0\.1.*auth\.login/s);
    expect(text).toMatch(/admin token.*users\.disable/s);
    expect(text).toContain('users.invite');
  });

  it('ran without page errors', () => {
    expect(problems.flat().filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
