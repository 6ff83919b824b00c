/**
 * Board sync with many windows (RELIABILITY case 28). 200 windows, each the renderer's real
 * store on one hub engine, watch the board while people move, comment and acknowledge for 30 s
 * of fake time. One window's link is cut for those 30 s, and its computer's clock is 2 h ahead
 * of the hub's; it keeps working offline (its moves wait in its queue). When the link is back
 * it catches up by the hub's sequence numbers and sends its queue. Must hold: every window ends
 * with exactly the hub's board at the hub's last seq; every queued move is applied exactly once
 * (or, for a field someone else changed meanwhile, kept as a conflict for the person, never
 * dropped); the hub stamps every change with its own clock, never the window's.
 *
 * Fewer windows for a quick run: SURGE_BOARD_CLIENTS=50. The latency of the fan-out over real
 * WebSockets is measured by `npm run bench -- boardSync`, not here (this link is in-process).
 */
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import type { BoardCard } from '../../../shared/contract/board.js';
import { rng } from '../detect/synthetic.js';
import { boardRig, T0 } from './helpers.js';
import { boardWindow, type BoardWindow } from './windows.js';

const CLIENTS = Number(process.env.SURGE_BOARD_CLIENTS ?? 200);
const CUT_SECONDS = 30;
const SKEW_MS = 2 * 3_600_000;
const SEED = 20_260_302;
const statuses = ['triaged', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved'] as const;

const shape = (cards: Iterable<BoardCard>) =>
  [...cards]
    .map((c) => ({ id: c.id, version: c.version, status: c.status, priority: c.priority, comments: c.comments.map((m) => m.id) }))
    .sort((a, b) => a.id - b.id);

describe('board sync with many windows', () => {
  const rig = boardRig();
  afterAll(() => rig.engine.stop());

  it(`${CLIENTS} windows converge on the hub's seq; one cut for ${CUT_SECONDS} s with its clock 2 h ahead loses and repeats nothing`, async () => {
    const rand = rng(SEED);
    const { lead, admin, operator, operator2 } = rig.team;
    const shared: number[] = [];
    for (let i = 0; i < 20; i++) shared.push((await rig.call(lead, 'board.create', { title: `shared ${i}`, priority: 'P2' })).card.id);
    const reserved: number[] = [];
    for (let i = 0; i < 3; i++)
      reserved.push((await rig.call(lead, 'board.create', { title: `offline work ${i}`, priority: 'P3' })).card.id);

    const people = [lead, operator, operator2, admin];
    const windows: BoardWindow[] = Array.from({ length: CLIENTS - 1 }, (_, i) => boardWindow(rig, people[i % people.length]!));
    const cut = boardWindow(rig, lead, { skewMs: SKEW_MS });
    const all = [...windows, cut];
    await Promise.all(all.map((w) => w.store.getState().loadBoard()));
    // The window measured the hub's clock against its own once, on load.
    expect(cut.store.getState().boardSkewMs).toBe(-SKEW_MS);

    cut.setUp(false);
    const cutAt = rig.clock.now();
    const queued: Array<{ cardId: number; status: BoardCard['status'] }> = [];
    for (let s = 0; s < CUT_SECONDS; s++) {
      for (let k = 0; k < 4; k++) {
        // shared[0] is left to the one scripted change below.
        const id = shared[1 + Math.floor(rand() * (shared.length - 1))]!;
        const card = rig.engine.store.board.getCard(id)!;
        const status = statuses[Math.floor(rand() * statuses.length)]!;
        await rig.call(admin, 'board.update', { id, baseVersion: card.version, patch: { status } });
      }
      // Windows write too, through their own stores: a lead's move, an operator's comment.
      const leadWindow = windows[4 * Math.floor(rand() * Math.floor(windows.length / 4))]!;
      await leadWindow.store.getState().updateCard(shared[Math.floor(rand() * shared.length)]!, { priority: rand() < 0.5 ? 'P1' : 'P3' });
      await windows[1 + 4 * Math.floor(rand() * Math.floor((windows.length - 1) / 4))]!.store.getState().commentOnCard(
        shared[Math.floor(rand() * shared.length)]!,
        `seen at ${s} s`,
      );
      // The cut window works on: its own cards every 10 s, and once a card others are changing.
      if (s % 10 === 0) {
        const cardId = reserved[s / 10]!;
        queued.push({ cardId, status: 'in_progress' });
        await cut.store.getState().updateCard(cardId, { status: 'in_progress' });
      }
      if (s === 5) await cut.store.getState().updateCard(shared[0]!, { status: 'waiting_on_customer' });
      if (s === 6)
        await rig.call(admin, 'board.update', {
          id: shared[0]!,
          baseVersion: rig.engine.store.board.getCard(shared[0]!)!.version,
          patch: { status: 'resolved' },
        });
      rig.clock.advance(1_000);
      await rig.settle();
    }
    expect(cut.store.getState().boardPending.filter((w) => w.state === 'queued')).toHaveLength(queued.length + 1);

    const started = performance.now();
    cut.setUp(true);
    await cut.store.getState().syncBoard();
    await rig.settle();
    const convergeMs = performance.now() - started;

    const hub = rig.engine.board.snapshot(true);
    const want = shape(hub.cards);
    let diverged = 0;
    for (const w of all) {
      const state = w.store.getState();
      if (state.boardSeq !== hub.seq || JSON.stringify(shape(Object.values(state.boardCards))) !== JSON.stringify(want)) diverged += 1;
    }
    expect(diverged, `windows that do not show the hub's board at seq ${hub.seq}`).toBe(0);

    // The queue is empty: each move went out once, or is a conflict the person sees.
    const after = cut.store.getState();
    expect(after.boardPending).toEqual([]);
    const db = rig.engine.store.db;
    const updatesOf = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM board_events WHERE card_id = ? AND kind = 'updated'");
    for (const q of queued) {
      expect(updatesOf.get(q.cardId)!.n, `card ${q.cardId}`).toBe(1);
      expect(rig.engine.store.board.getCard(q.cardId)!.status).toBe(q.status);
    }
    // The move of a card whose status someone else changed meanwhile waits for the person's decision.
    expect(after.boardConflicts.map((c) => c.cardId)).toEqual([shared[0]]);
    expect(rig.engine.store.board.getCard(shared[0]!)!.status).toBe('resolved');

    // The hub's clock stamps every change, never the window's (2 h ahead).
    const stamps = db
      .prepare<[], { lo: number; hi: number; n: number }>('SELECT MIN(at) AS lo, MAX(at) AS hi, COUNT(*) AS n FROM board_events')
      .get()!;
    expect(stamps.lo).toBeGreaterThanOrEqual(T0);
    expect(stamps.hi).toBeLessThanOrEqual(rig.clock.now());
    // Seqs are dense: the hub's seq counts every change once.
    expect(stamps.n).toBe(hub.seq);

    console.log(
      `board sync: ${CLIENTS} windows, ${hub.seq} changes, ${queued.length + 1} moves queued offline; ` +
        `one window cut for ${(rig.clock.now() - cutAt) / 1000} s with its clock 2 h ahead; 0 windows diverged, 0 lost, 0 applied twice, ` +
        `1 offline move kept as a conflict (its field changed meanwhile); the cut window caught up and sent its queue in ${convergeMs.toFixed(0)} ms (wall, in-process link)`,
    );
  }, 60_000);
});
