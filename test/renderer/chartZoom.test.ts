/** Zoom arithmetic: drag to span, keyboard steps, and what is left of a zoom as the window moves. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_ZOOM_MINUTES, minuteAtPx, spanFromDrag, stepZoom, zoomInWindow } from '../../renderer/src/components/chartZoom.js';
import { plotBox, timeScale } from '../../renderer/src/components/chartGeometry.js';
import { MINUTE_MS } from '../../shared/domain.js';

const FROM = 29_000_000;
const TO = FROM + 59; // a one-hour window
const plot = plotBox(648, 300); // 48 px axis, 584 px of plot: 10 px per minute over 59 intervals-ish
const x = timeScale(FROM * MINUTE_MS, TO * MINUTE_MS, plot, 0);
const pxOf = (minute: number) => x.at(minute * MINUTE_MS);

describe('drag to zoom', () => {
  it('turns a drag into the minutes under it, either direction', () => {
    expect(spanFromDrag(pxOf(FROM + 10), pxOf(FROM + 30), plot, x)).toEqual({ fromMinute: FROM + 10, toMinute: FROM + 30 });
    expect(spanFromDrag(pxOf(FROM + 30), pxOf(FROM + 10), plot, x)).toEqual({ fromMinute: FROM + 10, toMinute: FROM + 30 });
  });

  it('is a click below a few pixels, and never narrower than the minimum span', () => {
    expect(spanFromDrag(100, 104, plot, x)).toBeNull();
    const narrow = spanFromDrag(pxOf(FROM + 20), pxOf(FROM + 21), plot, x)!;
    expect(narrow.toMinute - narrow.fromMinute + 1).toBe(MIN_ZOOM_MINUTES);
    expect(narrow.fromMinute).toBeLessThanOrEqual(FROM + 20);
    expect(narrow.toMinute).toBeGreaterThanOrEqual(FROM + 21);
  });

  it('clamps a drag that leaves the plot to its edges', () => {
    expect(minuteAtPx(-50, plot, x)).toBe(FROM);
    expect(minuteAtPx(5000, plot, x)).toBe(TO);
    const edge = spanFromDrag(pxOf(TO - 1), 5000, plot, x)!;
    expect(edge).toEqual({ fromMinute: TO - MIN_ZOOM_MINUTES + 1, toMinute: TO });
  });
});

describe('zoom as the window moves', () => {
  it('keeps what is still inside, and is no zoom once the window left it or it covers the window', () => {
    const zoom = { fromMinute: FROM + 5, toMinute: FROM + 20 };
    expect(zoomInWindow(zoom, FROM, TO)).toEqual(zoom);
    expect(zoomInWindow(zoom, FROM + 10, TO + 10)).toEqual({ fromMinute: FROM + 10, toMinute: FROM + 20 });
    expect(zoomInWindow(zoom, FROM + 21, TO + 21)).toBeNull();
    expect(zoomInWindow({ fromMinute: FROM - 5, toMinute: TO + 5 }, FROM, TO)).toBeNull();
    expect(zoomInWindow(null, FROM, TO)).toBeNull();
  });
});

describe('keyboard zoom', () => {
  it('+ halves around the middle, − doubles back to no zoom, arrows move by a quarter', () => {
    const half = stepZoom(null, 'in', FROM, TO)!;
    expect(half.toMinute - half.fromMinute + 1).toBe(30);
    expect(half.fromMinute).toBe(FROM + 15);
    const left = stepZoom(half, 'left', FROM, TO)!;
    expect(left).toEqual({ fromMinute: half.fromMinute - 8, toMinute: half.toMinute - 8 });
    expect(stepZoom(half, 'out', FROM, TO)).toBeNull();
    // Not zoomed: arrows do nothing.
    expect(stepZoom(null, 'left', FROM, TO)).toBeNull();
  });

  it('stays inside the window and at least the minimum wide, whatever the keys', () => {
    const key = fc.constantFrom('in' as const, 'out' as const, 'left' as const, 'right' as const);
    fc.assert(
      fc.property(fc.array(key, { maxLength: 40 }), (keys) => {
        let zoom = null as ReturnType<typeof stepZoom>;
        for (const k of keys) {
          const before = zoom;
          zoom = stepZoom(zoom, k, FROM, TO);
          if (!zoom) continue;
          expect(zoom.fromMinute).toBeGreaterThanOrEqual(FROM);
          expect(zoom.toMinute).toBeLessThanOrEqual(TO);
          expect(zoom.toMinute - zoom.fromMinute + 1).toBeGreaterThanOrEqual(MIN_ZOOM_MINUTES);
          if ((k === 'left' || k === 'right') && before) {
            expect(zoom.toMinute - zoom.fromMinute).toBe(before.toMinute - before.fromMinute);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
