/**
 * What one board change puts on the wire to every client, now that comments travel on their
 * own (`board.changed` without them, `board.commented` with one): the event frame of a move and
 * of a new comment on cards with 0, 10 and 50 comments, against the whole card the event used to
 * carry, from a real engine in this process. Sizes, not times: the same on any machine.
 */
import { boardRig } from '../main/board/helpers.js';
import type { BenchLine, BenchSuite } from './types.js';

const TEXT = 'Customer says the refund still shows as pending in the app; asked for a screenshot and the order number.';
const PRIORITIES = ['P1', 'P3', 'P4', 'P2'] as const;

const suite: BenchSuite = async () => {
  const rig = boardRig();
  const lines: BenchLine[] = [];
  try {
    const made = await rig.call(rig.team.lead, 'board.create', { title: 'Refunds stuck after double charge', priority: 'P2', tags: [] });
    const id = made.card.id;
    const frame = (event: string, data: unknown) => JSON.stringify({ type: 'event', event, data }).length;
    for (const [i, count] of [0, 10, 50].entries()) {
      while (rig.engine.store.board.commentsOf(id).length < count) await rig.call(rig.team.operator, 'board.comment', { id, text: TEXT });
      await rig.settle();
      rig.events.length = 0;
      const baseVersion = rig.engine.store.board.getCard(id)!.version;
      const moved = await rig.call(rig.team.lead, 'board.update', { id, baseVersion, patch: { priority: PRIORITIES[i]! } });
      const added = await rig.call(rig.team.operator, 'board.comment', { id, text: TEXT });
      await rig.settle();
      const [change, comment] = rig.events;
      if (moved.result !== 'updated' || change?.event !== 'board.changed' || comment?.event !== 'board.commented')
        throw new Error('the engine did not announce the move and the comment');
      lines.push({
        name: `a move of a card with ${count} comments, event frame`,
        value: frame(change.event, change.data),
        unit: 'chars',
        baseline: { name: 'the whole card', value: frame('board.changed', { seq: moved.seq, card: moved.card }) },
      });
      lines.push({
        name: `a new comment on a card with ${count} comments, event frame`,
        value: frame(comment.event, comment.data),
        unit: 'chars',
        baseline: { name: 'the whole card', value: frame('board.changed', added) },
      });
    }
  } finally {
    await rig.engine.stop();
  }
  return lines;
};

export default suite;
