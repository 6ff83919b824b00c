/**
 * A surge that keeps growing must read as growing: the live evidence of an excursion is
 * measured against the tail as it stood before the excursion, while the onset stream (NAB)
 * keeps the tail that learns from every bucket.
 */
import { describe, expect, it } from 'vitest';
import { createDetector, stepInPlace, type DetectorState, type Verdict } from '../../../main/detect/detector.js';
import { alertPolicy, initialLifecycle, stepLifecycle, type AlertEvent, type LifecycleState } from '../../../main/detect/lifecycle.js';
import { dailySeries, poisson, rng } from './synthetic.js';

const HISTORY_DAYS = 3;
const MEAN = 12;

/** A detector with `days` of an ordinary daily cycle behind it; returns it and the next minute. */
function warmed(seed: number, days = HISTORY_DAYS): { detector: DetectorState; next: number } {
  const detector = createDetector();
  const history = dailySeries({ days, bucketMinutes: 1, mean: MEAN, seed });
  for (const b of history) stepInPlace(detector, b);
  return { detector, next: (history.at(-1)?.minute ?? 0) + 1 };
}

const RAMP = 30;

/** Minute-by-minute multiples of the usual volume: a 30-minute ramp to `peak`×, held for `hold` minutes, then normal. */
function outage(peak: number, hold: number, after: number): number[] {
  const ramp = Array.from({ length: RAMP }, (_, i) => 1 + ((peak - 1) * (i + 1)) / RAMP);
  return [...ramp, ...Array<number>(hold).fill(peak), ...Array<number>(after).fill(1)];
}

/** The same daily cycle as `dailySeries`, so "normal" after the surge is the history's normal. */
function usual(minute: number): number {
  const hour = (minute / 60) % 24;
  return MEAN * (1 + 0.6 * Math.sin(((hour - 6) / 24) * 2 * Math.PI));
}

function run(seed: number, multiples: number[]): { verdicts: Verdict[]; events: AlertEvent[] } {
  const { detector, next } = warmed(seed);
  const rand = rng(seed + 1000);
  let life: LifecycleState = initialLifecycle;
  const verdicts: Verdict[] = [];
  const events: AlertEvent[] = [];
  multiples.forEach((m, i) => {
    const minute = next + i;
    const v = stepInPlace(detector, { minute, count: poisson(rand, usual(minute) * m) });
    verdicts.push(v);
    const r = stepLifecycle(life, v, alertPolicy(), 1);
    life = r.state;
    events.push(...r.events);
  });
  return { verdicts, events };
}

describe('an excursion measured against the tail before it', () => {
  it('a 25× outage reads stronger as it grows, escalates to critical and stays open while it lasts', () => {
    for (const seed of [1, 2, 3]) {
      const { verdicts, events } = run(seed, outage(25, 50, 360));
      const scores = verdicts.map((v) => v.score);
      const end = RAMP + 50;
      // Rising through the ramp, and as strong at the end of the plateau as at its top.
      expect(scores[20]!).toBeGreaterThan(scores[5]! + 0.2);
      expect(Math.min(...scores.slice(RAMP, end))).toBeGreaterThan(0.8);
      expect(verdicts[end - 1]!.ratio).toBeGreaterThan(10);
      const kinds = events.map((e) => `${e.kind}:${e.alert.severity}`);
      expect(kinds[0]).toMatch(/^opened:/);
      expect(kinds).toContain('escalated:critical');
      const resolvedAt = events.findIndex((e) => e.kind === 'resolved');
      expect(resolvedAt, kinds.join(' ')).toBeGreaterThan(0);
      const resolvedMinute = events[resolvedAt]!.alert.resolvedAt! / 60_000 - verdicts[0]!.minute;
      // Once the volume is back, the score falls within the shortest window (15 minutes)...
      expect(Math.max(...scores.slice(end + 20, end + 40)), `seed ${seed}`).toBeLessThan(0.3);
      // ...and the alert resolves once the longest window (240 minutes) has let the surge go.
      expect(resolvedMinute).toBeGreaterThanOrEqual(end + 29);
      expect(resolvedMinute, `seed ${seed}`).toBeLessThan(end + 240 + 60);
      // The card shows the outage at its strongest, not as it looked when it opened.
      expect(events[resolvedAt]!.alert.math.ratio).toBeGreaterThan(10);
    }
  });

  it('lets go of the held tail once the surge has left every window: an ordinary hour reads as ordinary', () => {
    // The longest window is 240 minutes, so the surge weighs on the evidence that long after it.
    const { verdicts } = run(4, outage(25, 50, 360));
    expect(Math.max(...verdicts.slice(-60).map((v) => v.score))).toBeLessThan(0.2);
  });

  it('the onset stream still reports an excursion once at its start, then only on growth', () => {
    const { verdicts } = run(5, outage(25, 50, 120));
    const onsets = verdicts.flatMap((v, i) => (v.onset > 0 ? [i] : []));
    expect(onsets.length).toBeGreaterThan(0);
    expect(onsets[0]!).toBeLessThan(RAMP);
    // The tail the onsets are measured against learns from the surge itself, so its reports
    // thin out once the plateau is reached rather than following the live score up.
    expect(onsets.filter((i) => i >= RAMP).length).toBeLessThan(5);
  });
});
