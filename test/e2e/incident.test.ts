/**
 * The cord, end to end: a social manager schedules two posts to a fake Mastodon, a support lead
 * cannot approve them (button disabled with the reason, and the hub refuses the call), the admin
 * approves; the social manager pulls "Incident mode", the banner shows on every view, the posts'
 * time passes and nothing reaches the fake; after leaving, both wait in catch-up; one is
 * published, the other cancelled, and the fake received exactly one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { toLocalTime } from '../../shared/publishing/scheduleTime.js';
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

const ZONE = 'Europe/Berlin';
const PASSWORD = 'a long enough password';

interface Envelope<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

describeWithChromium('incident mode holds the line', () => {
  let dataDir: string | undefined;
  let hub: Hub | undefined;
  let fake: PublishingFake | undefined;
  let browser: Browser | undefined;
  let adminToken = '';
  const sessions: Record<string, string> = {};
  const pages: Record<'sam' | 'lena' | 'admin', Page> = {} as never;
  const problems: string[][] = [];
  let dueAt = 0;
  let postIds: number[] = [];

  const asAdmin = async <T>(method: string, params: unknown): Promise<T> => {
    const answer = (await hubCall(hub!, method, params, 10_000, { token: adminToken })) as Envelope<T>;
    if (!answer.ok) throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`);
    return answer.value as T;
  };

  /** An invited user who chose a password: their session token, for calls as them. */
  async function addUser(username: string, roles: string[]): Promise<void> {
    const invite = await asAdmin<{ token: string }>('users.invite', { username, roles });
    const accepted = (await hubCall(hub!, 'auth.acceptInvite', { token: invite.token, password: PASSWORD })) as Envelope<{ token: string }>;
    if (!accepted.ok) throw new Error(`acceptInvite failed: ${JSON.stringify(accepted.error)}`);
    sessions[username] = accepted.value!.token;
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(hub!.url);
    await page.getByTestId('sign-in').waitFor();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-as').filter({ hasText: username }).waitFor();
  }

  const go = (page: Page, view: string) => page.evaluate((v) => (window.location.hash = `#/${v}`), view);

  beforeAll(async () => {
    await ensureRendererBuilt();
    fake = await startPublishingFake({ mastodonToken: 'tok-brand' });
    dataDir = tempDataDir('surge-incident-e2e-');
    const config = join(dataDir, 'surge.json');
    writeFileSync(
      config,
      JSON.stringify({
        sources: [],
        accounts: [{ type: 'mastodon', name: 'brand', baseUrl: fake.url, token: 'tok-brand', handle: '@brand@fake.example' }],
        publishing: { tickMs: 200 },
      }),
    );
    // Loopback would make everyone the local admin: here everyone signs in with their own role.
    hub = await startHub({ port: await freePort(), dataDir, env: { SURGE_LOOPBACK_ADMIN: 'off', SURGE_CONFIG: config } });
    adminToken = /admin access token \(shown once, stored hashed\): (\S+)/.exec(hub.output())![1]!;
    await addUser('sam', ['social']);
    await addUser('lena', ['lead']);
    browser = await launchBrowser();
    for (const name of ['sam', 'lena', 'admin'] as const) {
      const context = await browser.newContext({ viewport: VIEWPORT, timezoneId: ZONE });
      pages[name] = await context.newPage();
      problems.push(collectPageProblems(pages[name]));
    }
    await signIn(pages.sam, 'sam');
    await signIn(pages.lena, 'lena');
    await pages.admin.goto(`${hub.url}/#token=${adminToken}`);
    await pages.admin.getByTestId('signed-in-as').filter({ hasText: 'Admin' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await hub?.stop().catch(() => {});
    await fake?.close().catch(() => {});
    await stopAll();
    removeDir(dataDir);
  });

  it('a social manager writes two posts in the Campaigns view and sends them for approval', async () => {
    const sam = pages.sam;
    // The next whole minute (the editor takes minutes) at least 45 s away: ample time to approve
    // and pull the cord before it, even on a busy machine (those steps take a few seconds).
    dueAt = Math.ceil((Date.now() + 45_000) / 60_000) * 60_000;
    await go(sam, 'campaigns');
    for (const text of ['Spring is here: new dashboards today!', 'Flash sale: 30 % off until midnight!']) {
      await sam.getByRole('button', { name: 'Write a post' }).click();
      const editor = sam.getByRole('dialog');
      await editor.getByLabel('Text').fill(text);
      await expect.poll(() => editor.getByTestId('length-counters').textContent()).toContain(`${text.length} / 500`);
      await editor.getByRole('checkbox', { name: /brand/ }).check();
      await editor.getByLabel('Date and time').fill(toLocalTime(dueAt, ZONE));
      await editor.getByRole('button', { name: 'Send for approval' }).click();
      await editor.waitFor({ state: 'detached' });
    }
    const posts = await asAdmin<{ id: number; at: number; status: { state: string } }[]>('scheduled.list', {});
    expect(posts.map((p) => [p.at, p.status.state])).toEqual([
      [dueAt, 'pending'],
      [dueAt, 'pending'],
    ]);
    postIds = posts.map((p) => p.id);
    await expect.poll(() => sam.getByTestId('post-list').getByText('Waiting for approval').count()).toBe(2);
    // The week calendar puts both on their day in the viewer's zone, at their local time.
    await sam.getByText('Week', { exact: true }).click();
    const day = sam.getByTestId(`cal-${toLocalTime(dueAt, ZONE).slice(0, 10)}`);
    await expect.poll(() => day.getByRole('button').count()).toBe(2);
    expect(await day.getByRole('button').first().textContent()).toContain(toLocalTime(dueAt, ZONE).slice(11, 16));
    // The week by hour puts both in the row of their local hour, in that day's column.
    await sam.getByText('Week by hour', { exact: true }).click();
    const local = toLocalTime(dueAt, ZONE);
    const cell = sam.getByTestId(`cal-${local.slice(0, 10)}-${local.slice(11, 13)}`);
    await expect.poll(() => cell.getByRole('button').count()).toBe(2);
    expect(await cell.getByRole('button').first().textContent()).toContain(local.slice(11, 16));
    expect(await sam.getByTestId('cal-hours').locator('tbody tr').count()).toBe(24);
    await sam.getByRole('region', { name: 'Week by hour' }).focus();
    await sam.keyboard.press('Tab');
    expect(await sam.evaluate(() => document.activeElement?.closest('td')?.dataset.testid)).toMatch(/^cal-\d{4}-\d{2}-\d{2}-\d{2}$/);
    await sam.getByText('List', { exact: true }).click();
    // Sam cannot approve his own post, and the page says why.
    expect(await sam.getByRole('button', { name: `Approve post ${postIds[0]}` }).isDisabled()).toBe(true);
    expect(await sam.getByTestId('approve-why-not').first().textContent()).toBe('You wrote this post: someone else must approve it.');
  }, 90_000);

  it('a support lead cannot approve: the button is disabled with the reason, and the hub refuses the call', async () => {
    const lena = pages.lena;
    await go(lena, 'campaigns');
    const approve = lena.getByRole('button', { name: `Approve post ${postIds[0]}` });
    await approve.waitFor();
    expect(await approve.isDisabled()).toBe(true);
    expect(await lena.getByTestId('approve-why-not').first().textContent()).toBe('Only social managers and admins approve posts.');
    expect(await lena.getByRole('button', { name: 'Write a post' }).count()).toBe(0);
    const refused = (await hubCall(hub!, 'scheduled.approve', { id: postIds[0] }, 10_000, { session: sessions.lena })) as Envelope<unknown>;
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('forbidden');
    // Nor may a lead pull the cord: the button is there, disabled, and says why to screen readers.
    const cord = lena.getByRole('button', { name: 'Enter incident mode' });
    expect(await cord.isDisabled()).toBe(true);
    expect(await cord.getAttribute('aria-describedby')).toBe('incident-cord-why');
  });

  it('before incident mode was ever used, the Incident view says so to a support lead too', async () => {
    const lena = pages.lena;
    await go(lena, 'incident');
    await lena.getByTestId('incident-history-empty').waitFor();
    expect(await lena.getByTestId('incident-history-empty').textContent()).toMatch(/^No incident mode yet\./);
  });

  it('the admin approves both', async () => {
    const admin = pages.admin;
    await go(admin, 'campaigns');
    for (const id of postIds) {
      await admin.getByRole('button', { name: `Approve post ${id}` }).click();
      await expect.poll(() => admin.getByTestId(`post-${id}`).getByTestId('post-state').textContent()).toBe('Scheduled');
    }
    expect(Date.now()).toBeLessThan(dueAt);
  });

  it('"Incident mode" asks why, shows what is due, and holds both; the banner is on every view and in the title', async () => {
    const sam = pages.sam;
    await go(sam, 'live');
    await sam.getByRole('button', { name: 'Enter incident mode' }).click();
    const dialog = sam.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('incident-preview').locator('li').count()).toBe(2);
    // The hub answers for the scope being chosen: Bluesky alone covers neither post, Mastodon both.
    const heading = dialog.getByRole('heading', { name: /^Due in the next/ });
    await dialog.getByLabel('Only some').check();
    expect(await heading.textContent()).toContain('choose what it holds');
    await dialog.getByLabel('Bluesky', { exact: true }).check();
    await expect.poll(() => heading.textContent()).toMatch(/\(Bluesky\): 0 posts$/);
    await dialog.getByLabel('Mastodon', { exact: true }).check();
    await expect.poll(() => heading.textContent()).toMatch(/\(Bluesky, Mastodon\): 2 posts$/);
    await dialog.getByLabel('Everything').check();
    await expect.poll(() => heading.textContent()).toMatch(/: 2 posts$/);
    await dialog.getByRole('button', { name: 'Enter incident mode' }).click();
    await expect.poll(() => dialog.getByText('Say why, in a few words').count()).toBe(1);
    await dialog.getByLabel(/^Why/).fill('Login outage: the status page shows errors');
    await dialog.getByRole('button', { name: 'Enter incident mode' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(Date.now()).toBeLessThan(dueAt);

    for (const view of ['live', 'alerts', 'incident', 'campaigns', 'board', 'sources', 'settings']) {
      await go(sam, view);
      await sam.getByRole('heading', { level: 1 }).waitFor();
      const banner = sam.getByRole('region', { name: 'Incident mode is on' });
      expect(await banner.textContent()).toContain('Login outage: the status page shows errors');
      expect(await banner.textContent()).toContain('2 posts held');
      expect(await sam.title()).toMatch(/^● INCIDENT · /);
    }
    // The other windows see it at once, without reloading.
    await pages.lena.getByTestId('incident-banner').waitFor({ timeout: 2_000 });
    expect(await pages.lena.getByTestId('incident-banner').textContent()).toContain('Only operators, social managers and admins');
    await pages.admin.getByTestId('incident-banner').waitFor({ timeout: 2_000 });
  });

  it('their time passes and nothing reaches the fake Mastodon', async () => {
    const wait = dueAt + 3_000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    expect(fake!.created).toEqual([]);
    expect(fake!.server.requests.filter((r) => r.path.startsWith('/api/v1/statuses'))).toEqual([]);
    const held = await asAdmin<{ status: { state: string; overdue?: boolean } }[]>('incident.catchUp', {});
    expect(held.map((p) => [p.status.state, p.status.overdue])).toEqual([
      ['held', true],
      ['held', true],
    ]);
  }, 180_000);

  it('leaving publishes nothing: both wait in catch-up; publish one, cancel the other; the fake got exactly one', async () => {
    const sam = pages.sam;
    await go(sam, 'campaigns');
    await sam.getByTestId('incident-banner').getByRole('button', { name: 'Leave incident mode' }).click();
    const dialog = sam.getByRole('dialog');
    expect(await dialog.textContent()).toContain('Nothing is published by leaving');
    await dialog.getByRole('button', { name: 'Leave incident mode' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sam.evaluate(() => window.location.hash)).toBe('#/incident');
    expect(await sam.getByTestId('incident-banner').count()).toBe(0);
    expect(await sam.title()).not.toContain('INCIDENT');

    const [publish, cancel] = postIds as [number, number];
    await sam.getByTestId(`held-${publish}`).waitFor();
    await sam.getByTestId(`held-${cancel}`).waitFor();
    // Leaving alone sent nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fake!.created).toEqual([]);

    await sam.getByRole('button', { name: `Publish now post ${publish}` }).click();
    await sam.getByTestId(`held-${publish}`).waitFor({ state: 'detached' });
    // The other by keyboard, through the bulk bar: tick it with Space, then "Cancel posts".
    await sam.getByLabel(`Select post ${cancel}`).focus();
    await sam.keyboard.press('Space');
    await expect.poll(() => sam.getByTestId('bulk-bar').textContent()).toContain('1 of 1 selected');
    await sam.getByTestId('bulk-bar').getByRole('button', { name: 'Cancel posts' }).click();
    await sam.getByTestId(`held-${cancel}`).waitFor({ state: 'detached' });
    await expect.poll(() => sam.getByText('Nothing waits in catch-up').count()).toBe(1);

    await expect.poll(() => fake!.created.length, { timeout: 10_000 }).toBe(1);
    // Several more scheduler ticks: still one.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fake!.created.map((c) => c.text)).toEqual(['Spring is here: new dashboards today!']);
    const states = await asAdmin<{ id: number; status: { state: string } }[]>('scheduled.list', {});
    expect(Object.fromEntries(states.map((p) => [p.id, p.status.state]))).toEqual({ [publish]: 'published', [cancel]: 'cancelled' });
  }, 60_000);

  it('the audit log names who entered, left and decided', async () => {
    const entries = await asAdmin<{ action: string; actor: string }[]>('audit.list', { limit: 100 });
    const actions = entries.map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining(['sam incident.enter', 'sam incident.exit', 'sam incident.decide.publishNow', 'sam incident.decide.cancel']),
    );
    // The admin exports it as CSV from Settings → Audit log.
    const admin = pages.admin;
    await go(admin, 'settings');
    const downloading = admin.waitForEvent('download');
    await admin.getByTestId('audit-log').getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^surge-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('time (UTC),who,user id,from,action,subject,detail');
    expect(csv).toMatch(/,sam,[^,]*,[^,]*,incident\.enter,incident mode,".*Login outage: the status page shows errors/);
    await expect.poll(() => admin.getByTestId('audit-export-status').textContent()).toMatch(/^Exported \d+ entries as CSV\.$/);
  });

  it('every role reads the incident history in the Incident view: who, what, why and how many, newest first', async () => {
    const lena = pages.lena;
    await go(lena, 'incident');
    const table = lena.getByTestId('incident-history');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(1, 3).join(' | '))).toEqual([
      'sam | Decided: cancel',
      'sam | Decided: publish now',
      'sam | Left',
      'sam | Entered',
    ]);
    expect(rows[3]).toContain('“Login outage: the status page shows errors”');
    expect(rows[3]).toContain('holds everything · 2 posts held');
    expect(rows[0]).toContain('1 post');
    // Nothing of the audit log beyond incident mode (the invites, the accounts) reaches a lead.
    expect(rows.join('\n')).not.toMatch(/users\.|accounts\.|invite/);
  });

  it('ran without page errors', () => {
    expect(problems.flat().filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
