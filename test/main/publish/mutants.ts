/**
 * A mutant of the incident gate, built around the real store so a test can prove it catches it.
 *
 * The shipped claim reads the gate inside the same transaction as each claim round. Here the
 * gate is two writes committed together by `incident.enter`: the flag, and covered posts moved
 * to `held`. `gateReadOncePerPass` is the classic scheduler bug "read the flag once per tick":
 * each claim round of a scheduler pass sees the gate (flag and holds) as it was when the pass
 * started, so a toggle that commits while the pass waits on its sends is not seen until the
 * next pass. The real claim SQL runs unchanged, against that stale view.
 */
import type { SchedulerStore } from '../../../main/publish/scheduler.js';
import type { Store } from '../../../main/store/index.js';

interface GateRow {
  active: number;
  scope: string;
}

export function gateReadOncePerPass(store: Pick<Store, 'db' | 'publishGate' | 'durableTransaction'>): SchedulerStore {
  const { db } = store;
  const readGate = db.prepare<[], GateRow>('SELECT active, scope FROM incident_state WHERE id = 1');
  const writeGate = db.prepare<[number, string]>('UPDATE incident_state SET active = ?, scope = ? WHERE id = 1');
  const open = db.prepare<[], { id: number; state: string }>(
    "SELECT id, state FROM scheduled_posts WHERE state IN ('scheduled', 'publishing')",
  );
  const heldNow = db.prepare<[], { id: number }>("SELECT id FROM scheduled_posts WHERE state = 'held'");
  const setState = db.prepare<[string, number]>('UPDATE scheduled_posts SET state = ? WHERE id = ?');
  let pass: { gate: GateRow; open: Map<number, string> } | null = null;

  return {
    durableTransaction: store.durableTransaction,
    publishGate: {
      ...store.publishGate,
      // Called inside the scheduler's claim transaction: the stale view is put in place, the
      // real claim runs, and the committed gate is put back before that transaction commits.
      claimDue(now, limit, lateMs) {
        const gate = readGate.get()!;
        pass ??= { gate, open: new Map(open.all().map((r) => [r.id, r.state])) };
        const stale = pass;
        const heldSince = heldNow.all().filter((r) => stale.open.has(r.id));
        writeGate.run(stale.gate.active, stale.gate.scope);
        for (const r of heldSince) setState.run(stale.open.get(r.id)!, r.id);
        try {
          const out = store.publishGate.claimDue(now, limit, lateMs);
          // The scheduler's pass ends when a round claims nothing or fills its batch.
          if ((out.claims.length === 0 && out.missed.length === 0) || out.claims.length >= limit) pass = null;
          return out;
        } finally {
          for (const r of heldSince) setState.run('held', r.id);
          writeGate.run(gate.active, gate.scope);
        }
      },
    },
  };
}
