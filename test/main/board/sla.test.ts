/**
 * SLA clocks on cards, driven by the engine's timer on a fake clock: a warning before the
 * breach and the breach itself are each marked and pushed once; waiting on the customer
 * pauses every clock; the customer answering starts the next-response clock; business hours.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardChange, SlaPolicy } from '../../../shared/contract/board.js';
import { DEFAULT_SLA } from '../../../main/board/policies.js';
import { boardRig, MIN, T0, type BoardRig } from './helpers.js';

let rig: BoardRig;
afterEach(async () => {
  await rig?.engine.stop();
});

const HOUR = 60 * MIN;
const around = { businessHoursOnly: false } as const;
const policy: SlaPolicy = {
  ...DEFAULT_SLA,
  targets: {
    ...DEFAULT_SLA.targets,
    P2: { firstResponseMinutes: 30, nextResponseMinutes: 20, resolutionMinutes: 60, ...around },
  },
  warnBeforeMinutes: 10,
};

async function setUp(sla: SlaPolicy = policy) {
  rig = boardRig();
  // No paging here: only the SLA marks.
  const esc = await rig.call(rig.team.lead, 'board.getEscalationPolicy', {});
  await rig.call(rig.team.lead, 'board.saveEscalationPolicy', { policy: { ...esc, priorities: ['P1'] } });
  await rig.call(rig.team.lead, 'board.saveSla', { policy: sla });
}
const advance = async (ms: number) => {
  rig.clock.advance(ms);
  await rig.settle();
};
const levels = (r: BoardRig) =>
  (r.eventsNamed('board.changed') as BoardChange[]).map((c) => [(r.clock.now() - T0) / MIN, c.card.sla.level]);
const kindsOf = async (id: number) => (await rig.call(rig.team.lead, 'board.history', { id })).map((h) => h.kind);

describe('SLA on cards', () => {
  it('warns before a breach and marks the breach, each pushed once by the timer', async () => {
    await setUp();
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Slow checkout', priority: 'P2', tags: [] });
    expect(card.sla.firstResponse).toEqual({
      state: 'running',
      dueAt: T0 + 30 * MIN,
      warnAt: T0 + 20 * MIN,
      remainingMs: null,
      metAt: null,
      breachedAt: null,
    });
    expect(card.sla.level).toBe('ok');
    rig.events.length = 0;
    await advance(20 * MIN);
    expect((rig.eventsNamed('board.changed') as BoardChange[]).map((c) => c.card.sla.level)).toEqual(['warning']);
    await advance(10 * MIN);
    const pushed = rig.eventsNamed('board.changed') as BoardChange[];
    expect(pushed.map((c) => c.card.sla.level)).toEqual(['warning', 'breached']);
    expect(pushed[1]!.card.sla.firstResponse).toMatchObject({ state: 'breached', breachedAt: T0 + 30 * MIN });
    // The resolution clock (60 min) warns and breaches later, then nothing more is pushed.
    await advance(5 * HOUR);
    expect(levels(rig)).toHaveLength(4);
    expect(await kindsOf(card.id)).toEqual(['created', 'sla_warning', 'sla_breached', 'sla_warning', 'sla_breached']);
  });

  it('a response in time meets the clock; a late one is met but marked breached', async () => {
    await setUp();
    const { card: a } = await rig.call(rig.team.operator, 'board.create', { title: 'A', priority: 'P2', tags: [] });
    await advance(5 * MIN);
    const { card: met } = await rig.call(rig.team.operator, 'board.comment', { id: a.id, text: 'Looking' });
    expect(met.sla.firstResponse).toMatchObject({ state: 'met', metAt: T0 + 5 * MIN, breachedAt: null });
    const { card: b } = await rig.call(rig.team.operator, 'board.create', { title: 'B', priority: 'P2', tags: [] });
    await advance(40 * MIN);
    const { card: late } = await rig.call(rig.team.lead, 'board.acknowledge', { id: b.id });
    expect(late.sla.firstResponse).toMatchObject({ state: 'met', metAt: T0 + 45 * MIN, breachedAt: T0 + 35 * MIN });
    expect(late.sla.level).toBe('breached');
  });

  it('waiting on the customer pauses every clock; the customer answering starts the next-response clock', async () => {
    await setUp();
    const { card } = await rig.call(rig.team.lead, 'board.create', { title: 'Refund', priority: 'P2', tags: [] });
    await advance(10 * MIN);
    const waiting = await rig.call(rig.team.lead, 'board.update', {
      id: card.id,
      baseVersion: 1,
      patch: { status: 'waiting_on_customer' },
    });
    if (waiting.result !== 'updated') throw new Error('expected an update');
    expect(waiting.card.sla.firstResponse.state).toBe('met');
    expect(waiting.card.sla.resolution).toMatchObject({ state: 'paused', remainingMs: 50 * MIN, dueAt: null });
    await advance(3 * HOUR);
    const [held] = (await rig.call(rig.team.lead, 'board.snapshot', {})).cards;
    expect(held!.sla.resolution).toMatchObject({ state: 'paused', remainingMs: 50 * MIN });
    expect(held!.sla.level).toBe('ok');
    const back = await rig.call(rig.team.lead, 'board.update', {
      id: card.id,
      baseVersion: waiting.card.version,
      patch: { status: 'in_progress' },
    });
    if (back.result !== 'updated') throw new Error('expected an update');
    const resumedAt = T0 + 3 * HOUR + 10 * MIN;
    expect(back.card.sla.resolution).toMatchObject({ state: 'running', dueAt: resumedAt + 50 * MIN });
    expect(back.card.sla.nextResponse).toMatchObject({ state: 'running', dueAt: resumedAt + 20 * MIN });
    await advance(5 * MIN);
    const { card: answered } = await rig.call(rig.team.lead, 'board.comment', { id: card.id, text: 'Refund sent' });
    expect(answered.sla.nextResponse).toMatchObject({ state: 'met', metAt: resumedAt + 5 * MIN, breachedAt: null });
  });

  it('counts only business hours for priorities that use them: Friday 16:00 + 4 h is Monday 12:00', async () => {
    const friday4pm = Date.UTC(2026, 2, 6, 16, 0);
    await setUp({ ...DEFAULT_SLA, warnBeforeMinutes: 0 });
    await advance(friday4pm - T0);
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Invoice question', priority: 'P3', tags: [] });
    expect(new Date(card.sla.firstResponse.dueAt!).toISOString()).toBe('2026-03-09T12:00:00.000Z');
    rig.events.length = 0;
    await advance(Date.UTC(2026, 2, 9, 11, 59) - friday4pm);
    expect(rig.eventsNamed('board.changed')).toEqual([]);
    await advance(MIN);
    expect((rig.eventsNamed('board.changed') as BoardChange[]).map((c) => c.card.sla.level)).toEqual(['breached']);
  });

  it('saving a new policy re-times open cards and tells the clients', async () => {
    await setUp();
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'x', priority: 'P2', tags: [] });
    rig.events.length = 0;
    const looser = { ...policy, targets: { ...policy.targets, P2: { ...policy.targets.P2, firstResponseMinutes: 120 } } };
    await rig.call(rig.team.lead, 'board.saveSla', { policy: looser });
    await rig.settle();
    const pushed = rig.eventsNamed('board.changed') as BoardChange[];
    expect(pushed.map((c) => [c.card.id, c.card.sla.firstResponse.dueAt])).toEqual([[card.id, T0 + 120 * MIN]]);
  });
});
