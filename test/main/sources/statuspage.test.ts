import { afterEach, describe, expect, it } from 'vitest';
import { createStatuspageAdapter, statuspageBase } from '../../../main/sources/statuspage.js';
import { Poller } from '../../../main/sources/poller.js';
import type { StatusIncident } from '../../../shared/domain.js';
import type { PollContext } from '../../../main/sources/types.js';
import { spIncident, startStatuspageFake, type StatuspageFake } from '../../fixtures/fakes/statuspage.js';
import { T0, harness } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(): Promise<StatuspageFake> {
  const f = await startStatuspageFake();
  cleanups.push(() => f.close());
  return f;
}

/** Polls the adapter directly, threading the cursor like the poller does. */
function driver(url: string) {
  const h = harness();
  const adapter = createStatuspageAdapter({ name: 'status', url });
  let cursor: string | null = null;
  return {
    h,
    async poll(): Promise<StatusIncident[]> {
      const ctx: PollContext = { http: h.http, now: () => h.clock.now(), cursor, backfill: { maxPosts: 500, maxAgeMs: 3_600_000 } };
      const r = await adapter.poll(ctx);
      expect(r.posts).toEqual([]);
      if (r.cursor !== null) cursor = r.cursor;
      return r.incidents ?? [];
    },
    get cursor() {
      return cursor;
    },
    set cursor(c: string | null) {
      cursor = c;
    },
  };
}

