import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, resolveScheduleTime, toLocalTime } from '../../../shared/publishing/scheduleTime.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('a wall time in a zone becomes an instant, never guessed across a clock change', () => {
  it('an ordinary time in New York and Berlin', () => {
    expect(resolveScheduleTime('2027-07-01T09:00', 'America/New_York')).toEqual({ kind: 'ok', at: Date.parse('2027-07-01T13:00:00Z') });
    expect(resolveScheduleTime('2027-01-15T09:00', 'Europe/Berlin')).toEqual({ kind: 'ok', at: Date.parse('2027-01-15T08:00:00Z') });
  });

  it('New York spring forward (2027-03-14): 02:30 does not exist; both candidates are given', () => {
    const r = resolveScheduleTime('2027-03-14T02:30', 'America/New_York');
    expect(r.kind).toBe('gap');
    if (r.kind !== 'gap') return;
    expect(iso(r.earlier)).toBe('2027-03-14T06:30:00.000Z');
    expect(iso(r.later)).toBe('2027-03-14T07:30:00.000Z');
    expect(r.message).toContain('does not exist in America/New_York');
    expect(resolveScheduleTime('2027-03-14T02:30', 'America/New_York', 'later')).toEqual({ kind: 'ok', at: r.later });
  });

  it('New York fall back (2027-11-07): 01:30 happens twice, an hour apart', () => {
    const r = resolveScheduleTime('2027-11-07T01:30', 'America/New_York');
    expect(r.kind).toBe('repeat');
    if (r.kind !== 'repeat') return;
    expect(iso(r.earlier)).toBe('2027-11-07T05:30:00.000Z');
    expect(iso(r.later)).toBe('2027-11-07T06:30:00.000Z');
    expect(r.message).toContain('happens twice');
    expect(resolveScheduleTime('2027-11-07T01:30', 'America/New_York', 'earlier')).toEqual({ kind: 'ok', at: r.earlier });
  });

  it('Berlin spring forward (2027-03-28) and fall back (2027-10-31)', () => {
    const gap = resolveScheduleTime('2027-03-28T02:30', 'Europe/Berlin');
    // 01:30 CET (00:30Z) or 03:30 CEST (01:30Z).
    expect(gap).toMatchObject({ kind: 'gap', earlier: Date.parse('2027-03-28T00:30:00Z'), later: Date.parse('2027-03-28T01:30:00Z') });
    const repeat = resolveScheduleTime('2027-10-31T02:30', 'Europe/Berlin');
    expect(repeat).toMatchObject({
      kind: 'repeat',
      earlier: Date.parse('2027-10-31T00:30:00Z'),
      later: Date.parse('2027-10-31T01:30:00Z'),
    });
    // The minute after each change is ordinary again.
    expect(resolveScheduleTime('2027-03-28T03:00', 'Europe/Berlin')).toEqual({ kind: 'ok', at: Date.parse('2027-03-28T01:00:00Z') });
  });

  it('refuses nonsense in plain words', () => {
    expect(resolveScheduleTime('2027-02-30T10:00', 'Europe/Berlin')).toMatchObject({ kind: 'invalid' });
    expect(resolveScheduleTime('tomorrow', 'Europe/Berlin')).toMatchObject({ kind: 'invalid' });
    expect(resolveScheduleTime('2027-02-10T10:00', 'Mars/Olympus')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('time zone'),
    });
  });

  it('shows an instant in the viewer zone', () => {
    const at = Date.parse('2027-03-14T07:30:00Z');
    expect(formatInstant(at, 'America/New_York')).toBe('2027-03-14 03:30 EDT');
    expect(toLocalTime(at, 'Europe/Berlin')).toBe('2027-03-14T08:30');
  });

  it('round trip: any instant shown in a zone and read back names the same instant (or a repeat containing it)', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'UTC', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z') / 60_000, max: Date.parse('2030-01-01T00:00:00Z') / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const at = minute * 60_000;
          const r = resolveScheduleTime(toLocalTime(at, zone), zone);
          if (r.kind === 'ok') expect(r.at).toBe(at);
          else if (r.kind === 'repeat') expect([r.earlier, r.later]).toContain(at);
          else throw new Error(`a shown time cannot be a ${r.kind}`);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
