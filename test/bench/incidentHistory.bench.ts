/**
 * Incident history on a busy audit log: 200k entries of other kinds (board moves, sign-ins,
 * approvals) with 90 incident steps spread through them. A page of 30 incident steps (what
 * `incident.history` reads for every role) against a page of the 30 newest entries of any kind
 * (what the admins' audit view reads), each paged back to the oldest incident step. Goal: under
 * 2×, so the history never scans the log for its few rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { incidentHistoryPage } from '../../main/incidents/history.js';
import { createStore } from '../../main/store/index.js';
import { interleavedRates } from './measure.js';
import type { BenchLine } from './types.js';

const OTHER = 200_000;
const STEPS = 90;
const PAGE = 30;
const ACTIONS = ['incident.enter', 'incident.setScope', 'incident.decide.cancel', 'incident.release', 'incident.exit'];
const NOISE = ['board.update', 'auth.signIn', 'scheduled.approve', 'board.comment'];

export default function incidentHistoryBench(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'surge-bench-history-'));
  const store = createStore(join(dir, 'history.db'));
  try {
    const insert = store.db.prepare('INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)');
    const every = Math.floor(OTHER / STEPS);
    store.transaction(() => {
      for (let i = 0; i < OTHER + STEPS; i++) {
        const step = i % (every + 1) === every;
        const action = step ? ACTIONS[i % ACTIONS.length]! : NOISE[i % NOISE.length]!;
        insert.run(i * 1000, 'sam', action, 'x', step ? '{"reason":"Login outage","held":3}' : '{"card":12}');
      }
    });
    // Both walk back through their pages: the history through all of its steps, the log as many pages.
    const pages = Math.ceil(STEPS / PAGE);
    const [history, plain] = interleavedRates(
      pages,
      7,
      () => {
        let before: number | undefined;
        for (let p = 0; p < pages; p++) before = incidentHistoryPage(store.audit, PAGE, before).next ?? undefined;
      },
      () => {
        let before: number | undefined;
        for (let p = 0; p < pages; p++) before = store.audit.page(PAGE, before).at(-1)?.id;
      },
    );
    const ratio = plain / history;
    return Promise.resolve([
      {
        name: `incident.history pages of ${PAGE} (${STEPS} steps in ${OTHER / 1000}k entries)`,
        value: history,
        unit: 'pages/s',
        baseline: { name: `audit log pages of ${PAGE}, any kind`, value: plain },
        goal: 'time per page < 2x the unfiltered page',
        met: ratio < 2,
      },
    ]);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