describe('Statuspage adapter', () => {
  it('accepts the page address in several spellings', () => {
    expect(statuspageBase('https://status.acme.example/')).toBe('https://status.acme.example');
    expect(statuspageBase('status.acme.example')).toBe('https://status.acme.example');
    expect(statuspageBase('https://status.acme.example/api/v2/summary.json')).toBe('https://status.acme.example');
  });

  it('reports new incidents as incidents (not posts) and only changes afterwards', async () => {
    const f = await fake();
    f.incidents.push(spIncident('p3mq7w1kx9rb', T0 - 600_000));
    const d = driver(f.url);
    const first = await d.poll();
    expect(first).toEqual([
      {
        source: 'status',
        externalId: 'p3mq7w1kx9rb',
        name: 'Elevated login errors',
        status: 'investigating',
        impact: 'major',
        url: 'https://stspg.io/p3mq7w1kx9rb',
        startedAt: T0 - 600_000,
        updatedAt: T0 - 600_000,
        resolvedAt: null,
      },
    ]);
    expect(f.server.requests.map((r) => r.url.pathname)).toEqual(['/api/v2/summary.json', '/api/v2/incidents/unresolved.json']);
    expect(await d.poll()).toEqual([]);

    const inc = f.incidents[0];
    if (!inc) throw new Error('fixture');
    inc.status = 'identified';
    inc.updated_at = new Date(T0 - 60_000).toISOString();
    const updated = await d.poll();
    expect(updated.map((i) => [i.status, i.updatedAt])).toEqual([['identified', T0 - 60_000]]);
  });

  it('resumes from its cursor after a restart and reports a vanished incident as resolved', async () => {
    const f = await fake();
    f.incidents.push(spIncident('a1', T0 - 600_000));
    const d = driver(f.url);
    await d.poll();
    const saved = d.cursor;
    const again = driver(f.url);
    again.cursor = saved;
    expect(await again.poll()).toEqual([]);
    f.incidents.splice(0, 1);
    const resolved = await again.poll();
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ externalId: 'a1', status: 'resolved', resolvedAt: T0 });
    expect(await again.poll()).toEqual([]);
  });

  it('maps unknown enums to degraded', async () => {
    const f = await fake();
    f.incidents.push(spIncident('x1', T0 - 60_000, { status: 'on_fire', impact: 'apocalyptic' }));
    const [inc] = await driver(f.url).poll();
    expect(inc?.status).toBe('degraded');
    expect(inc?.impact).toBe('degraded');
  });

  it('turns a degraded page without incidents into a page-level incident, resolved when it clears', async () => {
    const f = await fake();
    f.state.indicator = 'minor';
    f.state.description = 'Partially Degraded Service';
    const d = driver(f.url);
    const [page] = await d.poll();
    expect(page).toMatchObject({
      externalId: 'page-status:pg01acme',
      name: 'Partially Degraded Service',
      impact: 'minor',
      resolvedAt: null,
    });
    expect(await d.poll()).toEqual([]);
    f.state.indicator = 'none';
    const [cleared] = await d.poll();
    expect(cleared).toMatchObject({ externalId: 'page-status:pg01acme', status: 'resolved' });
  });

  it('says clearly when the address is not a status page (HTML 404)', async () => {
    const f = await fake();
    const h = harness();
    const p = h.poller([createStatuspageAdapter({ name: 'status', url: `${f.url}/nope` })]);
    const out = await p.pollNow('status');
    expect(out.error?.kind).toBe('not_found');
    expect(out.error?.message).toMatch(/No Statuspage status API at .*\/nope/);
    expect(out.status.health).toBe('failing');
  });

  it('handles 429, 5xx, malformed JSON, HTML with a 200, and a huge body', async () => {
    const f = await fake();
    const h = harness({ maxBodyBytes: 1_048_576 });
    const p = h.poller([createStatuspageAdapter({ name: 'status', url: f.url })]);
    f.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    const limited = await p.pollNow('status');
    expect(limited.error?.kind).toBe('rate_limited');
    expect(limited.status.health).toBe('degraded');
    expect(h.states.data.get('status')?.retryAt).toBe(h.clock.now() + 60_000);
    f.server.inject({ kind: 'status', status: 503, body: 'upstream unavailable' });
    expect((await p.pollNow('status')).error?.kind).toBe('server');
    f.server.inject({ kind: 'truncated' });
    expect((await p.pollNow('status')).error?.kind).toBe('malformed');
    f.server.inject({ kind: 'html' });
    expect((await p.pollNow('status')).error?.kind).toBe('malformed');
    f.server.inject({ kind: 'status', status: 200, body: { incidents: 'soon' } }, 1, '/api/v2/incidents');
    expect((await p.pollNow('status')).error?.kind).toBe('malformed');
    f.server.inject({ kind: 'huge', bytes: 20 * 1_048_576 });
    expect((await p.pollNow('status')).error?.kind).toBe('too_large');
    const ok = await p.pollNow('status');
    expect(ok.ok).toBe(true);
    expect(ok.status.health).toBe('ok');
  });

  it('passes incidents to the poller incident sink', async () => {
    const f = await fake();
    f.incidents.push(spIncident('z9', T0 - 60_000, { name: '<script>x</script>Login errors' }));
    const h = harness();
    const seen: StatusIncident[] = [];
    const { Poller } = await import('../../../main/sources/poller.js');
    const p = new Poller({
      clock: h.clock,
      http: h.http,
      sink: (b) => h.store.sink(b),
      incidentSink: (i) => seen.push(...i),
      stateStore: h.states,
    });
    p.add(createStatuspageAdapter({ name: 'status', url: f.url }));
    await p.pollNow('status');
    expect(seen.map((i) => [i.externalId, i.name])).toEqual([['z9', 'Login errors']]);
    expect(h.store.posts.size).toBe(0);
  });
  it('resumes through the poller from the persisted cursor after restarts: nothing repeated, a change and a resolution reported once', async () => {
    const f = await fake();
    f.incidents.push(spIncident('a1', T0 - 600_000), spIncident('b2', T0 - 300_000, { name: 'Slow deploys', impact: 'minor' }));
    const h = harness();
    const seen: StatusIncident[] = [];
    // Every poll is made by a freshly started poller and adapter over the same state store.
    const poll = () => {
      const p = new Poller({
        clock: h.clock,
        http: h.http,
        sink: (b) => h.store.sink(b),
        incidentSink: (i) => seen.push(...i),
        stateStore: h.states,
      });
      p.add(createStatuspageAdapter({ name: 'status', url: f.url }));
      return p.pollNow('status');
    };
    expect((await poll()).ok).toBe(true);
    expect(seen.map((i) => i.externalId).sort()).toEqual(['a1', 'b2']);
    h.clock.advance(60_000);
    await poll();
    expect(seen).toHaveLength(2);

    f.incidents.splice(0, 1);
    const b2 = f.incidents[0];
    if (!b2) throw new Error('fixture');
    b2.status = 'monitoring';
    b2.updated_at = new Date(T0 + 30_000).toISOString();
    h.clock.advance(60_000);
    await poll();
    expect(seen.slice(2).map((i) => [i.externalId, i.status, i.resolvedAt])).toEqual([
      ['b2', 'monitoring', null],
      ['a1', 'resolved', h.clock.now()],
    ]);
    h.clock.advance(60_000);
    await poll();
    expect(seen).toHaveLength(4);
    expect(JSON.parse(h.states.data.get('status')?.cursor ?? '{}')).toMatchObject({ open: [{ externalId: 'b2', status: 'monitoring' }] });
    expect(h.store.delivered).toBe(0);
  });
});
