/**
 * A surge that keeps growing must read as growing: the live evidence of an excursion is
 * measured against the tail as it stood before the excursion, while the onset stream (NAB)
 * keeps the tail that learns from every bucket.
 */
import { describe, expect, it } from 'vitest';
import { runLive, surge } from './liveRun.js';

const RAMP = 30;

describe('an excursion measured against the tail before it', () => {
  it('a 25× outage reads stronger as it grows, escalates to critical and stays open while it lasts', () => {
    for (const seed of [1, 2, 3]) {
      const { verdicts, events } = runLive(seed, surge(25, RAMP, 50, 360));
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
      // ...and the alert resolves after the lifecycle's 30 quiet minutes, though the longest
      // window (240 minutes) still holds the surge (test/main/detect/alertEnd.test.ts).
      expect(resolvedMinute).toBeGreaterThanOrEqual(end + 29);
      expect(resolvedMinute, `seed ${seed}`).toBeLessThanOrEqual(end + 45);
      // The card shows the outage at its strongest, not as it looked when it opened.
      expect(events[resolvedAt]!.alert.math.ratio).toBeGreaterThan(10);
    }
  });

  it('lets go of the held tail once the surge has left every window: an ordinary hour reads as ordinary', () => {
    // The longest window is 240 minutes, so the surge weighs on the evidence that long after it.
    const { verdicts } = runLive(4, surge(25, RAMP, 50, 360));
    expect(Math.max(...verdicts.slice(-60).map((v) => v.score))).toBeLessThan(0.2);
  });

  it('the onset stream still reports an excursion once at its start, then only on growth', () => {
    const { verdicts } = runLive(5, surge(25, RAMP, 50, 120));
    const onsets = verdicts.flatMap((v, i) => (v.onset > 0 ? [i] : []));
    expect(onsets.length).toBeGreaterThan(0);
    expect(onsets[0]!).toBeLessThan(RAMP);
    // The tail the onsets are measured against learns from the surge itself, so its reports
    // thin out once the plateau is reached rather than following the live score up.
    expect(onsets.filter((i) => i >= RAMP).length).toBeLessThan(5);
  });
});
