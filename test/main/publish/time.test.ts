/**
 * Time, with a fake clock only: posts scheduled across DST changes in two zones go out once,
 * at the instant the author meant; a time in the past is refused; clock jumps forward and back
 * neither send twice nor burst a backlog.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LEE, SAM, SUE, openDesk, recordingPublisher, type Desk } from './desk.js';

describe('scheduled times and the clock', () => {
  let desk: Desk;
  afterEach(() => desk?.close());

  async function scheduleAt(localTime: string, zone: string, choice?: 'earlier' | 'later') {
    const draft = await desk.call(
      'scheduled.create',
      { text: `${zone} ${localTime}`, accounts: ['brand-m'], at: { localTime, zone, ...(choice ? { choice } : {}) }, submit: true },
      SAM,
    );
    return desk.call('scheduled.approve', { id: draft.id }, SUE);
  }

  it('New York spring forward: 02:30 is refused with both candidates; the chosen one goes out exactly once, at that instant', async () => {
    const rec = recordingPublisher();
    desk = openDesk({ publisher: rec.publisher, start: Date.UTC(2027, 2, 13, 12, 0) });
    await expect(scheduleAt('2027-03-14T02:30', 'America/New_York')).rejects.toThrow(
      /does not exist in America\/New_York.*01:30 EST.*03:30 EDT/,
    );
    const post = await scheduleAt('2027-03-14T02:30', 'America/New_York', 'later');
    expect(new Date(post.at).toISOString()).toBe('2027-03-14T07:30:00.000Z');
    desk.clock.advance(post.at - desk.clock.now() - 1000);
    expect(await desk.scheduler.tick()).toBe(0);
    desk.clock.advance(1000);
    expect(await desk.scheduler.tick()).toBe(1);
    desk.clock.advance(3 * 3_600_000);
    expect(await desk.scheduler.tick()).toBe(0);
    expect(rec.sends).toHaveLength(1);
  });

  it('New York fall back and Berlin both ways: repeats need a choice, and each post goes out at its own instant', async () => {
    const rec = recordingPublisher();
    desk = openDesk({ publisher: rec.publisher, start: Date.UTC(2027, 2, 27, 12, 0) });
    await expect(scheduleAt('2027-10-31T02:30', 'Europe/Berlin')).rejects.toThrow(/happens twice in Europe\/Berlin/);
    const berlinGap = await scheduleAt('2027-03-28T02:30', 'Europe/Berlin', 'earlier');
    const berlinRepeat = await scheduleAt('2027-10-31T02:30', 'Europe/Berlin', 'later');
    const nyRepeat = await scheduleAt('2027-11-07T01:30', 'America/New_York', 'earlier');
    expect([berlinGap, berlinRepeat, nyRepeat].map((p) => new Date(p.at).toISOString())).toEqual([
      '2027-03-28T00:30:00.000Z',
      '2027-10-31T01:30:00.000Z',
      '2027-11-07T05:30:00.000Z',
    ]);
    expect(berlinRepeat.zone).toBe('Europe/Berlin');
    // Walk the clock minute by minute around each instant: each goes out once, on time.
    for (const post of [berlinGap, berlinRepeat, nyRepeat]) {
      desk.clock.advance(post.at - desk.clock.now() - 60_000);
      expect(await desk.scheduler.tick()).toBe(0);
      desk.clock.advance(60_000);
      expect(await desk.scheduler.tick()).toBe(1);
      expect(rec.sends.at(-1)!.text).toBe(post.text);
    }
    expect(rec.sends).toHaveLength(3);
  });

  it('the same instants whatever the process time zone: one send each, at the planned UTC instant', async () => {
    const zoneBefore = process.env.TZ;
    const planned: string[][] = [];
    try {
      // Node re-reads TZ when it is assigned, so Date's local time really moves with it.
      for (const tz of ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Chatham']) {
        process.env.TZ = tz;
        expect(new Date(Date.UTC(2027, 0, 1)).getTimezoneOffset() === 0).toBe(tz === 'UTC');
        const rec = recordingPublisher();
        desk = openDesk({ publisher: rec.publisher, start: Date.UTC(2027, 2, 13, 12, 0) });
        const spring = await scheduleAt('2027-03-14T02:30', 'America/New_York', 'later');
        const fall = await scheduleAt('2027-11-07T01:30', 'America/New_York', 'earlier');
        const sentAt: string[] = [];
        for (const post of [spring, fall]) {
          desk.clock.advance(post.at - desk.clock.now() - 1_000);
          expect(await desk.scheduler.tick()).toBe(0);
          desk.clock.advance(1_000);
          expect(await desk.scheduler.tick()).toBe(1);
          sentAt.push(new Date(desk.clock.now()).toISOString());
        }
        expect(rec.sends).toHaveLength(2);
        planned.push([new Date(spring.at).toISOString(), new Date(fall.at).toISOString(), ...sentAt]);
        desk.close();
      }
    } finally {
      if (zoneBefore === undefined) delete process.env.TZ;
      else process.env.TZ = zoneBefore;
    }
    const want = ['2027-03-14T07:30:00.000Z', '2027-11-07T05:30:00.000Z'];
    for (const row of planned) expect(row).toEqual([...want, ...want]);
  });

  it('a time in the past is refused in plain words', async () => {
    desk = openDesk({ start: Date.UTC(2027, 0, 4, 9, 0) });
    await expect(scheduleAt('2027-01-04T08:59', 'UTC')).rejects.toThrow(
      '2027-01-04 08:59 UTC has already passed: choose a time in the future.',
    );
  });

  it('the clock jumping back does not resend; jumping forward past the late limit does not burst the backlog', async () => {
    const rec = recordingPublisher();
    desk = openDesk({ publisher: rec.publisher, lateMs: 15 * 60_000 });
    const first = await desk.scheduled(5);
    const backlog = [await desk.scheduled(10), await desk.scheduled(11), await desk.scheduled(12)];
    desk.clock.advance(5 * 60_000);
    expect(await desk.scheduler.tick()).toBe(1);
    // NTP steps the clock back an hour: the published post stays published, nothing goes again.
    desk.clock.advance(-60 * 60_000);
    expect(await desk.scheduler.tick()).toBe(0);
    // Then forward by three hours (a laptop waking up): the backlog is not sent at once.
    desk.clock.advance(4 * 60 * 60_000);
    expect(await desk.scheduler.tick()).toBe(0);
    expect(rec.sends).toHaveLength(1);
    for (const p of backlog) {
      const now = await desk.call('scheduled.get', { id: p.id }, LEE);
      expect(now.status).toMatchObject({ state: 'approved', why: expect.stringContaining('missed its time') });
    }
    expect((await desk.call('scheduled.get', { id: first.id }, LEE)).status.state).toBe('published');
  });
});
