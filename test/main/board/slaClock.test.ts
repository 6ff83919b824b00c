/**
 * The SLA clock against a reference that counts 15-minute slots one by one, reading each
 * slot's local weekday and time with Intl (not Temporal), over weeks with DST changes in four
 * zones: paused time never counts, only business hours count, and the due instant is exactly
 * where the counted time reaches the target.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../../shared/contract/board.js';
import { addBusinessMs, businessMs, elapsedMs, instantReaching, type ClockRun } from '../../../main/board/slaClock.js';

const Q = 15 * 60_000;
const HOUR = 60 * 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function localSlot(zone: string, at: number): { day: number; hhmm: string } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return { day, hhmm: `${parts.hour}:${parts.minute}` };
}

/** Counted time by brute force: every 15-minute slot that is in business hours and not paused. */
function reference(hours: BusinessHours | null, run: ClockRun, at: number): number {
  let total = 0;
  for (let t = run.start; t < at; t += Q) {
    const paused = run.pauses.some(([s, e]) => t >= s && t < e) || (run.pausedSince !== null && t >= run.pausedSince);
    if (paused) continue;
    if (hours) {
      const { day, hhmm } = localSlot(hours.zone, t);
      if (!hours.days.some((d) => d.day === day && hhmm >= d.start && hhmm < d.end)) continue;
    }
    total += Q;
  }
  return total;
}

// Window edges avoid 01:00–03:59 local, where a DST change makes a wall time missing or
// doubled (there the clock follows Temporal's rule, which a slot count cannot express).
const edgeHours = [0, ...Array.from({ length: 20 }, (_, i) => i + 4)];
const edge = fc.record({ h: fc.constantFrom(...edgeHours), m: fc.constantFrom(0, 15, 30, 45) }).map(({ h, m }) => h * 60 + m);
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const windowArb = fc
  .record({ day: fc.integer({ min: 1, max: 7 }), a: edge, b: edge })
  .filter(({ a, b }) => a !== b)
  .map(({ day, a, b }) => ({ day, start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) }));
const zoneArb = fc.constantFrom('America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'UTC');
const hoursArb: fc.Arbitrary<BusinessHours | null> = fc.option(
  fc.record({ zone: zoneArb, days: fc.array(windowArb, { minLength: 1, maxLength: 8 }) }),
  { nil: null, freq: 4 },
);
/** Around the 2026 DST changes of the three zones that have them. */
const DST_DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01'].map((d) =>
  Date.parse(`${d}T00:00:00Z`),
);
const instantArb = fc
  .record({ base: fc.constantFrom(...DST_DAYS), slots: fc.integer({ min: -4 * 96, max: 2 * 96 }) })
  .map(({ base, slots }) => base + slots * Q);

const runArb = fc
  .record({
    start: instantArb,
    pauses: fc.array(fc.record({ from: fc.integer({ min: 0, max: 4 * 96 }), len: fc.integer({ min: 1, max: 96 }) }), { maxLength: 4 }),
    openPause: fc.option(fc.integer({ min: 0, max: 5 * 96 }), { nil: null }),
    length: fc.integer({ min: 0, max: 5 * 96 }),
  })
  .map(({ start, pauses, openPause, length }) => ({
    run: {
      start,
      pauses: pauses.map(({ from, len }) => [start + from * Q, start + (from + len) * Q] as const),
      pausedSince: openPause === null ? null : start + openPause * Q,
    } satisfies ClockRun,
    at: start + length * Q,
  }));

describe('the SLA clock', () => {
  it('counts exactly the business time outside pauses (reference: slot by slot with Intl)', () => {
    fc.assert(
      fc.property(hoursArb, runArb, (hours, { run, at }) => {
        expect(elapsedMs(hours, run, at)).toBe(reference(hours, run, at));
      }),
      { numRuns: 150 },
    );
  });

  it('never counts paused time: the clock stands still inside a pause', () => {
    fc.assert(
      fc.property(hoursArb, runArb, fc.integer({ min: 0, max: 96 }), (hours, { run }, k) => {
        for (const [s, e] of run.pauses) {
          const inside = Math.min(s + k * Q, e);
          expect(elapsedMs(hours, run, inside)).toBe(elapsedMs(hours, run, s));
        }
        if (run.pausedSince !== null)
          expect(elapsedMs(hours, run, run.pausedSince + k * HOUR)).toBe(elapsedMs(hours, run, run.pausedSince));
      }),
      { numRuns: 100 },
    );
  });

  it('is due exactly where the counted time reaches the target, and not a millisecond earlier', () => {
    fc.assert(
      fc.property(hoursArb, runArb, fc.integer({ min: 1, max: 40 * 4 }), (hours, { run }, quarters) => {
        const open = { ...run, pausedSince: null };
        const target = quarters * Q;
        const due = instantReaching(hours, open, target);
        if (due === null) {
          // It gives up only on hours too thin to reach the target within its three-year horizon
          // (15 minutes a week against a 39.5-hour target was one such case).
          expect(elapsedMs(hours, open, run.start + 3 * 365 * 24 * 60 * 60_000)).toBeLessThan(target);
          return;
        }
        expect(elapsedMs(hours, open, due)).toBe(target);
        expect(elapsedMs(hours, open, due - 1)).toBeLessThan(target);
      }),
      { numRuns: 100 },
    );
  });

  it('is never due while a pause is still open before the target is reached', () => {
    const run: ClockRun = { start: 0, pauses: [], pausedSince: 10 * 60_000 };
    expect(instantReaching(null, run, 30 * 60_000)).toBeNull();
    expect(instantReaching(null, run, 5 * 60_000)).toBe(5 * 60_000);
  });

  it('business hours: Friday 16:00 plus two hours is Monday 10:00, across the US spring-forward weekend', () => {
    const nineToFive: BusinessHours = {
      zone: 'America/New_York',
      days: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
    };
    const friday4pm = Date.parse('2026-03-06T21:00:00Z'); // EST, UTC-5
    const due = addBusinessMs(nineToFive, friday4pm, 2 * HOUR);
    expect(new Date(due!).toISOString()).toBe('2026-03-09T14:00:00.000Z'); // Monday 10:00 EDT, UTC-4
    expect(businessMs(nineToFive, friday4pm, due!)).toBe(2 * HOUR);
    // A whole week of 9–5 is 40 hours, the DST week too.
    expect(businessMs(nineToFive, Date.parse('2026-03-02T00:00:00Z'), Date.parse('2026-03-16T00:00:00Z'))).toBe(80 * HOUR);
  });

  it('a wall time skipped by DST opens the window at the first instant after it (Temporal’s compatible rule)', () => {
    const night: BusinessHours = { zone: 'America/New_York', days: [{ day: 7, start: '02:30', end: '04:00' }] };
    const sunday = Date.parse('2026-03-08T05:00:00Z'); // 00:00 EST
    expect(businessMs(night, sunday, sunday + 24 * HOUR)).toBe(30 * 60_000);
  });
});
