/**
 * The enter dialog's preview, as a property: for generated posts (drafts, pending, scheduled,
 * in paused campaigns, some already sending, some overdue, some beyond the window) and a
 * generated scope, `incident.preview` names exactly the posts that entering incident mode with
 * that scope then holds: the ones due within the window listed, the rest counted.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { scopeArb, withCampaigns } from './scopes.js';
import { ACCOUNTS, OTTO, SAM, SUE, openDesk, emptyPublishing, settableClock } from './desk.js';

const START = Date.UTC(2027, 2, 1, 12, 0);
const clock = settableClock(START);
const desk = openDesk({}, clock as never);
afterAll(() => desk.close());

const NAMES = ACCOUNTS.map((a) => a.name);
const postArb = fc.record({
  minutes: fc.integer({ min: 1, max: 80 * 60 }),
  accounts: fc.subarray(NAMES, { minLength: 1 }),
  campaign: fc.integer({ min: -1, max: 1 }),
  stage: fc.constantFrom('draft', 'pending', 'scheduled', 'scheduled', 'scheduled'),
});
const worldArb = fc.record({
  posts: fc.array(postArb, { maxLength: 12 }),
  pauseCampaign: fc.integer({ min: -1, max: 1 }),
  /** Time passes and the scheduler claims a few sends (their posts become `publishing`). */
  laterMinutes: fc.integer({ min: 0, max: 180 }),
  claims: fc.integer({ min: 0, max: 3 }),
  hours: fc.integer({ min: 1, max: 72 }),
  scope: scopeArb,
});
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

async function build(w: World) {
  clock.t = START;
  emptyPublishing(desk);
  const campaigns = [
    desk.store.publishing.createCampaign('A', '', null, 'sam', START).id,
    desk.store.publishing.createCampaign('B', '', null, 'sam', START).id,
  ];
  for (const p of w.posts) {
    const campaignId = p.campaign < 0 ? undefined : campaigns[p.campaign];
    const post = await desk.call(
      'scheduled.create',
      {
        text: 'p',
        accounts: p.accounts,
        at: desk.inMinutes(p.minutes),
        submit: p.stage !== 'draft',
        ...(campaignId ? { campaignId } : {}),
      },
      SAM,
    );
    if (p.stage === 'scheduled') await desk.call('scheduled.approve', { id: post.id }, SUE);
  }
  if (w.pauseCampaign >= 0) await desk.call('campaigns.setPaused', { id: campaigns[w.pauseCampaign]!, paused: true }, SAM);
  clock.t += w.laterMinutes * 60_000;
  desk.store.durableTransaction(() => desk.store.publishGate.claimDue(clock.t, w.claims, 60 * 60_000));
  return withCampaigns(w.scope, campaigns);
}

describe('incident.preview', () => {
  it('lists exactly the posts entering incident mode with that scope holds', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (w) => {
        const scope = await build(w);
        const preview = await desk.call('incident.preview', { hours: w.hours, scope }, OTTO);
        const status = await desk.call('incident.enter', { reason: 'property', scope }, OTTO);
        const held = desk.store.publishing.list({ states: ['held'], limit: 5000 }, clock.t);
        expect(preview.posts.map((p) => p.id)).toEqual(held.filter((p) => p.at < preview.to).map((p) => p.id));
        expect(preview.later).toBe(held.filter((p) => p.at >= preview.to).length);
        expect(preview.posts.length + preview.later).toBe(status.held);
      }),
      { numRuns: 150 },
    );
  });

  it('is everything when no scope is given', async () => {
    const scope = await build({
      posts: [
        { minutes: 30, accounts: ['brand-m'], campaign: 0, stage: 'scheduled' },
        { minutes: 90, accounts: ['brand-x'], campaign: -1, stage: 'scheduled' },
        { minutes: 10 * 60, accounts: ['brand-b'], campaign: 1, stage: 'scheduled' },
        { minutes: 45, accounts: ['brand-b'], campaign: 1, stage: 'pending' },
      ],
      pauseCampaign: -1,
      laterMinutes: 0,
      claims: 0,
      hours: 4,
      scope: { kind: 'everything' },
    });
    const all = await desk.call('incident.preview', { hours: 4 }, OTTO);
    expect(all).toMatchObject({ from: START, to: START + 4 * 3_600_000, later: 1 });
    expect(all.posts.map((p) => p.text)).toHaveLength(2);
    expect(await desk.call('incident.preview', { hours: 4, scope }, OTTO)).toEqual(all);
    const onlyX = await desk.call(
      'incident.preview',
      { hours: 4, scope: { kind: 'some', campaigns: [], networks: ['x'], accounts: [] } },
      OTTO,
    );
    expect(onlyX.posts.flatMap((p) => p.accounts)).toEqual(['brand-x']);
    expect(onlyX.later).toBe(0);
  });

  it('refuses a scope that is not one, in plain words, and changes nothing', async () => {
    const bad: unknown[] = [
      { kind: 'some', campaigns: [], networks: [], accounts: [] },
      { kind: 'some', networks: ['myspace'] },
      { kind: 'nothing' },
      { kind: 'everything', campaigns: [1] },
    ];
    for (const scope of bad) {
      const answer = await desk.dispatch('incident.preview', { hours: 4, scope }, OTTO);
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: expect.stringMatching(/^scope/) },
      });
    }
    const empty = await desk.dispatch(
      'incident.preview',
      { hours: 4, scope: { kind: 'some', campaigns: [], networks: [], accounts: [] } },
      OTTO,
    );
    expect(empty.ok ? '' : empty.error.message).toContain('choose at least one campaign, network or account');
    expect(desk.incidents.status().on).toBe(false);
  });
});
