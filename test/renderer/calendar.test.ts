import { describe, expect, it } from 'vitest';
import {
  bucketByDay,
  hourGrid,
  monthWeeks,
  rangeTitle,
  shiftAnchor,
  timeInZone,
  timeWithZoneName,
  visibleDays,
  weekDays,
} from '../../renderer/src/views/campaigns/calendar.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

describe('calendar layout in a zone', () => {
  it('a week starts on Monday in the zone, not in UTC', () => {
    // Sunday 23:30 in New York is already Monday in UTC: still the week before there.
    const days = weekDays(at('2026-03-02T04:30:00Z'), NEW_YORK);
    expect(days.map((d) => d.date)).toEqual([
      '2026-02-23',
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(days[0]!.start).toBe(at('2026-02-23T05:00:00Z'));
    expect(days.every((d, i) => i === 0 || d.start === days[i - 1]!.end)).toBe(true);
  });

  it('the day the clocks go forward has 23 hours, the day they go back 25, in two zones', () => {
    const spring = weekDays(at('2026-03-29T12:00:00Z'), BERLIN).find((d) => d.date === '2026-03-29')!;
    expect(spring.hours).toBe(23);
    expect(spring.end - spring.start).toBe(23 * 3_600_000);
    const autumn = weekDays(at('2026-10-25T12:00:00Z'), BERLIN).find((d) => d.date === '2026-10-25')!;
    expect(autumn.hours).toBe(25);
    const nySpring = weekDays(at('2026-03-08T17:00:00Z'), NEW_YORK).find((d) => d.date === '2026-03-08')!;
    expect(nySpring.hours).toBe(23);
    const nyAutumn = weekDays(at('2026-11-01T17:00:00Z'), NEW_YORK).find((d) => d.date === '2026-11-01')!;
    expect(nyAutumn.hours).toBe(25);
    expect(weekDays(at('2026-03-29T12:00:00Z'), BERLIN).filter((d) => d.hours !== 24)).toHaveLength(1);
  });

  it('posts fall on the local day, including late on a 25-hour day', () => {
    // 25 October 2026 is a Sunday: the month grid holds the Monday after it too.
    const days = visibleDays('month', at('2026-10-25T12:00:00Z'), BERLIN);
    const posts = [
      { id: 'late-sunday', at: at('2026-10-25T22:30:00Z') }, // 23:30 CET, Sunday
      { id: 'monday', at: at('2026-10-25T23:30:00Z') }, // 00:30 Monday
      { id: 'repeated-hour-2nd', at: at('2026-10-25T01:30:00Z') }, // 02:30 CET, second time
      { id: 'repeated-hour-1st', at: at('2026-10-25T00:30:00Z') }, // 02:30 CEST, first time
      { id: 'outside', at: at('2026-11-19T10:00:00Z') },
    ];
    const buckets = bucketByDay(posts, (p) => p.at, days);
    const byDate = Object.fromEntries(days.map((d, i) => [d.date, buckets[i]!.map((p) => p.id)]));
    expect(byDate['2026-10-25']).toEqual(['repeated-hour-1st', 'repeated-hour-2nd', 'late-sunday']);
    expect(byDate['2026-10-26']).toEqual(['monday']);
    expect(buckets.flat()).toHaveLength(4);
    expect(timeInZone(at('2026-10-25T00:30:00Z'), BERLIN)).toBe('02:30');
    expect(timeInZone(at('2026-10-25T01:30:00Z'), BERLIN)).toBe('02:30');
  });

  it('a month grid is whole weeks, borrowed days marked, and covers every day of the month', () => {
    const weeks = monthWeeks(at('2026-03-15T12:00:00Z'), BERLIN);
    expect(weeks.every((w) => w.length === 7 && w[0]!.weekday === 1)).toBe(true);
    const inMonth = weeks.flat().filter((d) => d.inRange);
    expect(inMonth).toHaveLength(31);
    expect(inMonth[0]!.date).toBe('2026-03-01');
    expect(weeks[0]![0]!.date).toBe('2026-02-23');
    expect(weeks[0]![0]!.inRange).toBe(false);
    expect(weeks.flat().find((d) => d.date === '2026-03-29')!.hours).toBe(23);
    // February 2027 starts on a Monday and has 28 days: exactly four rows.
    expect(monthWeeks(at('2027-02-10T12:00:00Z'), BERLIN)).toHaveLength(4);
  });

  it('moving a week or a month keeps to the zone’s calendar across a DST change', () => {
    const start = at('2026-03-25T12:00:00Z');
    const nextWeek = shiftAnchor(start, BERLIN, 'week', 1);
    expect(weekDays(nextWeek, BERLIN)[0]!.date).toBe('2026-03-30');
    const back = shiftAnchor(nextWeek, BERLIN, 'week', -1);
    expect(weekDays(back, BERLIN)[0]!.date).toBe('2026-03-23');
    // From 31 January one month on is February, not 3 March.
    const feb = shiftAnchor(at('2026-01-31T12:00:00Z'), BERLIN, 'month', 1);
    expect(visibleDays('month', feb, BERLIN).filter((d) => d.inRange)[0]!.date).toBe('2026-02-01');
  });

  it('titles the range in the zone', () => {
    expect(rangeTitle('month', visibleDays('month', at('2026-03-15T12:00:00Z'), BERLIN), BERLIN, 'en-GB')).toBe('March 2026');
    expect(rangeTitle('week', weekDays(at('2026-03-25T12:00:00Z'), BERLIN), BERLIN, 'en-GB')).toMatch(/23.+29 Mar 2026/);
  });
});

describe('the week by hour', () => {
  const post = (iso: string) => ({ id: iso, at: at(iso) });
  const ids = (cell: { items: { id: string }[] }) => cell.items.map((p) => p.id);

  it('puts each post in its local hour; the hour the clocks skip is empty and the hour they repeat holds both passes', () => {
    const spring = weekDays(at('2026-03-29T12:00:00Z'), BERLIN);
    const sunday = spring.findIndex((d) => d.date === '2026-03-29');
    const springPosts = [
      post('2026-03-29T00:30:00Z'),
      post('2026-03-29T01:15:00Z'),
      post('2026-03-29T21:30:00Z'),
      post('2026-03-28T22:59:00Z'),
    ];
    const grid = hourGrid(springPosts, (p) => p.at, spring, BERLIN);
    expect(grid).toHaveLength(24);
    expect(grid.every((row) => row.length === 7)).toBe(true);
    // 00:30 UTC is 01:30 CET; 01:15 UTC is already 03:15 CEST; 21:30 UTC is 23:30 CEST, still Sunday.
    expect(ids(grid[1]![sunday]!)).toEqual(['2026-03-29T00:30:00Z']);
    expect(grid[2]![sunday]).toEqual({ minutes: 0, items: [] });
    expect(ids(grid[3]![sunday]!)).toEqual(['2026-03-29T01:15:00Z']);
    expect(ids(grid[23]![sunday]!)).toEqual(['2026-03-29T21:30:00Z']);
    // 22:59 UTC on Saturday is 23:59 CET on Saturday.
    expect(ids(grid[23]![sunday - 1]!)).toEqual(['2026-03-28T22:59:00Z']);
    expect(grid.flat().filter((c) => c.minutes !== 60)).toHaveLength(1);

    const autumn = weekDays(at('2026-10-25T12:00:00Z'), BERLIN);
    const back = autumn.findIndex((d) => d.date === '2026-10-25');
    const twice = hourGrid(
      [post('2026-10-25T01:30:00Z'), post('2026-10-25T00:30:00Z'), post('2026-10-25T02:00:00Z')],
      (p) => p.at,
      autumn,
      BERLIN,
    );
    // 02:30 CEST and 02:30 CET: one row, both passes, by time; 02:00 UTC is 03:00 CET.
    expect(twice[2]![back]).toMatchObject({ minutes: 120 });
    expect(ids(twice[2]![back]!)).toEqual(['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']);
    expect(ids(twice[3]![back]!)).toEqual(['2026-10-25T02:00:00Z']);
    expect([
      timeWithZoneName(at('2026-10-25T00:30:00Z'), BERLIN, 'en-GB'),
      timeWithZoneName(at('2026-10-25T01:30:00Z'), BERLIN, 'en-GB'),
    ]).toEqual(['02:30 CEST', '02:30 CET']);
    // The sum of a day's rows is its length: 23, 24 or 25 hours.
    const hoursOf = (g: typeof grid, i: number) => g.reduce((sum, row) => sum + row[i]!.minutes, 0) / 60;
    expect(spring.map((_, i) => hoursOf(grid, i))).toEqual(spring.map((d) => d.hours));
    expect(autumn.map((_, i) => hoursOf(twice, i))).toEqual(autumn.map((d) => d.hours));
  });

  it('follows the viewer’s zone: the same instant is another row and day in New York, and its DST comes on another week', () => {
    const instant = post('2026-03-29T01:15:00Z');
    const ny = weekDays(instant.at, NEW_YORK);
    const grid = hourGrid([instant], (p) => p.at, ny, NEW_YORK);
    const saturday = ny.findIndex((d) => d.date === '2026-03-28');
    expect(ids(grid[21]![saturday]!)).toEqual([instant.id]);
    expect(grid.flat().every((c) => c.minutes === 60)).toBe(true);
    const nySpring = weekDays(at('2026-03-08T17:00:00Z'), NEW_YORK);
    const skipped = hourGrid([], (p: { at: number }) => p.at, nySpring, NEW_YORK);
    expect(skipped[2]![nySpring.findIndex((d) => d.date === '2026-03-08')]!.minutes).toBe(0);
    expect(
      hourGrid([post('2026-04-20T10:00:00Z')], (p) => p.at, ny, NEW_YORK)
        .flat()
        .every((c) => c.items.length === 0),
    ).toBe(true);
  });
});
