/**
 * Convergence as a property: several people make random changes (some on stale versions,
 * some refused), SLA and paging timers fire as the fake clock moves, and a client that drops
 * off at random moments catches up with `since` (or a snapshot when told it is too far
 * behind). Whatever the sequence, the client ends with exactly the hub's board: no change
 * lost, none applied twice, none applied out of order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoardCard, BoardChange, BoardComment, BoardHeadChange, SinceResult } from '../../../shared/contract/board.js';
import type { CallContext } from '../../../shared/contract/handlers.js';
import { createBoardService } from '../../../main/board/service.js';
import { boardRig, MIN } from './helpers.js';

type Op =
  | { kind: 'create'; who: number; priority: 'P1' | 'P2' | 'P3' | 'P4' }
  | { kind: 'update'; who: number; card: number; stale: boolean; status: BoardCard['status'] }
  | { kind: 'comment'; who: number; card: number }
  | { kind: 'ack'; who: number; card: number }
  | { kind: 'tick'; minutes: number }
  | { kind: 'drop' }
  | { kind: 'reconnect' };

const statuses = ['new', 'triaged', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved'] as const;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    who: fc.nat(3),
    priority: fc.constantFrom('P1' as const, 'P2' as const, 'P3' as const, 'P4' as const),
  }),
  fc.record({
    kind: fc.constant('update' as const),
    who: fc.nat(3),
    card: fc.nat(20),
    stale: fc.boolean(),
    status: fc.constantFrom(...statuses),
  }),
  fc.record({ kind: fc.constant('comment' as const), who: fc.nat(3), card: fc.nat(20) }),
  fc.record({ kind: fc.constant('ack' as const), who: fc.nat(3), card: fc.nat(20) }),
  fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 90 }) }),
  fc.constant({ kind: 'drop' as const }),
  fc.constant({ kind: 'reconnect' as const }),
);

/** A client as the renderer keeps one: cards by id, the last seq applied; events carry cards without comments. */
class Mirror {
  cards = new Map<number, BoardCard>();
  seq = 0;
  online = true;
  apply(change: BoardChange): void {
    if (change.seq <= this.seq) return;
    this.seq = change.seq;
    this.cards.set(change.card.id, change.card);
  }
  event(name: string, data: unknown): void {
    if (name !== 'board.changed' && name !== 'board.commented') return;
    const { seq, card, comment } = data as BoardHeadChange & { comment?: BoardComment };
    const comments = this.cards.get(card.id)?.comments ?? [];
    this.apply({ seq, card: { ...card, comments: comment ? [...comments, comment] : comments } });
  }
}

describe('catch-up converges', () => {
  it('a client that drops and reconnects at random ends with exactly the hub’s board', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 80 }), fc.integer({ min: 2, max: 8 }), async (ops, limit) => {
        const rig = boardRig();
        try {
          // A tiny catch-up limit so the snapshot fallback is exercised too.
          const board = createBoardService({
            store: rig.engine.store,
            clock: rig.clock,
            emit: () => undefined,
            catchUpLimit: limit,
          });
          const people: CallContext[] = [rig.team.lead, rig.team.admin, rig.team.operator, rig.team.operator2];
          const mirror = new Mirror();
          rig.engine.onEvent((event, data) => {
            if (mirror.online) mirror.event(event, data);
          });
          const ids = () => [...rig.engine.store.board.listCards(true).map((c) => c.id)];
          for (const op of ops) {
            const who = 'who' in op ? people[op.who]! : rig.team.lead;
            const id = 'card' in op ? ids()[op.card % Math.max(1, ids().length)] : undefined;
            if (op.kind === 'create') await rig.engine.dispatch('board.create', { title: `c${ids().length}`, priority: op.priority }, who);
            else if (op.kind === 'update' && id !== undefined) {
              const version = rig.engine.store.board.getCard(id)!.version;
              await rig.engine.dispatch(
                'board.update',
                { id, baseVersion: op.stale ? Math.max(1, version - 1) : version, patch: { status: op.status } },
                who,
              );
            } else if (op.kind === 'comment' && id !== undefined) await rig.engine.dispatch('board.comment', { id, text: 'note' }, who);
            else if (op.kind === 'ack' && id !== undefined) await rig.engine.dispatch('board.acknowledge', { id }, who);
            else if (op.kind === 'tick') rig.clock.advance(op.minutes * MIN);
            else if (op.kind === 'drop') mirror.online = false;
            else if (op.kind === 'reconnect' && !mirror.online) {
              await rig.settle();
              mirror.online = true;
              const since: SinceResult = board.since(mirror.seq);
              if (since.kind === 'changes') since.changes.forEach((c) => mirror.apply(c));
              else {
                const snap = board.snapshot(true);
                mirror.cards = new Map(snap.cards.map((c) => [c.id, c]));
                mirror.seq = snap.seq;
              }
            }
            await rig.settle();
          }
          if (!mirror.online) {
            mirror.online = true;
            const since = board.since(mirror.seq);
            if (since.kind === 'changes') since.changes.forEach((c) => mirror.apply(c));
            else mirror.cards = new Map(board.snapshot(true).cards.map((c) => [c.id, c]));
          }
          const hub = board.snapshot(true);
          // Every comment too, though comments travel only as events of their own.
          const versions = (cards: Iterable<BoardCard>) =>
            [...cards].map((c) => [c.id, c.version, c.status, c.comments.map((m) => m.id)]).sort((a, b) => Number(a[0]) - Number(b[0]));
          expect(versions(mirror.cards.values())).toEqual(versions(hub.cards));
        } finally {
          await rig.engine.stop();
        }
      }),
      { numRuns: 80 },
    );
  });
});
