/**
 * Roles over the real hub: a WebSocket that has not signed in cannot enter or leave incident
 * mode, a support lead cannot approve posts or pull the cord, and /metrics shows the mode.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import type { Hub } from '../../../main/hub/server.js';
import { startEngineHub } from '../hub/engineHub.js';
import type { HttpClient } from '../../../main/sources/types.js';
import { ACCOUNTS, testKeyring } from './desk.js';

const noNetwork: HttpClient = { request: () => Promise.reject(new Error('tests have no network')) };
const cheapHasher = {
  hash: (p: string) => Promise.resolve(`plain:${p}`),
  verify: (h: string, p: string) => Promise.resolve(h === `plain:${p}`),
};

describe('incident mode and approvals over the hub', () => {
  let dir: string;
  let engine: EngineInternals;
  let hub: Hub;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'surge-hubroles-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Surge Desk</title>');
    engine = createEngine({
      dataDir: dir,
      version: 'test',
      http: noNetwork,
      keyring: testKeyring,
      accounts: ACCOUNTS,
      passwordHasher: cheapHasher,
      tickMs: 60_000,
    });
    hub = await startEngineHub(engine, dir);
  });
  afterAll(async () => {
    await hub.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(
    method: string,
    params: unknown,
    session?: string,
  ): Promise<{ ok: boolean; error?: { code: string }; value?: unknown }> {
    const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/api/ws${session ? `?session=${encodeURIComponent(session)}` : ''}`);
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.send(JSON.stringify({ type: 'call', id: 1, method, params }));
      return await new Promise((resolve) =>
        ws.on('message', (data) => {
          const frame = JSON.parse(String(data)) as { type: string; result?: { ok: boolean } };
          if (frame.type === 'result') resolve(frame.result as never);
        }),
      );
    } finally {
      ws.terminate();
    }
  }

  async function signIn(username: string, roles: string[]): Promise<string> {
    const admin = { role: 'admin' as const, userId: null, transport: 'ipc' as const };
    await engine.dispatch('users.create', { username, roles, password: 'correct horse battery' }, admin);
    const answer = await call('auth.login', { username, password: 'correct horse battery' });
    return (answer.value as { token: string }).token;
  }

  it('an unauthenticated socket cannot enter or leave incident mode', async () => {
    expect(await call('incident.enter', { reason: 'prank' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const operator = await signIn('olga', ['operator']);
    expect(await call('incident.enter', { reason: 'Checkout down' }, operator)).toMatchObject({
      ok: true,
      value: { on: true, by: 'olga' },
    });
    expect(await call('incident.exit', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(engine.store.publishGate.incident().active).toBe(true);
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^surge_incident_mode 1$/m);
    expect(metrics).toMatch(/^surge_posts_held 0$/m);
    expect(metrics).toMatch(/^surge_posts_published_total\{network="mastodon"\} 0$/m);
    expect(await call('incident.exit', { reason: 'fixed' }, operator)).toMatchObject({ ok: true, value: { on: false } });
  });

  it('a support lead can read but cannot approve posts or pull the cord', async () => {
    const social = await signIn('sam', ['social']);
    const lead = await signIn('lena', ['lead']);
    const localTime = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16);
    const created = await call(
      'scheduled.create',
      { text: 'Launch day', accounts: ['brand-m'], at: { localTime, zone: 'UTC' }, submit: true },
      social,
    );
    expect(created.ok).toBe(true);
    const id = (created.value as { id: number }).id;
    expect(await call('scheduled.approve', { id }, lead)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('incident.enter', { reason: 'x' }, lead)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('scheduled.list', {}, lead)).toMatchObject({ ok: true });
    expect(await call('incident.status', {}, lead)).toMatchObject({ ok: true, value: { on: false } });
  });
});
