/**
 * A card's three SLA clocks, as pure functions of the policy, what happened to the card (its
 * SLA facts) and now:
 * - first response: from creation until someone acknowledges, comments or starts work;
 * - next response: from the customer answering (the card leaves waiting on customer) until the
 *   next comment or move;
 * - resolution: from creation until resolved.
 * All three stop while the card waits on the customer or is resolved. The facts change only
 * through `advanceFacts`, so every writer (updates, comments, acknowledgements) agrees.
 */
import type { BoardStatus, CardSla, Priority, SlaClock, SlaPolicy, SlaTargetName } from '../../shared/contract/board.js';
import type { SlaFacts, SlaMarks } from '../store/board.js';
import { elapsedMs, instantReaching, type ClockRun, type Schedule } from './slaClock.js';

const MINUTE = 60_000;
/** Statuses in which no SLA clock runs. */
const PAUSED: ReadonlySet<BoardStatus> = new Set(['waiting_on_customer', 'resolved']);
/** Moves that count as a response to the customer. */
const RESPONDING: ReadonlySet<BoardStatus> = new Set(['in_progress', 'waiting_on_customer', 'resolved']);

export const initialFacts = (): SlaFacts => ({
  pauses: [],
  pausedSince: null,
  firstResponseAt: null,
  nextResponseStartedAt: null,
  nextResponseAt: null,
});

export type FactEvent = { kind: 'status'; from: BoardStatus; to: BoardStatus } | { kind: 'comment' } | { kind: 'acknowledge' };

/** The facts after one thing happened at `at` (never mutates its input). */
export function advanceFacts(facts: SlaFacts, event: FactEvent, at: number): SlaFacts {
  const next: SlaFacts = { ...facts, pauses: [...facts.pauses] };
  const responds = event.kind !== 'status' || (RESPONDING.has(event.to) && event.to !== event.from);
  if (responds) {
    next.firstResponseAt ??= at;
    if (next.nextResponseStartedAt !== null && next.nextResponseAt === null) next.nextResponseAt = at;
  }
  if (event.kind === 'status' && event.from !== event.to) {
    const wasPaused = PAUSED.has(event.from);
    const isPaused = PAUSED.has(event.to);
    if (!wasPaused && isPaused) next.pausedSince = at;
    if (wasPaused && !isPaused) {
      if (next.pausedSince !== null) next.pauses.push([next.pausedSince, at]);
      next.pausedSince = null;
    }
    // The customer answered: a new next-response clock starts (after the response accounting
    // above, so the move that signals the answer does not also meet it).
    if (event.from === 'waiting_on_customer' && event.to !== 'resolved') {
      next.nextResponseStartedAt = at;
      next.nextResponseAt = null;
    }
  }
  return next;
}

export const scheduleFor = (policy: SlaPolicy, priority: Priority): Schedule =>
  policy.targets[priority].businessHoursOnly ? policy.businessHours : null;

const OFF: SlaClock = { state: 'off', dueAt: null, warnAt: null, remainingMs: null, metAt: null, breachedAt: null };

function clock(
  schedule: Schedule,
  minutes: number | null,
  run: ClockRun | null,
  metAt: number | null,
  now: number,
  warnMs: number,
): SlaClock {
  if (minutes === null || run === null) return OFF;
  const target = minutes * MINUTE;
  if (metAt !== null) {
    const before = { start: run.start, pauses: run.pauses.filter(([, e]) => e <= metAt), pausedSince: null };
    const due = instantReaching(schedule, before, target);
    return { ...OFF, state: 'met', dueAt: due, metAt, breachedAt: due !== null && due < metAt ? due : null };
  }
  if (run.pausedSince !== null && run.pausedSince <= now) {
    const remaining = target - elapsedMs(schedule, run, now);
    if (remaining > 0) return { ...OFF, state: 'paused', remainingMs: remaining };
    const due = instantReaching(schedule, { ...run, pausedSince: null }, target);
    return { ...OFF, state: 'breached', dueAt: due, breachedAt: due };
  }
  const due = instantReaching(schedule, run, target);
  if (due === null) return { ...OFF, state: 'running' };
  const breached = now >= due;
  return { ...OFF, state: breached ? 'breached' : 'running', dueAt: due, warnAt: due - warnMs, breachedAt: breached ? due : null };
}

