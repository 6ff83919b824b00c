import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../main/core/config.js';
import { createEngine, type EngineInternals } from '../../../main/core/engine.js';
import type { Clock } from '../../../main/lib/clock.js';
import type { HttpClient } from '../../../main/sources/types.js';
import type { Alert } from '../../../shared/domain.js';

/** A clock the test moves by hand; timers fire when their time is passed. */
function manualClock(start: number): Clock & { advance(ms: number): Promise<void> } {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.set(++nextId, { at: now + ms, fn });
      return nextId;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
        for (let i = 0; i < 20; i++) await Promise.resolve();
        await new Promise((r) => setImmediate(r));
      }
      now = end;
    },
  };
}

const noNetwork: HttpClient = {
  request: () => Promise.reject(new Error('tests have no network')),
};

describe('engine on the embedded default', () => {
  const engines: EngineInternals[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.stop()));
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const make = (clock: Clock, dataDir?: string) => {
    const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'surge-engine-'));
    if (!dataDir) dirs.push(dir);
    const engine = createEngine({ dataDir: dir, version: 'test', clock, http: noNetwork, tickMs: 60_000 });
    engines.push(engine);
    return { engine, dir };
  };

  it('runs the demo with no configuration and serves its volume through the contract', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0));
    const { engine } = make(clock);
    engine.start();
    await clock.advance(90_000);
    const info = await engine.dispatch('system.info', {}, { role: 'operator', userId: null, transport: 'ipc' });
    expect(info).toMatchObject({ ok: true, value: { demo: true, name: 'Surge Desk' } });
    const volume = await engine.dispatch('volume.series', { series: 'total' }, { role: 'operator', userId: null, transport: 'ipc' });
    expect(volume.ok).toBe(true);
    const buckets = volume.ok ? (volume.value as { buckets: { count: number }[] }).buckets : [];
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBeGreaterThan(10);
    const sources = await engine.dispatch('sources.list', {}, { role: 'operator', userId: null, transport: 'ipc' });
    expect(sources).toMatchObject({ ok: true, value: [{ name: 'demo', isDemo: true }] });
    expect(engine.metricsText()).toMatch(/surge_posts_ingested_total\{source="demo"\} [1-9]/);
    expect(engine.metricsText()).toContain('surge_alerts_open 0');
  });

  it("a first look at the demo draws the detector's band across the 24 h range, its warm-up day before it", async () => {
    const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0));
    const { engine } = make(clock);
    engine.start();
    await clock.advance(5_000);
    engine.detection.tick();
    const now = Math.floor(clock.now() / 60_000);
    // The whole backfill is stored (not cut by the post cap): the warm-up day and the day shown.
    const first = engine.store.bucketsRead.range('total', 1, now - 2 * 1440)[0]!.minute;
    expect(first).toBeLessThanOrEqual(now - 2 * 1440 + 1);
    const ctx = { role: 'operator', userId: null, transport: 'ipc' } as const;
    for (const range of [180, 1440]) {
      const answer = await engine.dispatch('alerts.band', { series: 'total', sinceMinute: now - range + 1 }, ctx);
      const points = answer.ok ? (answer.value as { points: { minute: number; low: number; high: number }[] }).points : [];
      // From the range's first minute to the last settled one, every minute has its band.
      expect(points[0]?.minute, `band of the ${range}-minute range`).toBe(now - range + 1);
      expect(points.at(-1)!.minute - points[0]!.minute + 1).toBe(points.length);
      expect(points.at(-1)!.minute).toBeGreaterThanOrEqual(now - 2);
      expect(points.every((p) => p.low <= p.high)).toBe(true);
    }
    // The warm-up day itself has no band: nothing is drawn where the detector had no opinion.
    expect(engine.detection.band('total', first, first + 1438)).toEqual([]);
  });

  it('keeps stored posts across a restart on the same data folder and never counts duplicates', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0));
    const first = make(clock);
    first.engine.start();
    await clock.advance(30_000);
    const stored = first.engine.store.postsRead.count();
    expect(stored).toBeGreaterThan(0);
    await first.engine.stop();
    const second = make(clock, first.dir);
    expect(second.engine.store.postsRead.count()).toBe(stored);
    expect(second.engine.metricsText()).toContain('surge_posts_ingested_total{source="demo"} 0');
  });

  it('raises an explained outage alert on the demo surge, after a warm baseline', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 23, 14, 0));
    const { engine } = make(clock);
    const changes: unknown[] = [];
    engine.onEvent((event, data) => event === 'alerts.changed' && changes.push(data));
    engine.start();
    // Detection runs once before the first poll's day of backfill lands, as it does live.
    engine.detection.tick();
    for (let i = 0; i < 8 * 12; i++) {
      await clock.advance(5_000);
      engine.detection.tick();
    }
    const listed = await engine.dispatch('alerts.list', {}, { role: 'operator', userId: null, transport: 'ipc' });
    expect(listed.ok).toBe(true);
    const alerts = listed.ok ? (listed.value as Alert[]) : [];
    const total = alerts.find((a) => a.series === 'total');
    expect(total, 'an alert on total volume').toBeDefined();
    expect(total!.math.observed).toBeGreaterThan(total!.math.bandHigh);
    expect(total!.math.ratio).toBeGreaterThan(2);
    expect(total!.math.sources).toEqual(['demo']);
    expect(total!.drivers.outageIntent).toBeGreaterThan(0.4);
    expect(total!.drivers.samplePosts.length).toBeGreaterThan(1);
    const sampleTexts = total!.drivers.samplePosts.map((p) => p.text);
    expect(new Set(sampleTexts).size, 'sample posts are distinct voices').toBe(sampleTexts.length);
    expect(total!.drivers.topTerms.length).toBeGreaterThan(0);
    expect(total!.title).toMatch(/Surge in all mentions/);
    expect(changes.length).toBeGreaterThan(0);
    expect(engine.metricsText()).toMatch(/surge_alerts_open [1-9]/);
    // Opened once, not once per minute: hysteresis keeps one alert per series.
    expect(alerts.filter((a) => a.series === 'total')).toHaveLength(1);

    const backtest = await engine.dispatch(
      'alerts.backtest',
      {
        series: 'total',
        policy: {
          sensitivity: 'medium',
          resolveFraction: 0.6,
          resolveAfterMinutes: 30,
          minVolume: 10,
          alertOnDrops: false,
          quietHours: null,
        },
        days: 1,
      },
      { role: 'operator', userId: null, transport: 'ipc' },
    );
    expect(backtest).toMatchObject({ ok: true, value: { series: 'total' } });
    expect(backtest.ok && (backtest.value as { hits: unknown[] }).hits.length).toBeGreaterThan(0);
  }, 60_000);

  it('answers bad calls with typed errors', async () => {
    const { engine } = make(manualClock(0));
    const ctx = { role: 'operator' as const, userId: null, transport: 'websocket' as const };
    expect(await engine.dispatch(42, {}, ctx)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await engine.dispatch('volume.series', 'nope', ctx)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await engine.dispatch('posts.recent', { limit: 1e9 }, ctx)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('SURGE_CONFIG parsing', () => {
  it('accepts the documented example as written', () => {
    const config = parseConfig(
      '{ "sources": [ { "type": "mastodon", "name": "m1", "baseUrl": "https://mastodon.social", "hashtags": ["outage"], "intervalSeconds": 30 } ] }',
      'test.json',
    );
    expect(config.sources).toHaveLength(1);
    expect(config.sources[0]).toMatchObject({ type: 'mastodon', name: 'm1', intervalSeconds: 30 });
  });

  it('names the file and the problem in plain words', () => {
    expect(() => parseConfig('{ "sources": [ { "type": "nope", "name": "a" } ] }', 'cfg.json')).toThrow(ConfigError);
    expect(() => parseConfig('{ nope', 'cfg.json')).toThrow(/cfg\.json[\s\S]*not valid JSON/);
  });
});
