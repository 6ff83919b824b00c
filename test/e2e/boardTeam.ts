/**
 * A hub with a board team for browser tests and screenshots: a support lead and an operator
 * (created as the loopback admin), each signed in in their own browser context, plus helpers
 * to seed cards and to make one page miss board events (a stale view, for the conflict path).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import {
  collectPageProblems,
  ensureRendererBuilt,
  freePort,
  hubCall,
  launchBrowser,
  startHub,
  tempDataDir,
  VIEWPORT,
  type Hub,
} from './harness.js';

export interface Member {
  username: string;
  displayName: string;
  roles: string[];
  password: string;
}

export const LEAD: Member = { username: 'dana', displayName: 'Dana Lead', roles: ['lead'], password: 'dana has a long password' };
export const OPERATOR: Member = {
  username: 'olli',
  displayName: 'Olli Operator',
  roles: ['operator'],
  password: 'olli has a long password',
};

interface Envelope<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

export async function call<T>(hub: Pick<Hub, 'url'>, method: string, params: unknown): Promise<T> {
  const answer = (await hubCall(hub, method, params)) as Envelope<T>;
  if (!answer.ok) throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`);
  return answer.value as T;
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  problems: string[];
  token: string;
  userId: string;
  /** While true, this page gets no `board.changed` events (it keeps showing the old card). */
  stale: { on: boolean };
}

export async function signIn(browser: Browser, hub: Hub, member: Member): Promise<SignedIn> {
  const user = await call<{ id: string }>(hub, 'users.create', {
    username: member.username,
    displayName: member.displayName,
    roles: member.roles,
    password: member.password,
  });
  const login = await call<{ token: string }>(hub, 'auth.login', { username: member.username, password: member.password });
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript((token) => localStorage.setItem('surge.session', token), login.token);
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  const stale = { on: false };
  await page.routeWebSocket(/\/api\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (stale.on && String(message).includes('"event":"board.changed"')) return;
      ws.send(message);
    });
  });
  return { context, page, problems, token: login.token, userId: user.id, stale };
}

export interface BoardHub {
  hub: Hub;
  browser: Browser;
  dataDir: string;
}

export async function startBoardHub(): Promise<BoardHub> {
  await ensureRendererBuilt();
  const dataDir = tempDataDir('surge-board-e2e-');
  const hub = await startHub({ port: await freePort(), dataDir });
  const browser = await launchBrowser();
  return { hub, browser, dataDir };
}

export async function openBoard(page: Page, hub: Hub): Promise<void> {
  await page.goto(`${hub.url}/#/board`);
  await page.getByRole('region', { name: 'Escalation board' }).waitFor();
}

/** The card's element on the board (virtualized: it must be in view of its column). */
export const cardOn = (page: Page, id: number) => page.locator(`[data-testid="board-card"][data-card-id="${id}"]`);

/** One call on a socket signed in with `session` (as that person), answering the envelope. */
export function callAs(hub: Pick<Hub, 'url'>, session: string, method: string, params: unknown): Promise<Envelope<unknown>> {
  const socket = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/api/ws?session=${encodeURIComponent(session)}`);
  return new Promise((resolveCall, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error(`${method} got no answer`))), 10_000);
    const finish = (done: () => void) => {
      clearTimeout(timer);
      socket.terminate();
      done();
    };
    socket.on('error', (error) => finish(() => reject(error)));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'call', id: 1, method, params })));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id?: unknown; result?: Envelope<unknown> };
      if (frame.type === 'result' && frame.id === 1) finish(() => resolveCall(frame.result!));
    });
  });
}
