/**
 * Coverage gaps through the contract: a source that fails and then recovers yields exactly one
 * closed gap (from its last success to its recovery, with the first failure's reason), both
 * from `sources.gaps` and live in the `sources.status` events; bad input gets a typed error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../main/core/engine.js';
import type { CallContext } from '../../../main/core/engineTypes.js';
import { parseSourcesConfig } from '../../../main/sources/config.js';
import { SourceError, type HttpClient } from '../../../main/sources/types.js';
import type { SourceStatus } from '../../../shared/domain.js';
import { FakeClock } from '../../fixtures/fakes/clock.js';

const T0 = Date.UTC(2026, 10, 23, 14, 2, 0);
const REFUSED = 'Connection refused by feed.example';
const operator: CallContext = { role: 'operator', userId: null, transport: 'websocket' };

const feed = (at: number) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme</title><link>https://feed.example/</link>
<item><title>Acme is down</title><guid>g${at}</guid><pubDate>${new Date(at).toUTCString()}</pubDate></item></channel></rss>`;

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'surge-gaps-'));
  const clock = new FakeClock(T0);
  let down = false;
  const http: HttpClient = {
    request: async (url) => {
      if (down) throw new SourceError('network', REFUSED);
      return { status: 200, headers: { 'content-type': 'application/rss+xml' }, body: feed(clock.now()), url };
    },
  };
  const parsed = parseSourcesConfig([{ type: 'rss', name: 'feed', url: 'https://feed.example/rss' }]);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const engine = createEngine({ dataDir: dir, dbFile: ':memory:', version: 'test', sources: parsed.value, clock, http, tickMs: 60_000 });
  const statuses: SourceStatus[] = [];
  engine.onEvent((event, data) => event === 'sources.status' && statuses.push(data as SourceStatus));
  return {
    dir,
    engine,
    clock,
    statuses,
    setDown: (value: boolean) => void (down = value),
  };
}

describe('coverage gaps through the contract', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });
  const make = () => {
    const f = fixture();
    cleanups.push(async () => {
      await f.engine.stop();
      rmSync(f.dir, { recursive: true, force: true });
    });
    return f;
  };

  it('a source that fails and recovers gives one closed gap: last success → recovery, first reason', async () => {
    const { engine, clock, statuses, setDown } = make();
    await engine.poller.pollNow('feed');
    clock.advance(60_000);
    setDown(true);
    await engine.poller.pollNow('feed');
    expect(statuses.at(-1)?.recentGaps, 'the open gap travels with the live status').toEqual([{ start: T0, end: null, reason: REFUSED }]);
    clock.advance(60_000);
    await engine.poller.pollNow('feed');
    clock.advance(5 * 60_000);
    setDown(false);
    await engine.poller.pollNow('feed');
    const recovered = T0 + 7 * 60_000;

    const gap = { start: T0, end: recovered, reason: REFUSED };
    expect(await engine.dispatch('sources.gaps', {}, operator)).toEqual({ ok: true, value: [{ source: 'feed', gaps: [gap] }] });
    expect(statuses.at(-1)).toMatchObject({ name: 'feed', health: 'ok', recentGaps: [gap] });
    const listed = await engine.dispatch('sources.list', {}, operator);
    expect(listed.ok && (listed.value as SourceStatus[])[0]?.recentGaps).toEqual([gap]);

    // The range bound: a gap that ended before `sinceMs` is left out; one ending at it is kept.
    expect(await engine.dispatch('sources.gaps', { sinceMs: recovered, source: 'feed' }, operator)).toEqual({
      ok: true,
      value: [{ source: 'feed', gaps: [gap] }],
    });
    expect(await engine.dispatch('sources.gaps', { sinceMs: recovered + 1 }, operator)).toEqual({
      ok: true,
      value: [{ source: 'feed', gaps: [] }],
    });
  });

  it('a status carries only recent gaps; older ones stay reachable through sources.gaps', async () => {
    const { engine, clock, setDown } = make();
    await engine.poller.pollNow('feed');
    setDown(true);
    clock.advance(60_000);
    await engine.poller.pollNow('feed');
    setDown(false);
    clock.advance(60_000);
    await engine.poller.pollNow('feed');
    clock.advance(7 * 60 * 60_000);
    expect(engine.poller.status('feed').recentGaps).toEqual([]);
    const all = await engine.dispatch('sources.gaps', { sinceMs: 0 }, operator);
    expect(all.ok && all.value).toEqual([{ source: 'feed', gaps: [{ start: T0, end: T0 + 2 * 60_000, reason: REFUSED }] }]);
  });

  it('refuses bad input with a typed error, never a crash', async () => {
    const { engine } = make();
    for (const params of [
      { sinceMs: 'yesterday' },
      { sinceMs: -1 },
      { sinceMs: 1.5 },
      { source: '' },
      { source: 'x'.repeat(101) },
      { limit: 5 },
      'feed',
    ]) {
      expect(await engine.dispatch('sources.gaps', params, operator), JSON.stringify(params)).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: expect.stringMatching(/^(sinceMs|source|limit|input) /) },
      });
    }
    expect(await engine.dispatch('sources.gaps', { source: 'nope' }, operator)).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'There is no source called nope.' },
    });
  });

  it('every role may read gaps, as with the other source reads', async () => {
    const { engine } = make();
    for (const role of ['operator', 'social', 'lead', 'admin'] as const) {
      expect(await engine.dispatch('sources.gaps', {}, { role, userId: null, transport: 'ipc' })).toEqual({
        ok: true,
        value: [{ source: 'feed', gaps: [] }],
      });
    }
  });
});
