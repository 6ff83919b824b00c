/**
 * The engine as the hub builds it: SURGE_CONFIG accounts (parsed, credentials encrypted),
 * the scheduler's own timer on the real clock, the real Mastodon publisher against the fake,
 * events and /metrics. Seconds of real time, no fake clock: this is the wiring the browser
 * walk relies on.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../main/core/config.js';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import { startPublishingFake, type PublishingFake } from '../../fixtures/fakes/publishing.js';

const admin = { role: 'admin' as const, userId: null, transport: 'ipc' as const };
const sue = { role: 'social' as const, roles: ['social' as const], userId: 'u-sue', username: 'sue', transport: 'websocket' as const };

describe('publishing in the engine, with SURGE_CONFIG accounts', () => {
  let fake: PublishingFake | null = null;
  let engine: EngineInternals | null = null;
  let dir = '';
  afterEach(async () => {
    await engine?.stop();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads accounts from the config file and says plainly what is wrong with one', () => {
    const ok = parseConfig(
      JSON.stringify({
        accounts: [{ type: 'mastodon', name: 'brand', baseUrl: 'https://m.example', token: 't' }],
        publishing: { tickMs: 200 },
      }),
      'cfg.json',
    );
    expect(ok.accounts).toEqual([{ type: 'mastodon', name: 'brand', baseUrl: 'https://m.example', token: 't', visibility: 'public' }]);
    expect(ok.publishing).toEqual({ tickMs: 200 });
    expect(() => parseConfig(JSON.stringify({ accounts: [{ type: 'bluesky', name: 'b', identifier: 'x' }] }), 'cfg.json')).toThrow(
      /cfg\.json:\n {2}- accounts\[0\]\.appPassword/,
    );
    expect(() =>
      parseConfig(
        JSON.stringify({
          accounts: [
            { type: 'x', name: 'dup', token: 'a' },
            { type: 'x', name: 'dup', token: 'b' },
          ],
        }),
        'cfg.json',
      ),
    ).toThrow(ConfigError);
    expect(() => parseConfig(JSON.stringify({ publishing: { tickMs: 1 } }), 'cfg.json')).toThrow(/publishing\.tickMs/);
  });

  it('publishes a due post to the fake Mastodon on its own timer, once, and never while incident mode is on', async () => {
    fake = await startPublishingFake();
    dir = mkdtempSync(join(tmpdir(), 'surge-wiring-'));
    const { accounts, publishing } = parseConfig(
      JSON.stringify({ accounts: [{ type: 'mastodon', name: 'brand', baseUrl: fake.url, token: 'tok-m' }], publishing: { tickMs: 50 } }),
      'cfg.json',
    );
    engine = createEngine({ dataDir: dir, version: 'test', accounts, publishing, tickMs: 60_000, sourceWorker: false });
    const events: string[] = [];
    engine.onEvent((event) => events.push(event));
    engine.start();
    const at = (ms: number) => ({ localTime: new Date(Date.now() + ms).toISOString().slice(0, 19), zone: 'UTC' });
    const call = async (method: string, params: unknown, ctx: typeof admin | typeof sue = admin) => {
      const answer = await engine!.dispatch(method, params, ctx);
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value as { id: number; status: { state: string } };
    };
    const a = await call('scheduled.create', { text: 'Spring sale starts now', accounts: ['brand'], at: at(1500), submit: true });
    const b = await call('scheduled.create', { text: 'Second post', accounts: ['brand'], at: at(1500), submit: true });
    await call('scheduled.approve', { id: a.id }, sue);
    await call('scheduled.approve', { id: b.id }, sue);
    await call('incident.enter', { reason: 'Checkout is down' });
    await new Promise((r) => setTimeout(r, 2500));
    expect(fake.created).toHaveLength(0);
    await call('incident.exit', {});
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.created).toHaveLength(0);
    await call('incident.decide', { postIds: [a.id], action: 'publishNow' }, sue);
    await call('incident.decide', { postIds: [b.id], action: 'cancel' }, sue);
    for (let i = 0; i < 40 && fake.created.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.created.map((c) => c.text)).toEqual(['Spring sale starts now']);
    expect((await call('scheduled.get', { id: a.id })).status.state).toBe('published');
    expect(engine.metricsText()).toMatch(/^surge_posts_published_total\{network="mastodon"\} 1$/m);
    expect(events).toEqual(expect.arrayContaining(['incident.changed', 'scheduled.changed']));
    // The token is on disk only encrypted.
    for (const file of readdirSync(dir).filter((f) => f.startsWith('surge.db')))
      expect(readFileSync(join(dir, file)).includes('tok-m')).toBe(false);
  }, 15_000);

  it('publishes through an account an admin added in the app, with its token only encrypted on disk', async () => {
    fake = await startPublishingFake({ mastodonToken: 'app-added-token-91' });
    dir = mkdtempSync(join(tmpdir(), 'surge-wiring-'));
    engine = createEngine({ dataDir: dir, version: 'test', publishing: { tickMs: 50 }, tickMs: 60_000, sourceWorker: false });
    const events: string[] = [];
    engine.onEvent((event) => events.push(event));
    engine.start();
    const call = async (method: string, params: unknown, ctx: typeof admin | typeof sue = admin) => {
      const answer = await engine!.dispatch(method, params, ctx);
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value as { id: number; status: { state: string } };
    };
    await call('accounts.add', { config: { type: 'mastodon', name: 'added', baseUrl: fake.url, token: 'app-added-token-91' } });
    expect(events).toContain('accounts.changed');
    const at = { localTime: new Date(Date.now() + 1500).toISOString().slice(0, 19), zone: 'UTC' };
    const post = await call('scheduled.create', { text: 'From an account added in the app', accounts: ['added'], at, submit: true });
    await call('scheduled.approve', { id: post.id }, sue);
    for (let i = 0; i < 60 && fake.created.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fake.created.map((c) => c.text)).toEqual(['From an account added in the app']);
    await engine.stop();
    engine = null;
    for (const file of readdirSync(dir).filter((f) => f.startsWith('surge.db')))
      expect(readFileSync(join(dir, file)).includes('app-added-token-91')).toBe(false);
  }, 15_000);
});
