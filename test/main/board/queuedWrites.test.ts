/**
 * Comments and escalations queued by the renderer's real board slice, sent to a real hub
 * engine through a link that drops at random, sometimes after the hub has done the call but
 * before its answer is back, with page reloads in between (the queue read back from storage).
 * Whatever the order: every comment and card the person made is on the hub exactly once, and
 * each @mention notified once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient, type Transport } from '../../../shared/contract/client.js';
import { fail } from '../../../shared/contract/envelope.js';
import type { CallContext } from '../../../shared/contract/handlers.js';
import { localQueueStore } from '../../../renderer/src/store/board/pending.js';
import { createDeskStore, type DeskStoreApi } from '../../../renderer/src/store/store.js';
import { memoryStorage } from '../../renderer/memoryStorage.js';
import { boardRig, type BoardRig } from './helpers.js';

type Op =
  | { kind: 'comment'; card: number; mention: boolean }
  | { kind: 'create' }
  | { kind: 'theirs'; card: number }
  | { kind: 'drop' }
  | { kind: 'loseAnswer' }
  | { kind: 'reconnect' }
  | { kind: 'reload' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('comment' as const), card: fc.nat(10), mention: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'create' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('theirs' as const), card: fc.nat(10) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'loseAnswer' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reload' as const }) },
);

/** One person's window: its link can be down, or lose the answer of the next write it carries. */
function personWindow(rig: BoardRig, as: CallContext) {
  const storage = memoryStorage();
  let up = true;
  let loseNext = false;
  const transport: Transport = {
    kind: 'websocket',
    call: async (method, params) => {
      if (!up) return fail('unavailable', 'The hub is unreachable.');
      const answer = await rig.engine.dispatch(method, params, as);
      if (loseNext && (method === 'board.comment' || method === 'board.create')) {
        // The hub did it; the link went before the answer came back.
        loseNext = false;
        up = false;
        current.setState({ connectionPhase: 'disconnected' });
        return fail('unavailable', 'The link to the hub dropped.');
      }
      return answer;
    },
    onEvent: () => () => undefined,
  };
  const open = (): DeskStoreApi => {
    const store = createDeskStore({ client: createClient(transport), now: () => rig.clock.now(), boardQueue: localQueueStore(storage) });
    store.getState().restoreBoardQueue();
    store.setState({ connectionPhase: up ? 'live' : 'disconnected' });
    return store;
  };
  let current = open();
  return {
    get store() {
      return current;
    },
    get up() {
      return up;
    },
    async connect() {
      up = true;
      current.setState({ connectionPhase: 'live' });
      await current.getState().syncBoard();
    },
    drop() {
      up = false;
      current.setState({ connectionPhase: 'disconnected' });
    },
    loseNextAnswer() {
      loseNext = true;
    },
    /** A reload: a new page with only what storage kept. */
    async reload() {
      current = open();
      if (up) await current.getState().syncBoard();
    },
  };
}

describe('queued comments and escalations', () => {
  it('random drops, lost answers and reloads never duplicate or lose a comment, a card or a mention', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 40 }), async (ops) => {
        const rig = boardRig();
        try {
          await rig.call(rig.team.lead, 'board.create', { title: 'Seed', priority: 'P3', tags: [] });
          const win = personWindow(rig, rig.team.operator2);
          await win.connect();
          const ids = () => rig.engine.store.board.listCards(true).map((c) => c.id);
          const made = { comments: [] as string[], cards: [] as string[], mentions: 0 };
          let n = 0;
          for (const op of ops) {
            if (op.kind === 'comment') {
              // Only on cards this window knows (a fresh page offline has none).
              const known = Object.keys(win.store.getState().boardCards).map(Number);
              const id = known[op.card % Math.max(1, known.length)];
              if (id === undefined) continue;
              const text = `mine ${n++}${op.mention ? ' for @omar' : ''}`;
              const outcome = await win.store.getState().commentOnCard(id, text);
              expect(outcome.kind).not.toBe('refused');
              made.comments.push(text);
              if (op.mention) made.mentions += 1;
            } else if (op.kind === 'create') {
              const title = `card ${n++}`;
              const outcome = await win.store.getState().createEscalation({ title, priority: 'P2' });
              if (outcome.kind === 'refused') throw new Error(outcome.message);
              made.cards.push(title);
            } else if (op.kind === 'theirs') {
              const id = ids()[op.card % ids().length]!;
              await rig.call(rig.team.lead, 'board.comment', { id, text: `theirs ${n++}` });
            } else if (op.kind === 'drop') win.drop();
            else if (op.kind === 'loseAnswer') win.loseNextAnswer();
            else if (op.kind === 'reconnect') await win.connect();
            else await win.reload();
            await rig.settle();
          }
          await win.connect();
          // A last answer lost at the very end is sent again by the next reconnect.
          for (let i = 0; i < 3 && win.store.getState().boardPending.length > 0; i++) await win.connect();
          await rig.settle();

          const cards = rig.engine.board.snapshot(true).cards;
          const mine = cards.flatMap((c) => c.comments).filter((c) => c.author.username === 'olga');
          expect(mine.map((c) => c.text).sort()).toEqual([...made.comments].sort());
          expect(
            cards
              .filter((c) => c.createdBy.username === 'olga')
              .map((c) => c.title)
              .sort(),
          ).toEqual([...made.cards].sort());
          const mentions = rig.eventsNamed('board.mention') as Array<{ by: { username: string } }>;
          expect(mentions.filter((m) => m.by.username === 'olga')).toHaveLength(made.mentions);
          expect(win.store.getState().boardPending).toEqual([]);
        } finally {
          await rig.engine.stop();
        }
      }),
      { numRuns: 60 },
    );
  });
});
