/**
 * Acknowledge and escalate, as pure functions: given the escalation policy and where a card
 * stands, when is its next page and whom does it go to. The service only sends what this plans.
 *
 * Unacknowledged: tier n pages the sum of the first n tier delays after creation; after the
 * last tier the tiers run again `repeat` times. Acknowledged but unresolved past the resolution
 * target: the first tier is paged again, every `everyMinutes`, at most `maxTimes`. Nothing is
 * paged for a card older than `maxAgeHours`, nor after it is resolved.
 */
import type { EscalationPolicy, Priority } from '../../shared/contract/board.js';

const MINUTE = 60_000;

export interface PagingSubject {
  priority: Priority;
  createdAt: number;
  acknowledgedAt: number | null;
  resolved: boolean;
  /** Unacknowledged pages already sent or skipped. */
  pageStep: number;
  reescalations: number;
  /** When the resolution target falls due; null when there is none or its clock is paused. */
  resolutionDueAt: number | null;
}

export interface PlannedPage {
  at: number;
  /** 1-based. */
  tier: number;
  round: number;
  reason: 'unacknowledged' | 'unresolved';
}

/** The next page this card would get, or null when none is pending. */
export function nextPage(policy: EscalationPolicy, card: PagingSubject): PlannedPage | null {
  if (card.resolved || !policy.priorities.includes(card.priority)) return null;
  const cutoff = card.createdAt + policy.maxAgeHours * 60 * MINUTE;
  let page: PlannedPage;
  if (card.acknowledgedAt === null) {
    const tiers = policy.tiers.length;
    if (card.pageStep >= tiers * (policy.repeat + 1)) return null;
    const round = Math.floor(card.pageStep / tiers);
    const index = card.pageStep % tiers;
    const cycle = policy.tiers.reduce((sum, t) => sum + t.delayMinutes, 0);
    const into = policy.tiers.slice(0, index + 1).reduce((sum, t) => sum + t.delayMinutes, 0);
    page = { at: card.createdAt + (round * cycle + into) * MINUTE, tier: index + 1, round, reason: 'unacknowledged' };
  } else {
    if (card.resolutionDueAt === null || card.reescalations >= policy.reescalate.maxTimes) return null;
    const from = Math.max(card.resolutionDueAt, card.acknowledgedAt);
    page = {
      at: from + card.reescalations * policy.reescalate.everyMinutes * MINUTE,
      tier: 1,
      round: card.reescalations,
      reason: 'unresolved',
    };
  }
  return page.at <= cutoff ? page : null;
}

/**
 * The page to send at `now` and the counters after it. Pages that fell due while the hub was
 * down are collapsed into the latest one: nobody gets three pages in a burst at start-up.
 */
export function duePage(
  policy: EscalationPolicy,
  card: PagingSubject,
  now: number,
): { page: PlannedPage; pageStep: number; reescalations: number } | null {
  let subject = card;
  let last: PlannedPage | null = null;
  for (let guard = 0; guard < 64; guard++) {
    const next = nextPage(policy, subject);
    if (next === null || next.at > now) break;
    last = next;
    subject =
      next.reason === 'unacknowledged'
        ? { ...subject, pageStep: subject.pageStep + 1 }
        : { ...subject, reescalations: subject.reescalations + 1 };
  }
  return last ? { page: last, pageStep: subject.pageStep, reescalations: subject.reescalations } : null;
}
