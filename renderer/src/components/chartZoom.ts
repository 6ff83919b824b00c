/**
 * Zoom arithmetic for the live charts, apart from React: a zoom is a span of whole minutes
 * held in the store, so it survives live updates the way the range does. The window moves
 * on with the clock; what of the span is still inside it is shown, and a span the window has
 * left entirely is no zoom at all.
 */
import { MINUTE_MS } from '../../../shared/domain.js';
import type { ZoomSpan } from '../store/wall/initialState.js';
import type { Plot, Scale } from './chartGeometry.js';

export type { ZoomSpan };

/** Narrower than this says little on a per-minute chart. */
export const MIN_ZOOM_MINUTES = 5;
/** A shorter drag is a click (which opens the minute's posts), not a zoom. */
export const MIN_DRAG_PX = 6;

/** The part of `zoom` inside the window, or null when none is (or it covers the whole window). */
export function zoomInWindow(zoom: ZoomSpan | null, windowFrom: number, windowTo: number): ZoomSpan | null {
  if (!zoom) return null;
  const fromMinute = Math.max(zoom.fromMinute, windowFrom);
  const toMinute = Math.min(zoom.toMinute, windowTo);
  if (toMinute < fromMinute) return null;
  if (fromMinute <= windowFrom && toMinute >= windowTo) return null;
  return { fromMinute, toMinute };
}

/** The minute under a horizontal pixel, clamped to the chart's domain. */
export function minuteAtPx(px: number, plot: Plot, x: Scale): number {
  const ratio = Math.min(1, Math.max(0, (px - plot.left) / Math.max(1, plot.right - plot.left)));
  const time = x.domain[0] + ratio * (x.domain[1] - x.domain[0]);
  return Math.round(time / MINUTE_MS);
}

/** The span a drag from `startPx` to `endPx` selects, at least MIN_ZOOM_MINUTES wide; null for a click. */
export function spanFromDrag(startPx: number, endPx: number, plot: Plot, x: Scale): ZoomSpan | null {
  if (Math.abs(endPx - startPx) < MIN_DRAG_PX) return null;
  const a = minuteAtPx(Math.min(startPx, endPx), plot, x);
  const b = minuteAtPx(Math.max(startPx, endPx), plot, x);
  const domainFrom = Math.round(x.domain[0] / MINUTE_MS);
  const domainTo = Math.round(x.domain[1] / MINUTE_MS);
  return widen({ fromMinute: a, toMinute: b }, MIN_ZOOM_MINUTES, domainFrom, domainTo);
}

/** `span` grown around its middle to `minutes` wide at least, kept inside [from, to]. */
function widen(span: ZoomSpan, minutes: number, from: number, to: number): ZoomSpan {
  const need = Math.min(minutes, to - from + 1) - (span.toMinute - span.fromMinute + 1);
  if (need <= 0) return span;
  let fromMinute = span.fromMinute - Math.floor(need / 2);
  let toMinute = span.toMinute + Math.ceil(need / 2);
  if (fromMinute < from) [fromMinute, toMinute] = [from, toMinute + (from - fromMinute)];
  if (toMinute > to) [fromMinute, toMinute] = [fromMinute - (toMinute - to), to];
  return { fromMinute: Math.max(from, fromMinute), toMinute: Math.min(to, toMinute) };
}

export type ZoomKey = 'in' | 'out' | 'left' | 'right';

/**
 * A keyboard step: `in` halves the span around its middle (from the whole window when not
 * zoomed), `out` doubles it (back to no zoom once it covers the window), `left`/`right` move
 * it by a quarter of its width. Answers the new zoom, null for none.
 */
export function stepZoom(zoom: ZoomSpan | null, key: ZoomKey, windowFrom: number, windowTo: number): ZoomSpan | null {
  const current = zoomInWindow(zoom, windowFrom, windowTo) ?? { fromMinute: windowFrom, toMinute: windowTo };
  const width = current.toMinute - current.fromMinute + 1;
  const middle = (current.fromMinute + current.toMinute) / 2;
  if (key === 'in') {
    const half = Math.max(MIN_ZOOM_MINUTES, Math.round(width / 2));
    const fromMinute = Math.round(middle - half / 2);
    return zoomInWindow(widen({ fromMinute, toMinute: fromMinute + half - 1 }, half, windowFrom, windowTo), windowFrom, windowTo);
  }
  if (key === 'out') {
    const fromMinute = Math.round(middle - width);
    return zoomInWindow(widen({ fromMinute, toMinute: fromMinute + width * 2 - 1 }, width * 2, windowFrom, windowTo), windowFrom, windowTo);
  }
  if (!zoomInWindow(zoom, windowFrom, windowTo)) return null;
  const shift = Math.max(1, Math.round(width / 4)) * (key === 'left' ? -1 : 1);
  const fromMinute = Math.min(Math.max(windowFrom, current.fromMinute + shift), windowTo - width + 1);
  return { fromMinute, toMinute: fromMinute + width - 1 };
}
