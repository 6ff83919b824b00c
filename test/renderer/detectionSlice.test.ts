import { beforeEach, describe, expect, it } from 'vitest';
import { detectionSelectors } from '../../renderer/src/store/detection/selectors.js';
import { draftFromPolicy, formatUtcOffset, policyFromDraft } from '../../renderer/src/store/detection/policyDraft.js';
import { createDeskStore, type DeskStoreApi } from '../../renderer/src/store/store.js';
import type { AlertPolicy, BacktestHit } from '../../shared/domain.js';
import { createFakeClient, deferred, failWith, type FakeTransport } from './fakeTransport.js';

const DEFAULTS: AlertPolicy = {
  sensitivity: 'medium',
  resolveFraction: 0.6,
  resolveAfterMinutes: 30,
  minVolume: 10,
  alertOnDrops: false,
  quietHours: null,
};

const hit = (openedAt: number): BacktestHit => ({
  openedAt,
  resolvedAt: openedAt + 20 * 60_000,
  severity: 'warning',
  peakScore: 0.4,
  math: {
    windowMinutes: 5,
    expected: 10,
    bandLow: 5,
    bandHigh: 15,
    observed: 40,
    ratio: 4,
    score: 0.4,
    persistedMinutes: 6,
    sources: ['demo'],
  },
});

describe('alert policy form', () => {
  it('round-trips a policy, moving quiet hours into the browser’s zone', () => {
    const stored: AlertPolicy = {
      ...DEFAULTS,
      openScore: 0.3,
      quietHours: { startMinute: 22 * 60, endMinute: 6 * 60, utcOffsetMinutes: 0 },
    };
    const draft = draftFromPolicy(stored, 120);
    expect(draft).toMatchObject({
      quietEnabled: true,
      quietStart: '00:00',
      quietEnd: '08:00',
      utcOffsetMinutes: 120,
      openScore: '0.3',
      criticalScore: '',
    });
    expect(policyFromDraft(draft)).toEqual({
      ok: true,
      policy: { ...stored, quietHours: { startMinute: 0, endMinute: 480, utcOffsetMinutes: 120 } },
    });
    expect(formatUtcOffset(-330)).toBe('UTC−05:30');
  });

  it('says what is wrong in plain words', () => {
    const draft = draftFromPolicy(DEFAULTS, 0);
    expect(policyFromDraft({ ...draft, minVolume: '' })).toEqual({ ok: false, error: 'Minimum volume must be a number.' });
    expect(policyFromDraft({ ...draft, openScore: '1.5' })).toEqual({ ok: false, error: 'Open score must be between 0 and 1.' });
    expect(policyFromDraft({ ...draft, resolveAfterMinutes: '2.5' })).toEqual({
      ok: false,
      error: 'Resolve after must be a whole number.',
    });
    expect(policyFromDraft({ ...draft, quietEnabled: true, quietStart: '07:00', quietEnd: '07:00' })).toMatchObject({ ok: false });
  });
});

