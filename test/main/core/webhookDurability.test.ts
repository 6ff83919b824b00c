import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import type { Logger } from '../../../main/lib/log.js';
import { startHub, type Hub } from '../../../main/hub/server.js';
import { parseSourcesConfig, type SourceConfig } from '../../../main/sources/config.js';

const SECRET = 'correct-horse-battery-staple-42';
const auth = { 'x-surge-secret': SECRET };
const batch = (...ids: string[]) => JSON.stringify({ posts: ids.map((id) => ({ id, text: `checkout is down ${id}` })) });

function webhookSource(enabled: boolean): SourceConfig[] {
  const parsed = parseSourcesConfig([{ type: 'webhook', name: 'ops', secret: SECRET, enabled }]);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.value;
}

describe('webhook deliveries survive the engine', () => {
  const engines: EngineInternals[] = [];
  const hubs: Hub[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((h) => h.close()));
    await Promise.all(engines.splice(0).map((e) => e.stop()));
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-webhook-'));
    dirs.push(dir);
    return dir;
  };
  const make = (dataDir: string, enabled = true, logger?: Logger) => {
    const engine = createEngine({
      dataDir,
      version: 'test',
      sources: webhookSource(enabled),
      tickMs: 60_000,
      ...(logger ? { logger } : {}),
    });
    engines.push(engine);
    return engine;
  };
  const storedIds = (engine: EngineInternals) =>
    engine.store.db
      .prepare<[], { external_id: string }>("SELECT external_id FROM posts WHERE source = 'ops' ORDER BY external_id")
      .all()
      .map((r) => r.external_id);

  it('stores a delivery accepted just before the process died, once, after a restart', async () => {
    const dir = newDir();
    const first = make(dir);
    expect(first.webhook('ops', auth, batch('a1', 'a2')).status).toBe(202);
    // The "crash": the database goes away before the poll that was started can store anything.
    first.store.db.close();
    await first.stop();

    const second = make(dir);
    expect(storedIds(second)).toEqual([]);
    await second.poller.pollNow('ops');
    await second.poller.pollNow('ops');
    expect(storedIds(second)).toEqual(['a1', 'a2']);
    expect(second.store.webhookInbox.waiting('ops').deliveries).toBe(0);
  });

  it('keeps what a paused source accepted across a clean restart, and drains it on resume', async () => {
    const dir = newDir();
    const first = make(dir, false);
    expect(first.webhook('ops', auth, batch('p1')).status).toBe(202);
    expect(first.webhook('ops', auth, batch('p2', 'p3')).status).toBe(202);
    await first.stop();

    const second = make(dir, true);
    await second.poller.pollNow('ops');
    expect(storedIds(second)).toEqual(['p1', 'p2', 'p3']);
  });

  it('stores a redelivered external id once, before and after a restart', async () => {
    const dir = newDir();
    const first = make(dir);
    expect(first.webhook('ops', auth, batch('r1', 'r1')).status).toBe(202);
    expect(first.webhook('ops', auth, batch('r1', 'r2')).status).toBe(202);
    await first.poller.idle();
    expect(first.webhook('ops', auth, batch('r2')).status).toBe(202);
    await first.stop();

    const second = make(dir);
    expect(second.webhook('ops', auth, batch('r1', 'r3')).status).toBe(202);
    await second.poller.idle();
    await second.poller.pollNow('ops');
    expect(storedIds(second)).toEqual(['r1', 'r2', 'r3']);
  });

  it('answers 503 with Retry-After over HTTP once 20,000 posts are waiting', async () => {
    const engine = make(newDir(), false);
    const hub = await startHub({
      engine,
      host: '127.0.0.1',
      port: 0,
      staticDir: newDir(),
      tokens: { verify: () => null },
      health: () => ({}),
      metrics: () => '',
      webhook: (name, headers, body) => engine.webhook(name, headers, body),
    });
    hubs.push(hub);
    const post = (body: string) =>
      fetch(`${hub.url}/api/webhooks/ops`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
    const thousand = (d: number) => batch(...Array.from({ length: 1_000 }, (_, i) => `f${d}-${i}`));
    for (let d = 0; d < 20; d++) expect((await post(thousand(d))).status).toBe(202);

    const refused = await post(batch('one-more'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({ ok: false, error: 'Too many posts are waiting to be stored; retry later.' });
    expect(engine.store.webhookInbox.waiting('ops').posts).toBe(20_000);
  });

  it('answers 503, never 202, when the disk is full, writes nothing and logs why', () => {
    const logged: string[] = [];
    const engine = make(newDir(), true, { log: (level, message, meta) => logged.push(`${level} ${message} ${String(meta?.error)}`) });
    const pages = engine.store.db.pragma('page_count', { simple: true }) as number;
    engine.store.db.pragma(`max_page_count = ${pages + 1}`);
    const big = JSON.stringify({ posts: Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, text: 'x'.repeat(20_000) })) });
    const reply = engine.webhook('ops', auth, big);
    expect(reply).toEqual({
      status: 503,
      body: { ok: false, error: 'The hub is out of disk space, so this delivery was not accepted; retry later.' },
      headers: { 'retry-after': '60' },
    });
    expect(logged.some((l) => l.startsWith('error A webhook delivery could not be stored') && /full/.test(l))).toBe(true);
    expect(engine.store.webhookInbox.waiting('ops').deliveries).toBe(0);
    expect(storedIds(engine)).toEqual([]);
    expect(engine.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
