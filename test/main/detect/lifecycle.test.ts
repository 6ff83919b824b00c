import { describe, expect, it } from 'vitest';
import { MINUTE_MS, alertSchema } from '../../../shared/domain.js';
import type { Verdict } from '../../../main/detect/detector.js';
import { alertPolicy, initialLifecycle, stepLifecycle, type AlertEvent, type LifecycleState } from '../../../main/detect/lifecycle.js';

function verdict(minute: number, score: number, observed = 100): Verdict {
  return {
    minute,
    count: observed,
    score,
    onset: score,
    nats: score * 20,
    direction: score > 0 ? 'up' : 'none',
    windowMinutes: 15,
    observed,
    expected: 20,
    bandLow: 10,
    bandHigh: 30,
    ratio: observed / 20,
    warmingUp: false,
    historyMinutes: 7 * 1440,
    late: false,
    heldBlockMinutes: 0,
    heldBlockRatio: 0,
  };
}

function replay(scores: number[], policy = alertPolicy(), observed = 100): AlertEvent[] {
  let state: LifecycleState = initialLifecycle;
  const events: AlertEvent[] = [];
  scores.forEach((s, i) => {
    const before = JSON.stringify(state);
    const r = stepLifecycle(state, verdict(1000 + i, s, observed), policy, 1);
    expect(JSON.stringify(state)).toBe(before);
    state = r.state;
    events.push(...r.events);
  });
  return events;
}

describe('alert lifecycle', () => {
  it('opens, escalates with severity, and resolves after the quiet period', () => {
    const events = replay([0, 0.3, 0.4, 0.6, 0.6, ...Array<number>(40).fill(0)]);
    const kinds = events.filter((e) => e.kind !== 'updated').map((e) => `${e.kind}:${e.alert.severity}`);
    expect(kinds).toEqual(['opened:info', 'escalated:warning', 'escalated:critical', 'resolved:critical']);
    const resolved = events.at(-1)!.alert;
    expect(resolved.state).toBe('resolved');
    expect(resolved.math.persistedMinutes).toBe(4);
    expect(resolved.math.historyMinutes).toBe(7 * 1440);
    // The lifecycle's alert maps onto the shared Alert shape the UI shows.
    const shared = {
      id: 1,
      series: 'total',
      title: 'Surge',
      drivers: { topTerms: [], samplePosts: [], outageIntent: 0, statusIncident: null },
      ...resolved,
    };
    expect(alertSchema.safeParse(shared).success).toBe(true);
  });

  it('says once when the surge has died down and when it will resolve; a new rise takes that back', () => {
    // Opens at minute 1001; calm from 1003 (score under 0.6 × open); a rise at 1010; calm again from 1011.
    const scores = [0, 0.4, 0.4, 0, 0, 0, 0, 0, 0, 0, 0.4, ...Array<number>(40).fill(0)];
    const events = replay(scores);
    const calm = events.filter((e) => e.alert.calming);
    expect(calm.map((e) => [e.kind, e.alert.calming])).toEqual([
      ['updated', { since: 1003 * MINUTE_MS, resolvesAt: (1003 + 29) * MINUTE_MS }],
      ['updated', { since: 1011 * MINUTE_MS, resolvesAt: (1011 + 29) * MINUTE_MS }],
    ]);
    const rise = events.find((e) => e.alert.updatedAt === 1010 * MINUTE_MS)!;
    expect(rise.alert.calming).toBeUndefined();
    const resolved = events.at(-1)!;
    expect(resolved.kind).toBe('resolved');
    expect(resolved.alert.resolvedAt).toBe((1011 + 29) * MINUTE_MS);
    expect(resolved.alert.calming).toBeUndefined();
  });

  it('keeps one alert for a flapping series (hysteresis)', () => {
    const flapping = Array.from({ length: 120 }, (_, i) => (i % 6 < 3 ? 0.35 : 0.05));
    const opened = replay(flapping).filter((e) => e.kind === 'opened');
    expect(opened).toHaveLength(1);
  });

  it('respects minimum volume and quiet hours, but lets a critical alert through', () => {
    expect(replay([0.4, 0.4], alertPolicy({ minVolume: 500 }))).toHaveLength(0);
    // Minutes 1000.. are 16:40 UTC; quiet 16:00–18:00 UTC.
    const quiet = alertPolicy({ quietHours: { startMinute: 960, endMinute: 1080, utcOffsetMinutes: 0 } });
    expect(replay([0.35, 0.35], quiet)).toHaveLength(0);
    expect(replay([0.7], quiet).map((e) => e.kind)).toEqual(['opened']);
  });

  it('named sensitivities order as expected', () => {
    const series = [0.25, 0.25, 0.25];
    expect(replay(series, alertPolicy({ sensitivity: 'high' })).some((e) => e.kind === 'opened')).toBe(true);
    expect(replay(series, alertPolicy({ sensitivity: 'medium' })).some((e) => e.kind === 'opened')).toBe(false);
    expect(replay(series, alertPolicy({ sensitivity: 'low', openScore: 0.1 })).some((e) => e.kind === 'opened')).toBe(true);
  });
});
