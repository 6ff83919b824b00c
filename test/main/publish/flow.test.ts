import { afterEach, describe, expect, it } from 'vitest';
import { ADA, LEE, OTTO, SAM, SUE, openDesk, recordingPublisher, type Desk } from './desk.js';

describe('campaign posts and incident mode, end to end in the engine', () => {
  let desk: Desk;
  afterEach(() => desk?.close());

  it('a post goes out at its time to every account, once', async () => {
    const rec = recordingPublisher();
    desk = openDesk({ publisher: rec.publisher });
    const post = await desk.scheduled(10, ['brand-m', 'brand-b']);
    expect(post.status.state).toBe('scheduled');
    expect(await desk.scheduler.tick()).toBe(0);
    desk.clock.advance(10 * 60_000);
    expect(await desk.scheduler.tick()).toBe(2);
    expect(await desk.scheduler.tick()).toBe(0);
    const after = await desk.call('scheduled.get', { id: post.id }, LEE);
    expect(after.status.state).toBe('published');
    expect(after.deliveries.map((d) => d.state)).toEqual(['sent', 'sent']);
    expect(rec.sends.map((s) => s.account).sort()).toEqual(['brand-b', 'brand-m']);
  });

  it('incident mode holds covered posts; leaving publishes nothing; catch-up publishes one and cancels the other', async () => {
    const rec = recordingPublisher();
    desk = openDesk({ publisher: rec.publisher });
    const a = await desk.scheduled(5);
    const b = await desk.scheduled(6);
    const on = await desk.call('incident.enter', { reason: 'Checkout is down' }, OTTO);
    expect(on).toMatchObject({ on: true, by: 'otto', reason: 'Checkout is down', held: 2 });
    desk.clock.advance(30 * 60_000);
    expect(await desk.scheduler.tick()).toBe(0);
    const off = await desk.call('incident.exit', {}, OTTO);
    expect(off).toMatchObject({ on: false, held: 2 });
    expect(await desk.scheduler.tick()).toBe(0);
    const held = await desk.call('incident.catchUp', {}, LEE);
    expect(held.map((p) => [p.id, p.status.state === 'held' && p.status.overdue])).toEqual([
      [a.id, true],
      [b.id, true],
    ]);
    await desk.call('incident.decide', { postIds: [a.id], action: 'publishNow' }, SUE);
    await desk.call('incident.decide', { postIds: [b.id], action: 'cancel', reason: 'off-tone now' }, SUE);
    expect(await desk.scheduler.tick()).toBe(1);
    expect(rec.sends).toHaveLength(1);
    expect((await desk.call('scheduled.get', { id: a.id }, LEE)).status.state).toBe('published');
    expect((await desk.call('scheduled.get', { id: b.id }, LEE)).status.state).toBe('cancelled');
    const actions = desk.store.audit.page(50).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'incident.enter',
        'incident.exit',
        'incident.decide.publishNow',
        'incident.decide.cancel',
        'scheduled.approve',
      ]),
    );
  });

  it('no one approves their own post; a campaign may require a role; a support lead cannot approve', async () => {
    desk = openDesk();
    const draft = await desk.call('scheduled.create', { text: 'hi', accounts: ['brand-m'], at: desk.inMinutes(60), submit: true }, SAM);
    await expect(desk.call('scheduled.approve', { id: draft.id }, SAM)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(desk.call('scheduled.approve', { id: draft.id }, LEE)).rejects.toMatchObject({ code: 'forbidden' });
    const c = await desk.call('campaigns.create', { name: 'Launch', requiredApproverRole: 'admin' }, SAM);
    const inCampaign = await desk.call(
      'scheduled.create',
      { text: 'launch', accounts: ['brand-m'], at: desk.inMinutes(60), submit: true, campaignId: c.id },
      SAM,
    );
    await expect(desk.call('scheduled.approve', { id: inCampaign.id }, SUE)).rejects.toThrow(/admin role/);
    expect((await desk.call('scheduled.approve', { id: inCampaign.id }, ADA)).status.state).toBe('scheduled');
  });

  it('an approval after the slot passed does not publish: the post waits for a new time', async () => {
    const rec = recordingPublisher();
    desk = openDesk({ publisher: rec.publisher });
    const draft = await desk.call('scheduled.create', { text: 'soon', accounts: ['brand-m'], at: desk.inMinutes(2), submit: true }, SAM);
    desk.clock.advance(5 * 60_000);
    const approved = await desk.call('scheduled.approve', { id: draft.id }, SUE);
    expect(approved.status).toMatchObject({ state: 'approved', why: expect.stringContaining('give it a new time') });
    expect(await desk.scheduler.tick()).toBe(0);
    const moved = await desk.call('scheduled.update', { id: draft.id, at: desk.inMinutes(10) }, SAM);
    expect(moved.status.state).toBe('scheduled');
    desk.clock.advance(10 * 60_000);
    expect(await desk.scheduler.tick()).toBe(1);
  });

  it('a scoped incident holds only what it covers; the rest still goes out', async () => {
    const rec = recordingPublisher();
    desk = openDesk({ publisher: rec.publisher });
    const launch = await desk.call('campaigns.create', { name: 'Launch' }, SAM);
    const inLaunch = await desk.scheduled(5, ['brand-m'], { campaignId: launch.id });
    const toX = await desk.scheduled(5, ['brand-x']);
    const other = await desk.scheduled(5, ['brand-b']);
    const on = await desk.call(
      'incident.enter',
      { reason: 'EU outage', scope: { kind: 'some', campaigns: [launch.id], networks: ['x'], accounts: [] } },
      OTTO,
    );
    expect(on.held).toBe(2);
    await expect(desk.call('incident.enter', { reason: 'again' }, OTTO)).rejects.toMatchObject({ code: 'conflict' });
    desk.clock.advance(5 * 60_000);
    expect(await desk.scheduler.tick()).toBe(1);
    expect(rec.sends.map((x) => x.account)).toEqual(['brand-b']);
    expect((await desk.call('scheduled.get', { id: other.id }, LEE)).status.state).toBe('published');
    // Widening the scope to everything; publish-now is refused while covered.
    await desk.call('incident.setScope', { scope: { kind: 'everything' } }, OTTO);
    const refused = await desk.call('incident.decide', { postIds: [inLaunch.id, toX.id], action: 'publishNow' }, SUE);
    expect(refused.changed).toEqual([]);
    expect(refused.refused.map((r) => r.reason)).toEqual([
      expect.stringContaining('still covers'),
      expect.stringContaining('still covers'),
    ]);
  });

  it('a paced release sends one post per N minutes per account and stops on request', async () => {
    const rec = recordingPublisher();
    desk = openDesk({ publisher: rec.publisher });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await desk.scheduled(5 + i)).id);
    await desk.call('incident.enter', { reason: 'outage' }, OTTO);
    desk.clock.advance(60 * 60_000);
    await desk.call('incident.exit', { reason: 'resolved' }, OTTO);
    const started = await desk.call('incident.release', { perAccountEveryMinutes: 10 }, SUE);
    expect(started.release).toMatchObject({ perAccountEveryMinutes: 10, total: 4, remaining: 4, startedBy: 'sue' });
    expect(await desk.scheduler.tick()).toBe(1);
    // A page opened now still knows the whole, so its progress reads 1 of 4, not 0 of 3.
    expect((await desk.call('incident.status', {}, SUE)).release).toMatchObject({ total: 4, remaining: 3 });
    desk.clock.advance(5 * 60_000);
    expect(await desk.scheduler.tick()).toBe(0);
    desk.clock.advance(5 * 60_000);
    expect(await desk.scheduler.tick()).toBe(1);
    const stopped = await desk.call('incident.stopRelease', {}, SUE);
    expect(stopped).toMatchObject({ release: null, held: 2 });
    desk.clock.advance(60 * 60_000);
    expect(await desk.scheduler.tick()).toBe(0);
    expect(rec.sends).toHaveLength(2);
  });

  it('a surge alert suggests incident mode with the posts due soon; only an admin policy enters by itself, loudly; reminders follow', async () => {
    desk = openDesk();
    const due = await desk.scheduled(30);
    const alert = {
      id: 7,
      series: 'total',
      state: 'open' as const,
      severity: 'critical' as const,
      openedAt: desk.clock.now(),
      updatedAt: desk.clock.now(),
      resolvedAt: null,
      title: 'Surge on total',
      math: { windowMinutes: 5, expected: 1, bandLow: 0, bandHigh: 2, observed: 40, ratio: 40, score: 1, persistedMinutes: 2, sources: [] },
      drivers: { topTerms: [], samplePosts: [], outageIntent: 0.9, statusIncident: null },
    };
    desk.incidents.onAlert(alert);
    const suggested = desk.events
      .filter((e) => e.event === 'incident.suggested')
      .map((e) => e.data as { autoEntered: boolean; posts: { id: number }[]; message: string });
    expect(suggested).toHaveLength(1);
    expect(suggested[0]).toMatchObject({ autoEntered: false, posts: [{ id: due.id }] });
    expect(suggested[0]!.message).toBe('Surge alert “Surge on total”: 1 post is due in the next 4 hours. Enter incident mode to hold it?');
    expect(desk.incidents.status().on).toBe(false);

    await expect(
      desk.call('incident.savePolicy', { autoEnterOnAlert: true, minSeverity: 'warning', reminderEveryMinutes: 20, previewHours: 2 }, SUE),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await desk.call(
      'incident.savePolicy',
      { autoEnterOnAlert: true, minSeverity: 'warning', reminderEveryMinutes: 20, previewHours: 2 },
      ADA,
    );
    desk.incidents.onAlert({ ...alert, id: 8 });
    const loud = desk.events.filter((e) => e.event === 'incident.suggested').at(-1)!.data as { autoEntered: boolean; message: string };
    expect(loud).toMatchObject({ autoEntered: true, message: expect.stringContaining('INCIDENT MODE IS ON') });
    expect(desk.incidents.status()).toMatchObject({ on: true, automatic: true, by: 'policy', held: 1 });
    expect(desk.store.audit.page(5)[0]).toMatchObject({ actor: 'policy', action: 'incident.enter' });

    desk.clock.advance(19 * 60_000);
    desk.incidents.remind();
    expect(desk.events.filter((e) => e.event === 'incident.reminder')).toHaveLength(0);
    desk.clock.advance(60_000);
    desk.incidents.remind();
    desk.incidents.remind();
    const reminders = desk.events.filter((e) => e.event === 'incident.reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.data).toMatchObject({ minutesOn: 20, message: expect.stringContaining('still needed') });
  });

  it('rejection sends a post back to draft with the comment; a too-long text is refused on submit; a paused campaign holds its posts', async () => {
    const rec = recordingPublisher();
    desk = openDesk({ publisher: rec.publisher });
    const draft = await desk.call(
      'scheduled.create',
      { text: 'x'.repeat(290), accounts: ['brand-x'], at: desk.inMinutes(30), submit: false },
      SAM,
    );
    await expect(desk.call('scheduled.submit', { id: draft.id }, SAM)).rejects.toThrow(
      'Too long for X: 290 of 280 weighted characters (10 over).',
    );
    await desk.call('scheduled.update', { id: draft.id, text: 'Short and sweet' }, SAM);
    await desk.call('scheduled.submit', { id: draft.id }, SAM);
    const rejected = await desk.call('scheduled.reject', { id: draft.id, comment: 'Wrong tone for today' }, SUE);
    expect(rejected.status).toEqual({ state: 'draft', reviewerComment: 'Wrong tone for today', reviewedBy: 'sue' });

    const c = await desk.call('campaigns.create', { name: 'Spring' }, SAM);
    const post = await desk.scheduled(5, ['brand-m'], { campaignId: c.id });
    const paused = await desk.call('campaigns.setPaused', { id: c.id, paused: true }, SUE);
    expect(paused).toMatchObject({ campaign: { paused: true }, postsChanged: 1 });
    desk.clock.advance(5 * 60_000);
    expect(await desk.scheduler.tick()).toBe(0);
    desk.clock.advance(60_000);
    await desk.call('campaigns.setPaused', { id: c.id, paused: false }, SUE);
    // Resumed after its time: it waits for a new one rather than going out late.
    const resumed = (await desk.call('scheduled.get', { id: post.id }, LEE)).status;
    expect(resumed.state).toBe('approved');
    // Approved before the pause: the reason is the pause, not a late approval.
    expect(resumed.state === 'approved' && resumed.why).toMatch(
      /^Its time \(.+\) passed while its campaign was paused: give it a new time\.$/,
    );
    expect(rec.sends).toHaveLength(0);
  });
});
