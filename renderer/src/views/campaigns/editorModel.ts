/**
 * The post editor's checks, pure so they are tested without a browser: the length per target
 * network as you type (the engine's own rules from shared/publishing) and the time as typed in
 * a zone, with a DST gap or repeat flagged before anything is sent.
 */
import type { PublishingAccount } from '../../../../shared/contract/campaigns.js';
import { NETWORK_LABELS, type Network } from '../../../../shared/publishing/networks.js';
import { resolveScheduleTime, type Choice, type ScheduleTime } from '../../../../shared/publishing/scheduleTime.js';
import { checkText, DEFAULT_LIMITS, type TextCheck } from '../../../../shared/publishing/textLimits.js';

export interface EditorForm {
  text: string;
  accounts: string[];
  /** `YYYY-MM-DDTHH:mm` as the datetime-local input gives it. */
  localTime: string;
  zone: string;
  /** How the author settled a DST gap or repeat, once asked. */
  choice: Choice | null;
  campaignId: number | null;
}

export interface Counter extends TextCheck {
  /** "Mastodon", or "Mastodon (social.example: 1000)" when accounts on one network differ. */
  label: string;
  /** The accounts this counter speaks for. */
  accounts: string[];
}

/**
 * One counter per network and limit among the chosen accounts (two Mastodon instances with
 * different limits get one each); with no account chosen, one per network at its default
 * limit, so the author sees the limits while writing.
 */
export function counters(text: string, chosen: readonly string[], accounts: readonly PublishingAccount[]): Counter[] {
  const targets = accounts.filter((a) => chosen.includes(a.name));
  const groups = new Map<string, { network: Network; limit: number; accounts: string[] }>();
  if (targets.length === 0) {
    for (const network of Object.keys(DEFAULT_LIMITS) as Network[])
      groups.set(network, { network, limit: DEFAULT_LIMITS[network], accounts: [] });
  }
  for (const account of targets) {
    const key = `${account.network}:${account.charLimit}`;
    const group = groups.get(key) ?? { network: account.network, limit: account.charLimit, accounts: [] };
    group.accounts.push(account.name);
    groups.set(key, group);
  }
  const perNetwork = (network: Network) => [...groups.values()].filter((g) => g.network === network).length;
  return [...groups.values()].map((group) => ({
    ...checkText(group.network, text, group.limit),
    label:
      perNetwork(group.network) > 1
        ? `${NETWORK_LABELS[group.network]} (${group.accounts.join(', ')}: ${group.limit})`
        : NETWORK_LABELS[group.network],
    accounts: group.accounts,
  }));
}

export type TimeCheck =
  | { kind: 'empty' }
  | ScheduleTime
  /** Settled (ok), but in the past: it would wait for a new time or go out late. */
  | { kind: 'past'; at: number; message: string };

export function checkTime(form: Pick<EditorForm, 'localTime' | 'zone' | 'choice'>, now: number): TimeCheck {
  if (form.localTime === '') return { kind: 'empty' };
  const resolved = resolveScheduleTime(form.localTime, form.zone, form.choice ?? undefined);
  if (resolved.kind === 'ok' && resolved.at <= now)
    return { kind: 'past', at: resolved.at, message: 'This time has already passed: choose a later one.' };
  return resolved;
}

/**
 * What stops "Send for approval"; a draft may be saved too long or in the past, never with an
 * unsettled time nor without an account (the hub refuses a draft with none).
 */
export function blockers(form: EditorForm, accounts: readonly PublishingAccount[], now: number, submit: boolean): string[] {
  const problems: string[] = [];
  const time = checkTime(form, now);
  if (time.kind === 'empty') problems.push('Choose a date and time.');
  else if (time.kind !== 'ok' && (submit || time.kind !== 'past')) problems.push(time.message);
  if (form.accounts.length === 0) problems.push('Choose at least one account to post to.');
  if (!submit) return problems;
  for (const counter of counters(form.text, form.accounts, accounts)) if (counter.problem) problems.push(counter.problem);
  return [...new Set(problems)];
}
