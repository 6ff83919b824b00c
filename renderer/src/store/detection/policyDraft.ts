/**
 * The alert-settings form: an AlertPolicy as the form holds it (numbers as typed strings,
 * quiet hours as HH:MM in the browser's zone) and back. Conversions are pure so the slice
 * and its tests share them.
 */
import type { AlertPolicy } from '../../../../shared/domain.js';

export type Sensitivity = AlertPolicy['sensitivity'];

export interface PolicyDraft {
  sensitivity: Sensitivity;
  minVolume: string;
  alertOnDrops: boolean;
  quietEnabled: boolean;
  /** HH:MM in the zone of `utcOffsetMinutes` (the browser's). */
  quietStart: string;
  quietEnd: string;
  utcOffsetMinutes: number;
  /** Expert knobs; an empty score means "the sensitivity's own level". */
  openScore: string;
  criticalScore: string;
  resolveFraction: string;
  resolveAfterMinutes: string;
}

const DAY = 1440;
const pad = (n: number) => String(n).padStart(2, '0');
const wrap = (minute: number) => ((minute % DAY) + DAY) % DAY;

export const minuteToClock = (minute: number): string => `${pad(Math.floor(wrap(minute) / 60))}:${pad(wrap(minute) % 60)}`;

export function clockToMinute(clock: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

/** `+02:00`, `-05:30`, `±00:00` → for "times in your zone (UTC+02:00)". */
export function formatUtcOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '−' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const numberText = (value: number | undefined): string => (value === undefined ? '' : String(value));

/** A stored policy → the form, with quiet hours moved into the browser's zone. */
export function draftFromPolicy(policy: AlertPolicy, browserOffset: number): PolicyDraft {
  const quiet = policy.quietHours;
  const shift = quiet ? browserOffset - quiet.utcOffsetMinutes : 0;
  return {
    sensitivity: policy.sensitivity,
    minVolume: String(policy.minVolume),
    alertOnDrops: policy.alertOnDrops,
    quietEnabled: quiet !== null,
    quietStart: quiet ? minuteToClock(quiet.startMinute + shift) : '22:00',
    quietEnd: quiet ? minuteToClock(quiet.endMinute + shift) : '07:00',
    utcOffsetMinutes: browserOffset,
    openScore: numberText(policy.openScore),
    criticalScore: numberText(policy.criticalScore),
    resolveFraction: String(policy.resolveFraction),
    resolveAfterMinutes: String(policy.resolveAfterMinutes),
  };
}

export type BuiltPolicy = { ok: true; policy: AlertPolicy } | { ok: false; error: string };

function readNumber(text: string, label: string, min: number, max: number, options: { integer?: boolean } = {}): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return `${label} must be a number.`;
  if (options.integer && !Number.isInteger(value)) return `${label} must be a whole number.`;
  if (value < min || value > max)
    return max === Infinity ? `${label} must be at least ${min}.` : `${label} must be between ${min} and ${max}.`;
  return value;
}

/** The form → a policy the engine accepts, or the first problem in plain words. */
export function policyFromDraft(draft: PolicyDraft): BuiltPolicy {
  const minVolume = readNumber(draft.minVolume, 'Minimum volume', 0, Infinity);
  const resolveFraction = readNumber(draft.resolveFraction, 'Resolve fraction', 0, 1);
  const resolveAfterMinutes = readNumber(draft.resolveAfterMinutes, 'Resolve after', 0, 1440, { integer: true });
  const openScore = draft.openScore.trim() === '' ? undefined : readNumber(draft.openScore, 'Open score', 0, 1);
  const criticalScore = draft.criticalScore.trim() === '' ? undefined : readNumber(draft.criticalScore, 'Critical score', 0, 1);
  for (const value of [minVolume, openScore, criticalScore, resolveFraction, resolveAfterMinutes]) {
    if (typeof value === 'string') return { ok: false, error: value };
  }
  let quietHours: AlertPolicy['quietHours'] = null;
  if (draft.quietEnabled) {
    const startMinute = clockToMinute(draft.quietStart);
    const endMinute = clockToMinute(draft.quietEnd);
    if (startMinute === null || endMinute === null) return { ok: false, error: 'Quiet hours need a start and an end time (HH:MM).' };
    if (startMinute === endMinute)
      return { ok: false, error: 'Quiet hours start and end at the same time; pick different times or turn them off.' };
    quietHours = { startMinute, endMinute, utcOffsetMinutes: draft.utcOffsetMinutes };
  }
  const policy: AlertPolicy = {
    sensitivity: draft.sensitivity,
    resolveFraction: resolveFraction as number,
    resolveAfterMinutes: resolveAfterMinutes as number,
    minVolume: minVolume as number,
    alertOnDrops: draft.alertOnDrops,
    quietHours,
  };
  if (openScore !== undefined) policy.openScore = openScore as number;
  if (criticalScore !== undefined) policy.criticalScore = criticalScore as number;
  return { ok: true, policy };
}
