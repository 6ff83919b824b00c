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
});
