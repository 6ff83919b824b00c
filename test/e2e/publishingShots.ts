/**
 * Screenshots of incident mode and campaigns for a person to look at (not a test):
 * `npx tsx test/e2e/publishingShots.ts [dir]`. A real hub serves the page; the incident and
 * campaign calls are answered on the wire from sample data (this page only), so every state
 * can be looked at without waiting for a schedule to come due. Shoots at 1440 and 800 wide.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureRendererBuilt, freePort, launchBrowser, removeDir, startHub, stopAll, tempDataDir } from './harness.js';

const now = Date.now();
const H = 3_600_000;
const zone = 'Europe/Berlin';
const accounts = [
  { name: 'brand', network: 'mastodon', handle: '@brand@social.example', charLimit: 500, origin: 'file' },
  { name: 'brand-bsky', network: 'bluesky', handle: 'brand.bsky.social', charLimit: 300, origin: 'file' },
  { name: 'brand-x', network: 'x', handle: '@brand', charLimit: 280, origin: 'file' },
];
const campaigns = [
  { id: 1, name: 'Spring launch', description: '', paused: false, requiredApproverRole: null, createdAt: now, createdBy: 'sam' },
  { id: 2, name: 'Winter sale', description: '', paused: true, requiredApproverRole: 'admin', createdAt: now, createdBy: 'sam' },
];
const step = {
  automatic: false,
  decision: null,
  reason: null,
  scope: null,
  held: null,
  inFlight: null,
  posts: null,
  refused: null,
  everyMinutes: null,
};
const history = [
  {
    ...step,
    id: 40,
    at: now - 10 * 60_000,
    who: 'sam',
    kind: 'decided',
    decision: 'cancel',
    reason: 'Tone-deaf today',
    posts: 2,
    refused: 1,
  },
  {
    ...step,
    id: 38,
    at: now - 25 * 60_000,
    who: 'olga',
    kind: 'scopeChanged',
    reason: 'Only the launch',
    scope: { kind: 'some', campaigns: [1], networks: ['x'], accounts: [] },
  },
  {
    ...step,
    id: 31,
    at: now - 2 * H,
    who: 'olga',
    kind: 'entered',
    reason: 'Login outage: status page shows elevated error rates',
    scope: { kind: 'everything' },
    held: 5,
    inFlight: 1,
  },
  { ...step, id: 20, at: now - 30 * H, who: 'sue', kind: 'releaseStarted', posts: 4, everyMinutes: 10 },
  {
    ...step,
    id: 14,
    at: now - 31 * H,
    who: 'policy',
    kind: 'entered',
    automatic: true,
    reason: 'Surge alert: Mentions 6× expected',
    scope: { kind: 'everything' },
    held: 4,
    inFlight: 0,
  },
];
const base = { campaignId: 1, zone, author: 'sam', deliveries: [], version: 1, createdAt: now, updatedAt: now };
const texts = [
  'Spring is here! Our new dashboards ship today — try them at https://example.com/spring 🌱',
  'Flash sale: 30 % off every plan until midnight. Don’t miss it!',
  'Join our live stream at 5 pm: what’s new in the console, with Q&A.',
  'We are hiring: three backend engineers, remote-friendly.',
  'Thank you for 100 000 followers! 🎉',
];
const posts = [
  {
    ...base,
    id: 11,
    text: texts[0],
    at: now - 40 * 60_000,
    accounts: ['brand', 'brand-bsky'],
    status: { state: 'held', heldAt: now - 2 * H, heldFrom: 'scheduled', overdue: true },
  },
  {
    ...base,
    id: 12,
    text: texts[1],
    at: now - 10 * 60_000,
    accounts: ['brand-x'],
    campaignId: 2,
    status: { state: 'held', heldAt: now - 2 * H, heldFrom: 'scheduled', overdue: true },
  },
  {
    ...base,
    id: 13,
    text: texts[2],
    at: now + 3 * H,
    accounts: ['brand'],
    status: { state: 'held', heldAt: now - 2 * H, heldFrom: 'pending', overdue: false },
  },
  {
    ...base,
    zone: 'America/New_York',
    id: 14,
    text: texts[3],
    at: now + 26 * H,
    accounts: ['brand', 'brand-x'],
    status: { state: 'pending', submittedAt: now - H, submittedBy: 'sam' },
  },
  {
    ...base,
    id: 15,
    text: texts[4],
    at: now - 30 * H,
    accounts: ['brand', 'brand-bsky', 'brand-x'],
    status: { state: 'failed', reason: 'X refused the post: “You are not allowed to create a Tweet with duplicate content.”' },
    deliveries: [
      {
        account: 'brand',
        network: 'mastodon',
        state: 'sent',
        attempts: 1,
        lastError: null,
        nextAttemptAt: null,
        remoteId: '1',
        remoteUrl: null,
      },
      {
        account: 'brand-bsky',
        network: 'bluesky',
        state: 'sent',
        attempts: 1,
        lastError: null,
        nextAttemptAt: null,
        remoteId: '2',
        remoteUrl: null,
      },
      {
        account: 'brand-x',
        network: 'x',
        state: 'failed',
        attempts: 4,
        lastError: 'X refused the post: duplicate content.',
        nextAttemptAt: null,
        remoteId: null,
        remoteUrl: null,
      },
    ],
  },
  {
    ...base,
    id: 16,
    text: 'Draft: webinar reminder',
    at: now + 50 * H,
    accounts: ['brand'],
    status: { state: 'draft', reviewerComment: 'Too cheerful while the outage lasts', reviewedBy: 'ada' },
  },
  {
    ...base,
    id: 17,
    text: 'Customer story: how Acme cut response times in half',
    at: now + 74 * H,
    accounts: ['brand-bsky'],
    status: { state: 'scheduled', approvedBy: 'ada', approvedAt: now - H },
  },
  {
    ...base,
    id: 18,
    text: 'Weekly tips #12',
    at: now - 80 * H,
    accounts: ['brand'],
    status: { state: 'published', publishedAt: now - 80 * H },
  },
  {
    ...base,
    id: 19,
    text: 'Winter sale teaser',
    at: now + 100 * H,
    accounts: ['brand-x'],
    campaignId: 2,
    status: { state: 'paused', pausedFrom: 'scheduled' },
  },
];

function statusFor(on: boolean) {
  return {
    on,
    since: on ? now - 47 * 60_000 : null,
    by: on ? 'Olga (operator)' : null,
    reason: on ? 'Login outage: status page shows elevated error rates on console sign-in' : null,
    scope: { kind: 'everything' },
    automatic: false,
    held: 3,
    inFlightAtEnter: on ? 1 : 0,
    release: null,
  };
}

/** Answers the publishing calls from the sample data; everything else goes to the real hub. */
async function fakePublishing(
  page: Page,
  on: { value: boolean; release?: boolean },
  push: { send?: (event: string, data: unknown) => void },
): Promise<void> {
  await page.routeWebSocket(/\/api\/ws/, (ws) => {
    push.send = (event, data) => ws.send(JSON.stringify({ type: 'event', event, data }));
    const server = ws.connectToServer();
    const answers: Record<string, () => unknown> = {
      'incident.status': () => ({
        ...statusFor(on.value),
        release: on.release
          ? { perAccountEveryMinutes: 10, startedAt: now - 20 * 60_000, startedBy: 'sam', total: 3, remaining: 2, nextAt: now + 4 * 60_000 }
          : null,
      }),
      'incident.getPolicy': () => ({ autoEnterOnAlert: false, minSeverity: 'warning', reminderEveryMinutes: 30, previewHours: 4 }),
      'incident.catchUp': () => posts.filter((p) => p.status.state === 'held'),
      'audit.list': () => [],
      'incident.history': () => ({ entries: history, next: 12 }),
      'incident.preview': () => ({ from: now, to: now + 4 * H, posts: posts.filter((p) => p.at > now && p.at < now + 4 * H), later: 0 }),
      'accounts.list': () => accounts,
      'campaigns.list': () => campaigns,
      'scheduled.list': () => posts,
    };
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { type: string; id: unknown; method?: string };
      const answer = frame.method ? answers[frame.method] : undefined;
      if (frame.type === 'call' && answer) ws.send(JSON.stringify({ type: 'result', id: frame.id, result: { ok: true, value: answer() } }));
      else server.send(message);
    });
    server.onMessage((message) => ws.send(message));
  });
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? '/tmp/shots-11';
  mkdirSync(outDir, { recursive: true });
  await ensureRendererBuilt();
  const dataDir = tempDataDir();
  const hub = await startHub({ port: await freePort(), dataDir });
  const browser = await launchBrowser();
  try {
    for (const width of [1440, 800]) {
      const on: { value: boolean; release?: boolean } = { value: false };
      const push: { send?: (event: string, data: unknown) => void } = {};
      const page = await browser.newPage({ viewport: { width, height: 900 }, timezoneId: zone });
      await fakePublishing(page, on, push);
      page.on('pageerror', (error) => console.error(`pageerror: ${error.message}`));
      page.on('console', (m) => m.type() === 'error' && console.error(`console: ${m.text().slice(0, 300)}`));
      const save = async (name: string) => {
        await page.waitForTimeout(400);
        const path = join(outDir, `${name}-${width}.png`);
        await page.screenshot({ path });
        console.log(`saved ${path}`);
      };
      await page.goto(`${hub.url}/#/live`);
      await page.getByTestId('incident-cord').waitFor();
      push.send?.('incident.suggested', {
        alert: { id: 7, title: 'Mentions 6.4× expected: “down”, “login”, “500”', severity: 'critical' },
        autoEntered: false,
        message: 'A surge alert opened. 1 scheduled post is due in the next 4 hours: hold it?',
        hours: 4,
        posts: posts.filter((p) => p.at > now && p.at < now + 4 * H),
      });
      await page.getByTestId('incident-suggestion').waitFor();
      await save('incident-suggestion');
      await page.getByTestId('incident-suggestion').getByRole('button', { name: 'Enter incident mode' }).click();
      await page.getByRole('dialog').getByLabel(/Why/).fill('Login outage: status page shows elevated error rates');
      await page.getByRole('dialog').getByTestId('incident-preview').waitFor();
      await save('incident-dialog');
      await page.getByRole('dialog').getByText('Only some', { exact: true }).click();
      await save('incident-dialog-scope');
      await page.keyboard.press('Escape');
      on.value = true;
      await page.reload();
      await page.getByTestId('incident-banner').waitFor();
      await save('incident-banner-live');
      await page.evaluate(() => (window.location.hash = '#/incident'));
      await page.getByTestId('catch-up').waitFor();
      await page.getByLabel('Select post 11').check();
      await page.getByLabel('Select post 12').check();
      await save('incident-catch-up');
      await page.getByTestId('incident-history').scrollIntoViewIfNeeded();
      await save('incident-history');
      push.send?.('incident.reminder', {
        since: now - 47 * 60_000,
        by: 'Olga (operator)',
        reason: 'Login outage',
        minutesOn: 47,
        message: 'Incident mode has been on for 47 minutes (Olga: “Login outage”). Is it still needed?',
      });
      await page.getByTestId('incident-reminder').waitFor();
      await save('incident-reminder');
      await page.getByRole('button', { name: 'Keep it on' }).click();
      on.value = false;
      on.release = true;
      await page.reload();
      await page.getByTestId('release').waitFor();
      await save('incident-release');
      await page.evaluate(() => (window.location.hash = '#/settings'));
      await page.getByTestId('incident-policy').waitFor();
      await page.getByTestId('incident-policy').scrollIntoViewIfNeeded();
      await save('settings-incident-policy');
      on.value = true;
      on.release = false;
      await page.reload();
      await page.getByTestId('incident-banner').waitFor();
      await page.evaluate(() => (window.location.hash = '#/campaigns'));
      await page
        .getByTestId('post-list')
        .waitFor({ timeout: 5_000 })
        .catch(async (e: unknown) => {
          await save('campaigns-failed');
          throw e;
        });
      await save('campaigns-list');
      await page.getByText('Month', { exact: true }).click();
      await save('campaigns-month');
      await page.getByText('Week', { exact: true }).click();
      await save('campaigns-week');
      await page.getByText('Week by hour', { exact: true }).click();
      await page.getByTestId('cal-hours').waitFor();
      await save('campaigns-week-hours');
      await page.getByRole('button', { name: 'Write a post' }).click();
      const editor = page.getByRole('dialog');
      await editor.getByLabel('Text').fill(`${texts[0]} ${'More details follow. '.repeat(12)}`);
      await editor.getByText('brand-x', { exact: true }).click();
      await editor.getByText('brand-bsky', { exact: true }).click();
      await editor.getByLabel('Date and time').fill('2027-03-28T02:30');
      await save('campaigns-editor');
      await page.close();
    }
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
