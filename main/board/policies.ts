/**
 * The board's two policies: defaults for a fresh hub, and reading a stored one back. A stored
 * policy is parsed, not trusted: one written by another build that no longer parses falls
 * back to the default (and says so in the log) rather than stopping the board.
 */
import { escalationPolicySchema, slaPolicySchema, type EscalationPolicy, type SlaPolicy } from '../../shared/contract/board.js';
import type { Logger } from '../lib/log.js';
import type { BoardRepo } from '../store/board.js';

export const DEFAULT_SLA: SlaPolicy = {
  targets: {
    P1: { firstResponseMinutes: 15, nextResponseMinutes: 30, resolutionMinutes: 4 * 60, businessHoursOnly: false },
    P2: { firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 8 * 60, businessHoursOnly: false },
    P3: { firstResponseMinutes: 4 * 60, nextResponseMinutes: 8 * 60, resolutionMinutes: 3 * 24 * 60, businessHoursOnly: true },
    P4: { firstResponseMinutes: 24 * 60, nextResponseMinutes: 24 * 60, resolutionMinutes: 7 * 24 * 60, businessHoursOnly: true },
  },
  warnBeforeMinutes: 15,
  businessHours: {
    zone: 'UTC',
    days: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
  },
};

export const DEFAULT_ESCALATION: EscalationPolicy = {
  priorities: ['P1', 'P2'],
  tiers: [
    { delayMinutes: 5, targets: [{ kind: 'role', role: 'lead' }] },
    { delayMinutes: 10, targets: [{ kind: 'role', role: 'admin' }] },
  ],
  repeat: 1,
  reescalate: { maxTimes: 2, everyMinutes: 60 },
  maxAgeHours: 24,
};

export function loadPolicies(repo: Pick<BoardRepo, 'getPolicy'>, logger: Logger): { sla: SlaPolicy; escalation: EscalationPolicy } {
  const read = <T>(
    name: 'sla' | 'escalation',
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
    fallback: T,
  ) => {
    const stored = repo.getPolicy(name);
    if (stored === undefined) return fallback;
    const parsed = schema.safeParse(stored);
    if (parsed.success) return parsed.data;
    logger.log('warn', `The stored ${name} policy does not parse; using the default until it is saved again`);
    return fallback;
  };
  return { sla: read('sla', slaPolicySchema, DEFAULT_SLA), escalation: read('escalation', escalationPolicySchema, DEFAULT_ESCALATION) };
}
