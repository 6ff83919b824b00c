/**
 * Incident fan-out over the real hub (RELIABILITY case 29): 30 signed-in sockets of every role
 * watch while an operator enters incident mode from their own socket. Every one of them must
 * hear `incident.changed` (on), and a stale client, one whose link was down at that moment and
 * which still believes publishing is on, cannot make anything go out: it approves a post due in
 * a minute, the hub holds it at once, and the scheduler sends nothing when its time comes.
 * Publishing only ever happens in the hub's scheduler, behind the gate; no client can send.
 * The propagation latency is printed (wall clock on loopback), not asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import type { Hub } from '../../../main/hub/server.js';
import { startEngineHub } from '../hub/engineHub.js';
import type { HttpClient } from '../../../main/sources/types.js';
import { FakeClock } from '../../fixtures/fakes/clock.js';
import { connectClient, type TestClient } from '../hub/wsClient.js';
import { ACCOUNTS, testKeyring } from './desk.js';
import { cheapPasswords } from '../board/helpers.js';

const CLIENTS = 30;
const PASSWORD = 'correct horse battery';

describe('incident mode fans out to every client', () => {
  let dir: string;
  let engine: EngineInternals;
  let hub: Hub;
  const requests: string[] = [];
  const clock = new FakeClock(Date.UTC(2027, 4, 3, 9, 0));
  // Every publisher call would be a request: none may happen.
  const http: HttpClient = {
    request: (url) => {
      requests.push(String(url));
      return Promise.reject(new Error('tests have no network'));
    },
  };
  const clients: TestClient[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'surge-fanout-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Surge Desk</title>');
    engine = createEngine({
      dataDir: dir,
      version: 'test',
      http,
      clock,
      keyring: testKeyring,
      accounts: ACCOUNTS,
      passwordHasher: cheapPasswords,
      tickMs: 3_600_000,
      sourceWorker: false,
    });
    hub = await startEngineHub(engine, dir);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await hub.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(username: string, roles: string[]): Promise<{ client: TestClient; session: string }> {
    const admin = { role: 'admin' as const, userId: null, transport: 'ipc' as const };
    await engine.dispatch('users.create', { username, roles, password: PASSWORD }, admin);
    const anon = await connectClient(hub.url);
    const login = await anon.call('auth.login', { username, password: PASSWORD });
    anon.close();
    const session = (login.value as { token: string }).token;
    const client = await connectClient(hub.url, `?session=${encodeURIComponent(session)}`);
    clients.push(client);
    return { client, session };
  }

  it(`all ${CLIENTS} clients hear it; a stale client's approval is held and nothing is sent`, async () => {
    const roles = ['operator', 'social', 'lead', 'admin'];
    const watchers: TestClient[] = [];
    for (let i = 0; i < CLIENTS; i++) watchers.push((await signedIn(`watcher${i}`, [roles[i % roles.length]!])).client);
    const author = (await signedIn('sam', ['social'])).client;
    const stale = await signedIn('sue', ['social']);
    const operator = watchers[0]!;

    const localTime = new Date(clock.now() + 60_000).toISOString().slice(0, 16);
    const draft = await author.call('scheduled.create', {
      text: 'Spring sale!',
      accounts: ['brand-m'],
      at: { localTime, zone: 'UTC' },
      submit: true,
    });
    expect(draft.ok).toBe(true);
    const postId = (draft.value as { id: number }).id;

    // The stale client's link is down while incident mode is entered: it never hears of it.
    stale.client.close();
    const heard = new Map<TestClient, number>();
    let started = 0;
    for (const w of watchers)
      w.ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; event?: string; data?: { on?: boolean } };
        if (frame.type === 'event' && frame.event === 'incident.changed' && frame.data?.on && !heard.has(w))
          heard.set(w, performance.now() - started);
      });
    started = performance.now();
    const entered = await operator.call('incident.enter', { reason: 'Checkout is down' });
    expect(entered).toMatchObject({ ok: true, value: { on: true } });
    await Promise.all(watchers.map((w) => w.waitFor(() => heard.has(w), 10_000)));
    expect(heard.size).toBe(CLIENTS);

    // Back online with its old view, it approves the post as if nothing happened.
    const back = await connectClient(hub.url, `?session=${encodeURIComponent(stale.session)}`);
    clients.push(back);
    const approved = await back.call('scheduled.approve', { id: postId });
    expect(approved).toMatchObject({ ok: true, value: { status: { state: 'held' } } });
    clock.advance(2 * 60_000);
    expect(await engine.scheduler.tick()).toBe(0);
    clock.advance(60 * 60_000);
    expect(await engine.scheduler.tick()).toBe(0);
    expect(requests).toEqual([]);

    const ms = [...heard.values()].sort((a, b) => a - b);
    const p99 = ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)]!;
    console.log(
      `incident fan-out: ${CLIENTS} sockets heard incident mode on, p99 ${p99.toFixed(1)} ms after the call was sent (loopback, wall clock); ` +
        `stale client's approval held; sends: 0`,
    );
  }, 30_000);
});
