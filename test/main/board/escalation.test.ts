/**
 * Acknowledge and escalate on a fake clock: tiers in order, the repeat, acknowledging stops
 * every pending page at once, re-escalation of an acknowledged card is capped, nothing pages
 * for a stale card, and pages missed while the hub was down collapse into one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardPage, EscalationPolicy } from '../../../shared/contract/board.js';
import { boardRig, MIN, T0, type BoardRig } from './helpers.js';

let rig: BoardRig;
afterEach(async () => {
  await rig?.engine.stop();
});

const HOUR = 60 * MIN;
const policy: EscalationPolicy = {
  priorities: ['P1', 'P2'],
  tiers: [
    { delayMinutes: 5, targets: [{ kind: 'user', userId: 'u-lena' }] },
    { delayMinutes: 10, targets: [{ kind: 'role', role: 'admin' }] },
  ],
  repeat: 1,
  reescalate: { maxTimes: 2, everyMinutes: 60 },
  maxAgeHours: 24,
};

const pages = (r: BoardRig) => r.eventsNamed('board.page') as BoardPage[];
const brief = (r: BoardRig) =>
  pages(r).map((p) => ({ at: (p.at - T0) / MIN, tier: p.tier, round: p.round, reason: p.reason, userIds: p.userIds }));

async function setUp(overrides: Partial<EscalationPolicy> = {}) {
  rig = boardRig();
  await rig.call(rig.team.lead, 'board.saveEscalationPolicy', { policy: { ...policy, ...overrides } });
}

async function advance(ms: number) {
  rig.clock.advance(ms);
  await rig.settle();
}

describe('escalation timers', () => {
  it('pages tier by tier, runs the tiers again `repeat` times, then stops', async () => {
    await setUp();
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Payments down', priority: 'P1', tags: [] });
    expect(card.paging).toEqual({ pagesSent: 0, nextPageAt: T0 + 5 * MIN });
    await advance(4 * MIN);
    expect(pages(rig)).toEqual([]);
    await advance(1 * MIN);
    expect(brief(rig)).toEqual([{ at: 5, tier: 1, round: 0, reason: 'unacknowledged', userIds: ['u-lena'] }]);
    expect(pages(rig)[0]).toMatchObject({ cardId: card.id, title: 'Payments down', priority: 'P1', roles: [] });
    await advance(10 * HOUR);
    expect(brief(rig)).toEqual([
      { at: 5, tier: 1, round: 0, reason: 'unacknowledged', userIds: ['u-lena'] },
      { at: 15, tier: 2, round: 0, reason: 'unacknowledged', userIds: ['u-ada'] },
      { at: 20, tier: 1, round: 1, reason: 'unacknowledged', userIds: ['u-lena'] },
      { at: 30, tier: 2, round: 1, reason: 'unacknowledged', userIds: ['u-ada'] },
    ]);
    expect(pages(rig)[1]!.roles).toEqual(['admin']);
    const [now] = (await rig.call(rig.team.lead, 'board.snapshot', {})).cards;
    expect(now!.paging).toEqual({ pagesSent: 4, nextPageAt: null });
    const history = await rig.call(rig.team.lead, 'board.history', { id: card.id });
    expect(history.filter((h) => h.kind !== 'created').map((h) => h.summary)).toEqual([
      'Paged tier 1 (Lena)',
      // The 15-minute first-response target falls due with tier 2: one change, both told.
      'SLA breached: first response; Paged tier 2 (Ada)',
      'Paged tier 1 (Lena)',
      'Paged tier 2 (Ada)',
      'SLA warning: resolution due soon',
      'SLA breached: resolution',
    ]);
  });

  it('acknowledging stops every pending page at once', async () => {
    await setUp();
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Login down', priority: 'P2', tags: [] });
    await advance(6 * MIN);
    expect(pages(rig)).toHaveLength(1);
    const { card: acked } = await rig.call(rig.team.lead, 'board.acknowledge', { id: card.id });
    // What remains is the re-escalation should it still be unresolved at its 8-hour target.
    expect(acked).toMatchObject({
      acknowledgedAt: T0 + 6 * MIN,
      acknowledgedBy: { username: 'lena' },
      paging: { pagesSent: 1, nextPageAt: T0 + 8 * HOUR },
    });
    await advance(3 * HOUR);
    expect(pages(rig)).toHaveLength(1);
    // Acknowledging twice changes nothing.
    const again = await rig.call(rig.team.operator, 'board.acknowledge', { id: card.id });
    expect(again.card).toMatchObject({ version: acked.version, acknowledgedBy: { username: 'lena' } });
  });

  it('only the policy’s priorities page; a resolved card stops paging', async () => {
    await setUp();
    await rig.call(rig.team.operator, 'board.create', { title: 'Typo on pricing page', priority: 'P3', tags: [] });
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Outage', priority: 'P1', tags: [] });
    await advance(5 * MIN);
    await rig.call(rig.team.lead, 'board.update', { id: card.id, baseVersion: 2, patch: { status: 'resolved' } });
    await advance(24 * HOUR);
    expect(brief(rig)).toEqual([{ at: 5, tier: 1, round: 0, reason: 'unacknowledged', userIds: ['u-lena'] }]);
  });

  it('an acknowledged card unresolved past its resolution target re-escalates, at most maxTimes', async () => {
    await setUp();
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Refunds failing', priority: 'P1', tags: [] });
    await advance(1 * MIN);
    await rig.call(rig.team.lead, 'board.acknowledge', { id: card.id });
    // Default P1 resolution target: 4 hours around the clock.
    await advance(4 * HOUR - 2 * MIN);
    expect(pages(rig)).toEqual([]);
    await advance(7 * 24 * HOUR);
    expect(brief(rig)).toEqual([
      { at: 240, tier: 1, round: 0, reason: 'unresolved', userIds: ['u-lena'] },
      { at: 300, tier: 1, round: 1, reason: 'unresolved', userIds: ['u-lena'] },
    ]);
  });

  it('never pages for a card older than maxAgeHours: no page a week later', async () => {
    await setUp({ reescalate: { maxTimes: 5, everyMinutes: 1440 }, maxAgeHours: 24 });
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Stale', priority: 'P1', tags: [] });
    await rig.call(rig.team.lead, 'board.acknowledge', { id: card.id });
    await advance(8 * 24 * HOUR);
    // 4 h (the first re-escalation) is inside the day; 28 h, 52 h, … are not.
    expect(brief(rig).map((p) => p.at)).toEqual([240]);
    expect(rig.clock.pending()).toBe(0);
  });

  it('pages that fell due while the hub was down collapse into the latest one', async () => {
    await setUp();
    rig.engine.board.stop();
    await rig.call(rig.team.operator, 'board.create', { title: 'Down while we were down', priority: 'P1', tags: [] });
    await advance(40 * MIN);
    expect(pages(rig)).toEqual([]);
    rig.engine.board.start();
    await rig.settle();
    expect(brief(rig)).toEqual([{ at: 40, tier: 2, round: 1, reason: 'unacknowledged', userIds: ['u-ada'] }]);
    await advance(24 * HOUR);
    expect(pages(rig)).toHaveLength(1);
  });

  it('a disabled user is not paged; a role pages every active holder', async () => {
    await setUp({
      tiers: [
        {
          delayMinutes: 1,
          targets: [
            { kind: 'user', userId: 'u-lena' },
            { kind: 'role', role: 'operator' },
          ],
        },
      ],
      repeat: 0,
    });
    rig.engine.store.users.setDisabled('u-lena', true, T0);
    await rig.call(rig.team.operator, 'board.create', { title: 'x', priority: 'P1', tags: [] });
    await advance(2 * MIN);
    expect(pages(rig)[0]).toMatchObject({ userIds: ['u-olga', 'u-omar'], roles: ['operator'] });
  });
});
