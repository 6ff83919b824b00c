/**
 * A first start pages back through history one page per poll, which for a busy source takes
 * hours. Live posts must not wait for it: while history is being paged, an adapter still reads
 * forward at about the source's interval, and pages history in the polls between. The rule of
 * when a forward read is due lives here so every adapter that interleaves keeps the same one.
 */
import { z } from 'zod';
import type { PollContext } from './types.js';

/** The poller's default interval, for a caller that polls once without one (a form's "Test"). */
const DEFAULT_INTERVAL_MS = 60_000;

export const forwardMark = z.object({
  /** When the forward position was last read (epoch ms). */
  at: z.number(),
  /** That read left newer pages waiting: they come before the interval, one history page between. */
  more: z.boolean(),
  /** The last read was a history page, so waiting forward pages may go next. */
  history: z.boolean(),
});
export type ForwardMark = z.infer<typeof forwardMark>;

/**
 * Whether this poll should read forward rather than the next history page. No mark (a cursor
 * from before interleaving) reads forward at once: it may have waited a long time already.
 */
export function forwardDue(mark: ForwardMark | null | undefined, ctx: PollContext): boolean {
  if (!mark) return true;
  const now = ctx.now();
  // A clock set back must not hold live posts back until it catches up.
  if (now < mark.at || now - mark.at >= (ctx.intervalMs ?? DEFAULT_INTERVAL_MS)) return true;
  // Alternating keeps a busy source, whose every forward read brings something, from starving history.
  return mark.more && mark.history;
}

export const afterForward = (ctx: PollContext, more: boolean): ForwardMark => ({ at: ctx.now(), more, history: false });

export const afterHistory = (mark: ForwardMark | null | undefined, ctx: PollContext): ForwardMark =>
  mark ? { ...mark, history: true } : { at: ctx.now(), more: false, history: true };
