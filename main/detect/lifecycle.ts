/**
 * Alert lifecycle, pure: `(state, verdict, policy) → (state, events)`. One alert per
 * excursion: it opens when the evidence crosses the open level, escalates when severity
 * rises, and resolves only after the evidence has stayed below a lower level for a while,
 * so a series that flaps around the threshold keeps one alert instead of opening ten.
 */
import {
  MINUTE_MS,
  alertPolicySchema,
  type AlertCalming,
  type AlertMath,
  type AlertPolicy,
  type AlertState,
  type Severity,
  type SENSITIVITIES,
} from '../../shared/domain.js';
import type { Verdict } from './detector.js';

// The policy is part of the contract (settings and backtest go over the wire), so its schema
// lives in shared/; re-exported here for the detector's callers.
export { SENSITIVITIES, alertPolicySchema, type AlertPolicy } from '../../shared/domain.js';
export type Sensitivity = (typeof SENSITIVITIES)[number];

/**
 * Score levels (see Verdict.score) per named sensitivity. Medium opens at the threshold every
 * leave-one-file-out fold of `npm run nab:cv` chooses (0.2807, 7.8 nats; 0.2817 with CVS held out).
 */
export const SENSITIVITY_LEVELS: Readonly<Record<Sensitivity, { open: number; warning: number; critical: number }>> = {
  high: { open: 0.2, warning: 0.3, critical: 0.5 },
  medium: { open: 0.28, warning: 0.35, critical: 0.55 },
  low: { open: 0.35, warning: 0.45, critical: 0.65 },
};

export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  sensitivity: 'medium',
  resolveFraction: 0.6,
  resolveAfterMinutes: 30,
  minVolume: 10,
  alertOnDrops: false,
  quietHours: null,
};

export function alertPolicy(overrides: Partial<AlertPolicy> = {}): AlertPolicy {
  return alertPolicySchema.parse({ ...DEFAULT_ALERT_POLICY, ...overrides });
}

/** The lifecycle's view of the alert it is running; maps onto shared `Alert`. */
export interface ActiveAlert {
  state: AlertState;
  severity: Severity;
  openedAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  peakScore: number;
  /** The math at the strongest verdict so far (what the alert card shows). */
  math: AlertMath;
  /** Set while the score waits under the resolve level (see `Alert.calming`). */
  calming?: AlertCalming;
}

export interface LifecycleState {
  alert: ActiveAlert | null;
  quietSinceMinute: number | null;
}

export type AlertEvent =
  | { kind: 'opened'; alert: ActiveAlert }
  | { kind: 'escalated'; alert: ActiveAlert }
  | { kind: 'updated'; alert: ActiveAlert }
  | { kind: 'resolved'; alert: ActiveAlert };

export const initialLifecycle: LifecycleState = { alert: null, quietSinceMinute: null };

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

function levels(policy: AlertPolicy): { open: number; warning: number; critical: number } {
  const named = SENSITIVITY_LEVELS[policy.sensitivity];
  const open = policy.openScore ?? named.open;
  const critical = policy.criticalScore ?? Math.max(named.critical, open);
  return { open, warning: Math.min(Math.max(named.warning, open), critical), critical };
}

function severityOf(score: number, l: { warning: number; critical: number }): Severity {
  return score >= l.critical ? 'critical' : score >= l.warning ? 'warning' : 'info';
}

function inQuietHours(minute: number, policy: AlertPolicy): boolean {
  const q = policy.quietHours;
  if (!q) return false;
  const local = (((minute + q.utcOffsetMinutes) % 1440) + 1440) % 1440;
  return q.startMinute <= q.endMinute ? local >= q.startMinute && local < q.endMinute : local >= q.startMinute || local < q.endMinute;
}

export function verdictMath(v: Verdict, persistedMinutes: number, sources: string[] = []): AlertMath {
  return {
    windowMinutes: Math.max(1, Math.round(v.windowMinutes)),
    expected: v.expected,
    bandLow: v.bandLow,
    bandHigh: v.bandHigh,
    observed: v.observed,
    ratio: v.ratio,
    score: Math.min(1, Math.max(0, v.score)),
    persistedMinutes: Math.max(0, Math.round(persistedMinutes)),
    sources,
    historyMinutes: Math.max(0, Math.round(v.historyMinutes)),
    ...(v.heldBlockMinutes > 0 ? { held: { blockMinutes: Math.round(v.heldBlockMinutes), weakestRatio: v.heldBlockRatio } } : {}),
  };
}

/** Advances the lifecycle by one verdict. Pure: the given state is never mutated. */
export function stepLifecycle(
  state: LifecycleState,
  v: Verdict,
  policy: AlertPolicy,
  bucketMinutes: number,
): { state: LifecycleState; events: AlertEvent[] } {
  if (v.late) return { state, events: [] };
  const l = levels(policy);
  const at = v.minute * MINUTE_MS;
  const counts = v.direction === 'up' || (v.direction === 'down' && policy.alertOnDrops);
  const score = counts ? v.score : 0;
  const current = state.alert;

  if (!current) {
    const volumeOk = v.direction === 'down' || v.observed >= policy.minVolume;
    const severity = severityOf(score, l);
    const quiet = inQuietHours(v.minute, policy) && severity !== 'critical';
    if (v.warmingUp || score < l.open || !volumeOk || quiet) return { state, events: [] };
    const alert: ActiveAlert = {
      state: 'open',
      severity,
      openedAt: at,
      updatedAt: at,
      resolvedAt: null,
      peakScore: score,
      math: verdictMath(v, bucketMinutes),
    };
    return { state: { alert, quietSinceMinute: null }, events: [{ kind: 'opened', alert }] };
  }

  const persisted = v.minute - current.openedAt / MINUTE_MS + bucketMinutes;
  const resolveLevel = l.open * policy.resolveFraction;
  if (score < resolveLevel) {
    const since = state.quietSinceMinute ?? v.minute;
    if (v.minute - since + bucketMinutes >= policy.resolveAfterMinutes) {
      const { calming: _done, ...ended } = current;
      const alert: ActiveAlert = {
        ...ended,
        state: 'resolved',
        updatedAt: at,
        resolvedAt: at,
        math: { ...current.math, persistedMinutes: Math.max(0, Math.round(since - current.openedAt / MINUTE_MS)) },
      };
      return { state: { alert: null, quietSinceMinute: null }, events: [{ kind: 'resolved', alert }] };
    }
    const calming = { since: since * MINUTE_MS, resolvesAt: (since + policy.resolveAfterMinutes - bucketMinutes) * MINUTE_MS };
    const alert = { ...current, updatedAt: at, calming, math: { ...current.math, persistedMinutes: persisted } };
    // Said once, as the calm begins: the card can then say when it will resolve.
    const events: AlertEvent[] = state.quietSinceMinute === null ? [{ kind: 'updated', alert }] : [];
    return { state: { alert, quietSinceMinute: since }, events };
  }

  const severity = severityOf(score, l);
  const rises = SEVERITY_RANK[severity] > SEVERITY_RANK[current.severity];
  const stronger = score > current.peakScore;
  const { calming: _over, ...holding } = current;
  const alert: ActiveAlert = {
    ...holding,
    state: rises ? 'escalating' : current.state,
    severity: rises ? severity : current.severity,
    updatedAt: at,
    peakScore: Math.max(current.peakScore, score),
    math: stronger ? verdictMath(v, persisted, current.math.sources) : { ...current.math, persistedMinutes: persisted },
  };
  return { state: { alert, quietSinceMinute: null }, events: [{ kind: rises ? 'escalated' : 'updated', alert }] };
}