export interface SlaSubject {
  priority: Priority;
  createdAt: number;
  resolvedAt: number | null;
  slaFacts: SlaFacts;
}

/** Each clock and when it started (marks are keyed by both, so a restarted clock warns again). */
export function slaClocks(
  policy: SlaPolicy,
  card: SlaSubject,
  now: number,
): Record<SlaTargetName, { clock: SlaClock; start: number | null }> {
  const targets = policy.targets[card.priority];
  const schedule = scheduleFor(policy, card.priority);
  const warnMs = policy.warnBeforeMinutes * MINUTE;
  const facts = card.slaFacts;
  const run = (start: number): ClockRun => ({ start, pauses: facts.pauses, pausedSince: facts.pausedSince });
  const nextStart = facts.nextResponseStartedAt;
  return {
    firstResponse: {
      start: card.createdAt,
      clock: clock(schedule, targets.firstResponseMinutes, run(card.createdAt), facts.firstResponseAt, now, warnMs),
    },
    nextResponse: {
      start: nextStart,
      clock: clock(schedule, targets.nextResponseMinutes, nextStart === null ? null : run(nextStart), facts.nextResponseAt, now, warnMs),
    },
    resolution: {
      start: card.createdAt,
      clock: clock(schedule, targets.resolutionMinutes, run(card.createdAt), card.resolvedAt, now, warnMs),
    },
  };
}

export const markKey = (name: SlaTargetName, start: number | null): string => `${name}:${start ?? 0}`;

/** The card's SLA as the contract shows it. */
export function cardSla(policy: SlaPolicy, card: SlaSubject, now: number): CardSla {
  const clocks = slaClocks(policy, card, now);
  const all = [clocks.firstResponse.clock, clocks.nextResponse.clock, clocks.resolution.clock];
  const open = all.filter((c) => c.state === 'running' || c.state === 'paused' || c.state === 'breached');
  const level = all.some((c) => c.breachedAt !== null)
    ? 'breached'
    : open.some((c) => c.warnAt !== null && now >= c.warnAt)
      ? 'warning'
      : 'ok';
  return { firstResponse: clocks.firstResponse.clock, nextResponse: clocks.nextResponse.clock, resolution: clocks.resolution.clock, level };
}

export interface SlaStep {
  marks: SlaMarks;
  /** Newly marked at `now`: `warning` / `breached` per clock name. */
  newly: Array<{ name: SlaTargetName; what: 'warning' | 'breached' }>;
  /** The next instant a mark falls due (null: none pending). */
  nextAt: number | null;
}

/** Marks every warning and breach reached by `now` (once per clock run) and says when the next one falls due. */
export function stepSla(policy: SlaPolicy, card: SlaSubject, marks: SlaMarks, now: number): SlaStep {
  const warned = new Set(marks.warned ?? []);
  const breached = new Set(marks.breached ?? []);
  const newly: SlaStep['newly'] = [];
  let nextAt: number | null = null;
  const later = (at: number) => (nextAt = nextAt === null ? at : Math.min(nextAt, at));
  for (const [name, { clock: c, start }] of Object.entries(slaClocks(policy, card, now)) as Array<
    [SlaTargetName, { clock: SlaClock; start: number | null }]
  >) {
    const key = markKey(name, start);
    if (c.breachedAt !== null && !breached.has(key)) {
      breached.add(key);
      newly.push({ name, what: 'breached' });
    }
    if (c.state !== 'running' || c.dueAt === null) continue;
    if (c.warnAt !== null && !warned.has(key)) {
      if (now >= c.warnAt) {
        warned.add(key);
        newly.push({ name, what: 'warning' });
      } else later(c.warnAt);
    }
    if (!breached.has(key)) later(c.dueAt);
  }
  return { marks: { warned: [...warned], breached: [...breached] }, newly, nextAt };
}
