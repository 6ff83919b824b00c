/**
 * This browser's own preferences (not the team's): sound, muted severities, pages, theme. Kept in
 * localStorage, read through a tiny external store so React and the notifier agree.
 */
import { useSyncExternalStore } from 'react';
import { z } from 'zod';
import { severitySchema } from '../../../shared/domain.js';

const KEY = 'surge.prefs';
const prefsSchema = z.object({
  sound: z.boolean().default(false),
  muted: z.array(severitySchema).default([]),
  /** A page for me raises a notification (and the tone, when on); on unless turned off. */
  pages: z.boolean().default(true),
  theme: z.enum(['dark', 'light', 'system']).default('dark'),
});
export type Prefs = z.infer<typeof prefsSchema>;

const DEFAULTS: Prefs = prefsSchema.parse({});
let current: Prefs = load();
const listeners = new Set<() => void>();

function load(): Prefs {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const parsed = prefsSchema.safeParse(raw ? JSON.parse(raw) : {});
    return parsed.success ? parsed.data : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

export const getPrefs = (): Prefs => current;

export function setPrefs(patch: Partial<Prefs>): void {
  current = { ...current, ...patch };
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(current));
  } catch {
    // Private mode or full storage: the choice lasts for this page only.
  }
  applyTheme();
  listeners.forEach((listener) => listener());
}

/** Called after every change of the preferences; returns the unsubscribe function. */
export function subscribePrefs(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function usePrefs(): Prefs {
  // The same snapshot when rendered to markup (tests of the Settings screen), where there is no store to subscribe to.
  return useSyncExternalStore(subscribePrefs, getPrefs, getPrefs);
}

/** Light or dark on <html data-theme>; wall mode forces dark through its own class. */
export function applyTheme(): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  const wantsLight =
    current.theme === 'light' || (current.theme === 'system' && globalThis.matchMedia?.('(prefers-color-scheme: light)').matches);
  if (wantsLight) root.setAttribute('data-theme', 'light');
  else root.removeAttribute('data-theme');
}