describe('detection settings slice', () => {
  let transport: FakeTransport;
  let store: DeskStoreApi;
  let saved: AlertPolicy | null;

  beforeEach(() => {
    saved = null;
    const fake = createFakeClient({
      'system.info': () => ({ name: 'Surge Desk', version: '1', startedAt: 1, demo: true, role: 'operator', transport: 'websocket' }),
      'volume.seriesList': () => [
        { series: 'total', total: 100 },
        { series: 'source:demo', total: 100 },
      ],
      'detection.getSettings': ({ series }: { series: string }) => ({ series, policy: saved ?? DEFAULTS, inherited: saved === null }),
      'detection.saveSettings': ({ series, policy }: { series: string; policy: AlertPolicy }) => {
        saved = policy;
        return { series, policy, inherited: false };
      },
      'alerts.backtest': ({ series, days }: { series: string; days: number }) => ({
        series,
        fromMinute: 1000,
        toMinute: 1000 + days * 1440 - 1,
        firstDataMinute: 1000,
        bucketsReplayed: days * 1440,
        hits: [hit(days)],
      }),
      'volume.series': ({ series }: { series: string }) => ({
        series,
        buckets: [
          { minute: 1000, count: 3 },
          { minute: 1001, count: 5 },
        ],
      }),
    });
    transport = fake.transport;
    store = createDeskStore({ client: fake.client, now: () => 99, utcOffsetMinutes: () => 60 });
  });

  it('lists total first, loads settings as inherited, saves as own settings', async () => {
    await store.getState().loadDetectionSeries();
    expect(store.getState().detectionSeriesOptions).toEqual(['total', 'source:demo']);
    await store.getState().selectDetectionSeries('total');
    expect(detectionSelectors.origin(store.getState())).toBe('inherited');
    expect(detectionSelectors.dirty(store.getState())).toBe(false);

    store.getState().editDetectionDraft({ sensitivity: 'high', quietEnabled: true, quietStart: '23:00', quietEnd: '06:30' });
    expect(detectionSelectors.dirty(store.getState())).toBe(true);
    expect(await store.getState().saveDetectionSettings()).toBe(true);
    expect(saved).toMatchObject({ sensitivity: 'high', quietHours: { startMinute: 1380, endMinute: 390, utcOffsetMinutes: 60 } });
    expect(detectionSelectors.origin(store.getState())).toBe('own');
    expect(detectionSelectors.dirty(store.getState())).toBe(false);
    expect(store.getState().detectionSavedAt).toBe(99);
  });

  it('a failed save keeps the form as typed and shows the engine’s words', async () => {
    await store.getState().selectDetectionSeries('total');
    transport.handlers['detection.saveSettings'] = failWith('forbidden', 'Your role (social) cannot call detection.saveSettings.');
    store.getState().editDetectionDraft({ minVolume: '25', alertOnDrops: true });
    const before = store.getState().detectionDraft;
    expect(await store.getState().saveDetectionSettings()).toBe(false);
    expect(store.getState().detectionSaveError).toBe('Your role (social) cannot call detection.saveSettings.');
    expect(store.getState().detectionDraft).toBe(before);
    expect(detectionSelectors.origin(store.getState())).toBe('inherited');

    store.getState().editDetectionDraft({ minVolume: 'lots' });
    expect(await store.getState().saveDetectionSettings()).toBe(false);
    expect(store.getState().detectionSaveError).toBe('Minimum volume must be a number.');
    expect(store.getState().detectionDraft!.minVolume).toBe('lots');
  });

  it('backtests the unsaved form; a new run replaces the old results; a stale answer is dropped', async () => {
    await store.getState().selectDetectionSeries('total');
    store.getState().editDetectionDraft({ sensitivity: 'low' });
    await store.getState().runBacktest();
    const first = store.getState().backtest!;
    expect(first).toMatchObject({ days: 1, bucketsReplayed: 1440 });
    expect(first.hits.map((h) => h.openedAt)).toEqual([1]);
    const call = transport.calls.find((c) => c.method === 'alerts.backtest')!.params as { policy: AlertPolicy; days: number };
    expect(call.policy.sensitivity).toBe('low');
    expect(store.getState().backtestVolume).toHaveLength(2);
    expect(transport.calls.find((c) => c.method === 'volume.series')!.params).toEqual({ series: 'total', sinceMinute: 1000, limit: 1440 });

    store.getState().setBacktestDays(7);
    await store.getState().runBacktest();
    expect(store.getState().backtest!.hits.map((h) => h.openedAt)).toEqual([7]);
    expect(store.getState().backtest!.days).toBe(7);

    // A slow run for `total` answers after the user switched series: it must not show.
    const gate = deferred<unknown>();
    transport.handlers['alerts.backtest'] = () => gate.promise;
    const slow = store.getState().runBacktest();
    expect(store.getState().backtestStatus).toBe('running');
    await store.getState().selectDetectionSeries('source:demo');
    gate.resolve({ series: 'total', fromMinute: 0, toMinute: 10, firstDataMinute: 0, bucketsReplayed: 11, hits: [hit(3)] });
    await slow;
    expect(store.getState().backtest).toBeNull();
    expect(store.getState().backtestStatus).toBe('idle');
  });

  it('an invalid form or a failed call leaves a plain-words backtest error', async () => {
    await store.getState().selectDetectionSeries('total');
    store.getState().editDetectionDraft({ resolveFraction: '2' });
    await store.getState().runBacktest();
    expect(store.getState().backtestError).toBe('Resolve fraction must be between 0 and 1.');
    store.getState().editDetectionDraft({ resolveFraction: '0.5' });
    transport.handlers['alerts.backtest'] = failWith('bad_request', 'There is no stored volume for this series yet.');
    await store.getState().runBacktest();
    expect(store.getState().backtestStatus).toBe('error');
    expect(store.getState().backtestError).toBe('There is no stored volume for this series yet.');
  });
});
