/**
 * The desktop window's "Connect to a team hub", in Chromium. The Electron binary cannot run
 * here, so the page plays the window: it is served by the app's own `app://` handler (its CSP
 * included) and its `window.surgeBridge` hands every call to the real main-process side in this
 * process (the IPC binding with its sender checks, the hub link, a real local engine), which
 * talks to a real hub. What is not covered is only Electron's own IPC plumbing.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type EngineInternals } from '../../main/core/engine.js';
import { HubLink } from '../../main/electron/hubLink.js';
import { bindIpc, localTarget, routeTarget, withShellCalls } from '../../main/electron/ipc.js';
import { notifyPrefsKeeper } from '../../main/electron/notifyPrefs.js';
import { createAppProtocolHandler } from '../../main/electron/protocol.js';
import { SafeStorageKeyring } from '../../main/electron/safeStorageKeyring.js';
import { SHELL_NOTIFY_PREFS_METHOD } from '../../shared/contract/shellPrefs.js';
import { HUB_LINK_CHANNEL, IPC_CALL_CHANNEL } from '../../shared/contract/wire.js';
import { createFakeElectron, FakeWebContents, MemoryStore } from '../main/electron/fakeElectron.js';
import { hubAdmin, invite, PASSWORD, teamHub } from '../main/electron/teamHub.js';
import { collectPageProblems, describeWithChromium, ensureRendererBuilt, launchBrowser, REPO_ROOT, VIEWPORT } from './harness.js';

// https, so Chromium treats it as a trustworthy origin, as it does app://surge (COOP is honoured).
const DESKTOP = 'https://desktop.test';

describeWithChromium('the desktop window on a team hub', () => {
  const cleanup: (() => unknown)[] = [];
  let browser: Browser | undefined;
  let page: Page;
  let problems: string[];
  let hubUrl: string;
  let hub: { close(): Promise<void> };
  let hubEngine: EngineInternals;
  let link: HubLink;
  let local: EngineInternals;
  let hubClockOffset = 0;
  // Kept across "restarts" of the main process, as the app's hub-link.json is.
  const linkStore = new MemoryStore();
  // What the main process knows of "Notify me when I am paged" (the shell keeps it in its store).
  const notifyPrefs = notifyPrefsKeeper(new MemoryStore());
  const keyring = new SafeStorageKeyring(createFakeElectron().safeStorage, { platform: 'linux', warn: () => undefined });
  let main: { ipcMain: ReturnType<typeof createFakeElectron>['ipcMain']; contents: FakeWebContents; stop(): void };

  /** The main process, as the shell binds it: the IPC binding (sender checks included), the hub link, the local engine. */
  function startMain(): void {
    link = new HubLink({ keyring, store: linkStore, timeoutMs: 3000 });
    const { ipcMain } = createFakeElectron();
    const contents = new FakeWebContents();
    contents.mainFrame.url = 'app://surge/index.html';
    contents.send = (_channel: string, frame: unknown) => {
      void page?.evaluate((f) => (window as unknown as { __surgeEmit?: (f: unknown) => void }).__surgeEmit?.(f), frame).catch(() => {});
    };
    const target = withShellCalls(routeTarget(localTarget(local), link), { [SHELL_NOTIFY_PREFS_METHOD]: (p) => notifyPrefs.set(p) });
    const binding = bindIpc({ ipcMain, target, hubLink: link, trustedContents: () => [contents] });
    const current = link;
    link.onChange(() => setTimeout(() => void page.reload().catch(() => {}), 20));
    main = {
      ipcMain,
      contents,
      stop() {
        binding.dispose();
        current.close();
      },
    };
  }

  beforeAll(async () => {
    await ensureRendererBuilt();
    const team = await teamHub({ now: () => Date.now() + hubClockOffset }, cleanup);
    hubUrl = team.hub.url;
    hub = team.hub;
    hubEngine = team.engine;
    local = createEngine({
      dataDir: '/tmp/surge-desktop-e2e',
      dbFile: ':memory:',
      version: 'test',
      http: { request: () => Promise.reject(new Error('no network')) },
      tickMs: 60_000,
      sourceWorker: false,
    });
    cleanup.push(
      () => local.stop(),
      () => main.stop(),
    );

    startMain();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: VIEWPORT });
    problems = collectPageProblems(page);
    const serve = createAppProtocolHandler({ root: join(REPO_ROOT, 'out', 'renderer') });
    await page.route(`${DESKTOP}/**`, async (route) => {
      const response = await serve(new Request(route.request().url().replace(DESKTOP, 'app://surge')));
      await route.fulfill({
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        body: Buffer.from(await response.arrayBuffer()),
      });
    });
    await page.exposeFunction('__surgeCall', (method: string, params: unknown) =>
      main.ipcMain.invoke(IPC_CALL_CHANNEL, main.contents.invokeEvent(), method, params),
    );
    await page.exposeFunction('__surgeHubLink', (request: unknown) =>
      main.ipcMain.invoke(HUB_LINK_CHANNEL, main.contents.invokeEvent(), request),
    );
    // What the preload exposes, forwarding to the functions above.
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, (...args: unknown[]) => unknown>;
      const listeners = new Set<(event: string, data: unknown) => void>();
      w.__surgeEmit = (frame) => {
        const { event, data } = frame as { event: string; data: unknown };
        listeners.forEach((listener) => listener(event, data));
      };
      (window as unknown as { surgeBridge: unknown }).surgeBridge = Object.freeze({
        call: (method: string, params: unknown) => w.__surgeCall!(method, params),
        onEvent: (listener: (event: string, data: unknown) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        hubLink: (request: unknown) => w.__surgeHubLink!(request),
      });
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    for (const undo of cleanup.splice(0).reverse()) await undo();
  });

  const openSettings = async () => {
    await page.goto(`${DESKTOP}/index.html#/settings`);
    await page.getByTestId('hub-connect').waitFor();
  };

  it('the solo desktop is the local admin, with no sign-in; Settings offers to connect and has no team to manage', async () => {
    await openSettings();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('Local admin');
    expect(await page.getByRole('heading', { name: 'Connect to a team hub' }).count()).toBe(1);
    expect(await page.getByTestId('team-settings').count()).toBe(0);
  });

  it('"Notify me when I am paged" reaches the main process, which raises the page notifications', async () => {
    await openSettings();
    const box = page.getByLabel('Notify me when I am paged');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => notifyPrefs.current()).toEqual({ pages: false, muted: [] });
    // Said again at every start of the window (the main process may have been restarted meanwhile).
    notifyPrefs.set({ pages: true });
    await page.reload();
    await expect.poll(() => notifyPrefs.current()).toEqual({ pages: false, muted: [] });
    await page.getByLabel('Notify me when I am paged').check();
    await expect.poll(() => notifyPrefs.current()).toEqual({ pages: true, muted: [] });
  });

  it('a bad address, an unreachable hub and a wrong password each get one plain sentence', async () => {
    await openSettings();
    await page.getByLabel('I have an account on this hub').check();
    await page.getByLabel('Username').fill('nobody');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    const attempt = async (address: string) => {
      await page.getByLabel('Hub address').fill(address);
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.getByTestId('hub-error').waitFor();
      return page.getByTestId('hub-error').textContent();
    };
    expect(await attempt('ftp://hub.example.com')).toMatch(/must start with https:\/\//);
    expect(await attempt('http://127.0.0.1:9')).toMatch(/connection refused/);
    expect(await attempt(hubUrl)).toBe('That username and password do not match.');
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Local admin');
  });

  it('joins with an invite link: the window reloads on the hub as that person, with that role only, and holds no token', async () => {
    const token = await invite(hubEngine, 'olga', ['operator']);
    await openSettings();
    await page.getByLabel('I have an invite link').check();
    await page.getByLabel('Hub address').fill('');
    await page.getByLabel('Invite link (or its code)').fill(`${hubUrl}/#/invite/${token}`);
    await page.getByLabel('Choose a password (at least 8 characters)').fill(PASSWORD);
    await page.getByLabel('The same password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), { timeout: 10_000 }).toContain('olga');
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Operator');
    await page.goto(`${DESKTOP}/index.html#/settings`);
    await page.getByTestId('hub-connected').waitFor();
    expect(await page.getByTestId('hub-connected').textContent()).toContain(`${hubUrl} as olga`);
    expect(await page.getByTestId('settings-admins-only').count()).toBe(1);
    // The session token lives in the main process only; the window keeps at most its board copy (and this computer's preferences).
    const session = keyring.decrypt((linkStore.get('hubLink') as { token: string }).token);
    const stored = await page.evaluate(() => ({
      keys: Object.keys(localStorage),
      text: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    }));
    expect(stored.keys.filter((key) => !key.startsWith('surge.boardCache') && key !== 'surge.prefs')).toEqual([]);
    expect(stored.text).not.toContain(session);
  });

  it('after a restart with an expired session the window shows the hub’s sign-in, says why, and signs in again', async () => {
    main.stop();
    hubClockOffset += 8 * 24 * 60 * 60_000; // sessions last 7 days
    startMain();
    await link.restore();
    await expect.poll(() => (link.state() as { notice?: string | null }).notice).toMatch(/has ended; sign in again/);
    await page.reload();
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('hub-link-bar').textContent()).toContain(`Your session on ${hubUrl} has ended; sign in again.`);
    await page.getByLabel('Username').fill('olga');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), { timeout: 10_000 }).toContain('olga');
    // The ended session's board copy went with it.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('surge.boardCache')))).toEqual([]);
    await page.goto(`${DESKTOP}/index.html#/settings`);
    await page.getByTestId('hub-connected').waitFor();
  });

  it('a restart with the hub down shows the board kept for this person, with when it was taken, where comments and escalations queue', async () => {
    const made = await hubEngine.dispatch('board.create', { title: 'Checkout fails for EU cards' }, hubAdmin);
    expect(made).toMatchObject({ ok: true });
    await page.goto(`${DESKTOP}/index.html#/board`);
    await page.getByText('Checkout fails for EU cards').waitFor({ timeout: 10_000 });
    const kept = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('surge.boardCache|')));
    // Written a moment after the board last changed.
    await expect.poll(kept, { timeout: 15_000 }).toHaveLength(1);

    main.stop();
    await hub.close();
    startMain();
    await link.restore();
    await page.reload();
    const banner = page.getByTestId('board-offline');
    await banner.waitFor({ timeout: 10_000 });
    // (The hub's clock runs 8 days ahead since the expiry test, so the time comes with its day.)
    expect(await banner.textContent()).toMatch(
      /^Offline since \d\d:\d\d — showing the last known board as of .*\d\d:\d\d, kept on this computer\. Moves, changes, comments and new escalations you make now are queued/,
    );
    expect(await page.getByText('Checkout fails for EU cards').count()).toBe(1);
  });

  it('disconnect returns the window to the local admin, and the hub’s board copy is removed', async () => {
    await page.goto(`${DESKTOP}/index.html#/settings`);
    await page.getByRole('button', { name: 'Disconnect from this hub' }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), { timeout: 10_000 }).toContain('Local admin');
    expect(link.state()).toEqual({ mode: 'local' });
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('surge.boardCache')))).toEqual([]);
    // The hub is down since the test above: its refused connections are expected noise, errors thrown by the page are not.
    expect(problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
