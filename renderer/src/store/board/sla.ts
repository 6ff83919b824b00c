/**
 * The SLA countdown a card shows: time left while the target is ahead (amber once inside the
 * warning window), time over once it passed (red), "paused" while the clock is stopped
 * (waiting on the customer), nothing once every target is met or off.
 */
import { SLA_TARGETS, type CardSla, type SlaClock, type SlaTargetName } from '../../../../shared/contract/methods.js';
import { countOf } from '../../../../shared/plural.js';

export type SlaTone = 'ok' | 'warn' | 'breached' | 'paused';

export interface SlaCountdown {
  tone: SlaTone;
  /** Short text for the card: `12m left`, `1h 05m over`, `paused`. */
  text: string;
  /** The same in a sentence, for screen readers and the title attribute. */
  label: string;
}

/** `42s`, `12m`, `1h 05m`, `3d 4h`: compact, never negative. */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `formatSpan` spelled out: `1 hour 5 minutes`. */
function spellSpan(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const part = (n: number, unit: string) => countOf(n, unit);
  if (hours === 0) return part(minutes, 'minute');
  return rest === 0 ? part(hours, 'hour') : `${part(hours, 'hour')} ${part(rest, 'minute')}`;
}

const TARGET_WORDS: Record<SlaTargetName, string> = {
  firstResponse: 'First response',
  nextResponse: 'Next response',
  resolution: 'Resolution',
};

/**
 * The countdown of the most urgent running clock (earliest due), or of a paused one when none
 * runs; null when every clock is met or off. `now` is the hub's clock (skew corrected).
 */
export function cardCountdown(sla: CardSla, now: number): SlaCountdown | null {
  let urgent: { name: SlaTargetName; clock: SlaClock } | null = null;
  let paused: { name: SlaTargetName; clock: SlaClock } | null = null;
  for (const name of SLA_TARGETS) {
    const clock = sla[name];
    if ((clock.state === 'running' || clock.state === 'breached') && clock.dueAt !== null) {
      if (!urgent || clock.dueAt < urgent.clock.dueAt!) urgent = { name, clock };
    } else if (clock.state === 'paused' && !paused) paused = { name, clock };
  }
  if (urgent) {
    const { clock } = urgent;
    const target = TARGET_WORDS[urgent.name];
    const left = clock.dueAt! - now;
    if (left < 0 || clock.state === 'breached' || clock.breachedAt !== null) {
      return { tone: 'breached', text: `${formatSpan(left)} over`, label: `${target} target breached ${spellSpan(left)} ago` };
    }
    return {
      tone: clock.warnAt !== null && now >= clock.warnAt ? 'warn' : 'ok',
      text: `${formatSpan(left)} left`,
      label: `${target} due in ${spellSpan(left)}`,
    };
  }
  if (paused) {
    const left = paused.clock.remainingMs;
    const target = TARGET_WORDS[paused.name];
    return {
      tone: 'paused',
      text: left !== null ? `${formatSpan(left)} paused` : 'paused',
      label:
        left !== null
          ? `${target} clock paused while waiting on the customer, ${spellSpan(left)} left`
          : `${target} clock paused while waiting on the customer`,
    };
  }
  return null;
}

/** Breached now: the engine marked it, or a running clock passed its due time since. */
export function isBreachedAt(sla: CardSla, now: number): boolean {
  if (sla.level === 'breached') return true;
  return SLA_TARGETS.some((name) => {
    const clock = sla[name];
    return clock.state === 'breached' || (clock.state === 'running' && clock.dueAt !== null && clock.dueAt <= now);
  });
}
