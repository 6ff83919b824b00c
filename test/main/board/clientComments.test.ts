/**
 * Comments travel as events of their own (`board.commented`; `board.changed` carries a card
 * without its comments), so a window that misses one must get it back by catching up. Here the
 * renderer's real board slice talks to a real hub engine through a link that drops at random;
 * events keep arriving between a reconnect and the catch-up (the window hears the hub before
 * it has asked what it missed), and people comment, move and acknowledge throughout. Whatever
 * the order, the window ends with the hub's board: every card, version and comment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoardCard } from '../../../shared/contract/board.js';
import { boardRig, MIN } from './helpers.js';
import { boardWindow } from './windows.js';

type Op =
  | { kind: 'create'; who: number }
  | { kind: 'comment'; who: number; card: number }
  | { kind: 'myComment'; card: number }
  | { kind: 'move'; who: number; card: number; status: BoardCard['status'] }
  | { kind: 'ack'; who: number; card: number }
  | { kind: 'tick'; minutes: number }
  | { kind: 'drop' }
  | { kind: 'reconnect' }
  | { kind: 'catchUp' };

const statuses = ['new', 'triaged', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved'] as const;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('create' as const), who: fc.nat(2) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('comment' as const), who: fc.nat(2), card: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('myComment' as const), card: fc.nat(20) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('move' as const), who: fc.nat(2), card: fc.nat(20), status: fc.constantFrom(...statuses) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ack' as const), who: fc.nat(2), card: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'catchUp' as const }) },
);

const shape = (cards: Iterable<BoardCard>) =>
  [...cards]
    .map((c) => ({ id: c.id, version: c.version, status: c.status, comments: c.comments.map((m) => `${m.id}:${m.text}`) }))
    .sort((a, b) => a.id - b.id);

describe('comments as events of their own', () => {
  it('a window that drops and reconnects at random, hearing events before it catches up, ends with every comment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 70 }), async (ops) => {
        const rig = boardRig();
        try {
          const people = [rig.team.lead, rig.team.operator, rig.team.admin];
          const win = boardWindow(rig, rig.team.operator2);
          await win.store.getState().loadBoard();
          const ids = () => rig.engine.store.board.listCards(true).map((c) => c.id);
          const pick = (n: number) => ids()[n % Math.max(1, ids().length)];
          let n = 0;
          for (const op of ops) {
            const who = 'who' in op ? people[op.who]! : rig.team.lead;
            const id = 'card' in op ? pick(op.card) : undefined;
            if (op.kind === 'create') await rig.engine.dispatch('board.create', { title: `card ${ids().length}`, priority: 'P2' }, who);
            else if (op.kind === 'comment' && id !== undefined)
              await rig.engine.dispatch('board.comment', { id, text: `note ${n++} by ${who.username}` }, who);
            else if (op.kind === 'myComment' && id !== undefined && win.up) await win.store.getState().commentOnCard(id, `mine ${n++}`);
            else if (op.kind === 'move' && id !== undefined) {
              const version = rig.engine.store.board.getCard(id)!.version;
              await rig.engine.dispatch('board.update', { id, baseVersion: version, patch: { status: op.status } }, rig.team.lead);
            } else if (op.kind === 'ack' && id !== undefined) await rig.engine.dispatch('board.acknowledge', { id }, who);
            else if (op.kind === 'tick') rig.clock.advance(op.minutes * MIN);
            else if (op.kind === 'drop') win.setUp(false);
            // Back up: events flow at once, the catch-up comes only with a later step (or at the end).
            else if (op.kind === 'reconnect') win.setUp(true);
            else if (op.kind === 'catchUp' && win.up) await win.store.getState().syncBoard();
            await rig.settle();
          }
          win.setUp(true);
          await win.store.getState().syncBoard();
          await rig.settle();
          const hub = rig.engine.board.snapshot(true);
          expect(shape(Object.values(win.store.getState().boardCards))).toEqual(shape(hub.cards));
          expect(win.store.getState().boardSeq).toBe(hub.seq);
        } finally {
          await rig.engine.stop();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a change event carries no comments, and a comment goes out once, on its own, with the card as it is after it', async () => {
    const rig = boardRig();
    try {
      const made = await rig.call(rig.team.lead, 'board.create', { title: 'Refunds stuck', priority: 'P3', tags: [] });
      for (let i = 0; i < 30; i++) await rig.call(rig.team.operator, 'board.comment', { id: made.card.id, text: `update ${i}` });
      rig.events.length = 0;
      const moved = await rig.call(rig.team.lead, 'board.update', {
        id: made.card.id,
        baseVersion: made.card.version + 30,
        patch: { status: 'triaged' },
      });
      const added = await rig.call(rig.team.operator, 'board.comment', { id: made.card.id, text: 'and one more' });
      await rig.settle();
      // The writers' answers are whole cards.
      expect(moved.result === 'updated' && moved.card.comments).toHaveLength(30);
      expect(added.card.comments).toHaveLength(31);
      const [changed, commented, ...rest] = rig.events;
      expect(rest).toEqual([]);
      expect(changed!.event).toBe('board.changed');
      expect(changed!.data).not.toHaveProperty('card.comments');
      expect(commented).toMatchObject({
        event: 'board.commented',
        data: { seq: added.seq, card: { version: added.card.version, status: 'triaged' }, comment: { text: 'and one more' } },
      });
      expect(commented!.data).not.toHaveProperty('card.comments');
      // A move of a card with 30 comments costs a fraction of what it did.
      const before = JSON.stringify({ seq: added.seq, card: added.card }).length;
      const after = JSON.stringify(changed!.data).length;
      expect(after).toBeLessThan(before / 2);
    } finally {
      await rig.engine.stop();
    }
  });
});
