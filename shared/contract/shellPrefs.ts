/**
 * The desktop window tells its main process this computer's notification choices (kept in the
 * window's localStorage, renderer/src/notify/prefs.ts), at start and on every change: the main
 * process raises the native notifications, also while the window is hidden or closed, so it
 * needs them itself. A call on the window's IPC call channel that the main process answers;
 * never an engine's or a hub's method, and never sent to one.
 */
import { z } from 'zod';
import { SEVERITIES, severitySchema } from '../domain.js';

export const SHELL_NOTIFY_PREFS_METHOD = 'shell.notifyPrefs';

export const notifyPrefsSchema = z
  .object({
    /** "Notify me when I am paged": a page for this person raises a native notification. */
    pages: z.boolean(),
    /** Severities whose alerts raise no native notification (Settings → mute). Older windows did not send it. */
    muted: z.array(severitySchema).max(SEVERITIES.length).default([]),
  })
  .strict();
export type NotifyPrefs = z.infer<typeof notifyPrefsSchema>;

/** Until the window says otherwise (and after a file that cannot be read): pages notify. */
export const DEFAULT_NOTIFY_PREFS: NotifyPrefs = Object.freeze({ pages: true, muted: [] });
