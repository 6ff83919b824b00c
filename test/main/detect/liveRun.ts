/**
 * The live path end to end on an injected clock: a detector warmed on days of an ordinary
 * daily cycle, then minute buckets at given multiples of that cycle, each verdict fed to the
 * alert lifecycle as the alert service does.
 */
import type { DetectorConfig } from '../../../main/detect/config.js';
import { createDetector, stepInPlace, type Verdict } from '../../../main/detect/detector.js';
import { alertPolicy, initialLifecycle, stepLifecycle, type AlertEvent, type LifecycleState } from '../../../main/detect/lifecycle.js';
import { dailySeries, poisson, rng } from './synthetic.js';

export interface LiveRunOptions {
  /** Days of ordinary history before the first bucket. */
  days?: number;
  /** Mean posts per minute of the daily cycle. */
  mean?: number;
  detector?: Partial<DetectorConfig>;
}

export interface LiveRun {
  verdicts: Verdict[];
  events: AlertEvent[];
}

/** The same daily cycle as `dailySeries`, so "normal" after a surge is the history's normal. */
function usual(minute: number, mean: number): number {
  const hour = (minute / 60) % 24;
  return mean * (1 + 0.6 * Math.sin(((hour - 6) / 24) * 2 * Math.PI));
}

/** `multiples[i]` is the volume of minute i after the history, as a multiple of the usual. */
export function runLive(seed: number, multiples: readonly number[], opts: LiveRunOptions = {}): LiveRun {
  const mean = opts.mean ?? 12;
  const detector = createDetector(opts.detector);
  const history = dailySeries({ days: opts.days ?? 3, bucketMinutes: 1, mean, seed });
  for (const b of history) stepInPlace(detector, b);
  const next = (history.at(-1)?.minute ?? 0) + 1;
  const rand = rng(seed + 1000);
  let life: LifecycleState = initialLifecycle;
  const verdicts: Verdict[] = [];
  const events: AlertEvent[] = [];
  multiples.forEach((m, i) => {
    const minute = next + i;
    const v = stepInPlace(detector, { minute, count: poisson(rand, usual(minute, mean) * m) });
    verdicts.push(v);
    const r = stepLifecycle(life, v, alertPolicy(), 1);
    life = r.state;
    events.push(...r.events);
  });
  return { verdicts, events };
}

/** Minute (index into the run) of each event of `kind`. */
export function minutesOf(run: LiveRun, kind: AlertEvent['kind']): number[] {
  const start = run.verdicts[0]?.minute ?? 0;
  return run.events.filter((e) => e.kind === kind).map((e) => e.alert.updatedAt / 60_000 - start);
}

/** A `ramp`-minute linear rise to `peak`×, held for `hold` minutes, then `after` ordinary minutes. */
export function surge(peak: number, ramp: number, hold: number, after: number): number[] {
  const rise = Array.from({ length: ramp }, (_, i) => 1 + ((peak - 1) * (i + 1)) / ramp);
  return [...rise, ...Array<number>(hold).fill(peak), ...Array<number>(after).fill(1)];
}
