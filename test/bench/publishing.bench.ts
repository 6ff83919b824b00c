/**
 * Incident mode and the scheduler, on a file database with the real pragmas:
 * - entering incident mode over 10k scheduled posts (the gate row, the in-flight count, the
 *   hold of every covered post, the audit entry, one fsynced transaction) against one indexed
 *   UPDATE of the same rows in an fsynced transaction of its own. Goal: under 2×.
 * - the claim loop: due posts claimed, "sent" by an instant publisher and recorded, each
 *   claim and each answer in its own fsynced transaction. Goal: at least 1,000 posts/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createIncidentService } from '../../main/incidents/service.js';
import type { Clock } from '../../main/lib/clock.js';
import { silentLogger } from '../../main/lib/log.js';
import { createPostService } from '../../main/publish/posts.js';
import { createScheduler } from '../../main/publish/scheduler.js';
import { createStore, type Store } from '../../main/store/index.js';
import { interleavedPreparedRates } from './measure.js';
import type { BenchLine } from './types.js';

const POSTS = 10_000;
const DUE = 3_000;
const ACCOUNTS = ['brand-m', 'brand-b', 'brand-x', 'eu-m', 'us-m', 'jp-x', 'de-b', 'fr-m', 'es-m', 'support-m'];
const START = Date.UTC(2027, 0, 4, 9, 0);

function seedAccounts(store: Store): void {
  for (const name of ACCOUNTS) {
    const network = name.endsWith('-b') ? 'bluesky' : name.endsWith('-x') ? 'x' : 'mastodon';
    store.publishing.upsertAccount({ name, network, handle: null, charLimit: 500, origin: 'file', settings: {}, secrets: 'sdk1:' }, START);
  }
}

/** `n` approved posts due at `at`, one account each, written straight into the tables. */
function seedPosts(store: Store, n: number, at: (i: number) => number): void {
  const insertPost = store.db.prepare(
    "INSERT INTO scheduled_posts (text, at, zone, author, state, state_at, approved_by, approved_at, created_at, updated_at) VALUES (?, ?, 'UTC', 'sam', 'scheduled', ?, 'sue', ?, ?, ?)",
  );
  const insertDelivery = store.db.prepare(
    "INSERT INTO deliveries (post_id, account, network, state, due_at, idempotency_key) VALUES (?, ?, 'mastodon', 'waiting', ?, ?)",
  );
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = Number(insertPost.run(`Post ${i} of the spring campaign`, at(i), START, START, START, START).lastInsertRowid);
      insertDelivery.run(id, ACCOUNTS[i % ACCOUNTS.length], at(i), `k-${id}-${Math.random()}`);
    }
  });
}

const clockAt = (t: { now: number }): Clock => ({ now: () => t.now, setTimeout: () => 0, clearTimeout: () => undefined });

async function enterBench(dir: string): Promise<BenchLine> {
  const store = createStore(join(dir, 'enter.db'));
  const raw = createStore(join(dir, 'enter-raw.db'));
  try {
    const t = { now: START };
    seedAccounts(store);
    seedPosts(store, POSTS, (i) => START + 3_600_000 + i * 1000);
    seedPosts(raw, POSTS, (i) => START + 3_600_000 + i * 1000);
    const accounts = () => store.publishing.accounts();
    const emit = () => undefined;
    const posts = createPostService({ store, now: () => t.now, emit, accounts });
    const incidents = createIncidentService({ store, posts, now: () => t.now, emit, accounts, logger: silentLogger });
    const ctx = { role: 'operator' as const, userId: 'u-otto', username: 'otto', transport: 'websocket' as const };
    const holdRaw = raw.db.prepare("UPDATE scheduled_posts SET state = 'held' WHERE state IN ('scheduled', 'publishing')");
    const [enterRate, updateRate] = interleavedPreparedRates(
      POSTS,
      5,
      {
        // Off the clock: leave incident mode and put the posts back on the schedule.
        prepare: () => {
          store.transaction(() => {
            store.publishGate.exit();
            store.db.exec("UPDATE scheduled_posts SET state = 'scheduled', prior_state = NULL WHERE state = 'held'");
          });
        },
        // What `incident.enter` runs through the dispatcher: the change and its audit entry in one fsynced transaction.
        run: () => {
          store.durableTransaction(() => {
            const s = incidents.enter('Checkout is down', { kind: 'everything' }, ctx);
            store.audit.record({ at: t.now, actor: 'otto', action: 'incident.enter', subject: 'incident mode', detail: { held: s.held } });
            if (s.held !== POSTS) throw new Error(`held ${s.held}, expected ${POSTS}`);
          });
        },
      },
      {
        prepare: () => raw.db.exec("UPDATE scheduled_posts SET state = 'scheduled' WHERE state = 'held'"),
        run: () => {
          raw.durableTransaction(() => {
            if (holdRaw.run().changes !== POSTS) throw new Error('the baseline missed rows');
          });
        },
      },
    );
    // Rates are posts/s; the time ratio is the inverse.
    const ms = (POSTS / enterRate) * 1000;
    const baseMs = (POSTS / updateRate) * 1000;
    return {
      name: `enter incident mode over ${POSTS / 1000}k scheduled posts`,
      value: ms,
      unit: 'ms',
      baseline: { name: 'one indexed UPDATE of the same rows (fsynced)', value: baseMs },
      goal: '< 2x the UPDATE',
      met: ms < 2 * baseMs,
    };
  } finally {
    store.close();
    raw.close();
  }
}

async function claimBench(dir: string): Promise<BenchLine[]> {
  const store = createStore(join(dir, 'claim.db'));
  try {
    const t = { now: START };
    seedAccounts(store);
    const instant = { send: () => Promise.resolve({ kind: 'sent' as const, remoteId: 'r', remoteUrl: null }) };
    const scheduler = createScheduler({
      store,
      clock: clockAt(t),
      logger: silentLogger,
      publisher: () => instant,
      onChanged: () => undefined,
      batch: DUE,
    });
    let best = 0;
    for (let round = 0; round < 4; round++) {
      seedPosts(store, DUE, () => t.now);
      t.now += 1000;
      const started = performance.now();
      const claimed = await scheduler.tick();
      const elapsed = performance.now() - started;
      if (claimed !== DUE) throw new Error(`claimed ${claimed} of ${DUE}`);
      if (round > 0) best = Math.max(best, claimed / (elapsed / 1000));
    }
    // The floor under it: one fsynced single-row UPDATE per claim and per answer, nothing else.
    const raw = store.db.prepare('UPDATE deliveries SET attempts = attempts WHERE post_id = ?');
    const rawStart = performance.now();
    for (let i = 1; i <= 1000; i++) {
      store.durableTransaction(() => raw.run(i));
      store.durableTransaction(() => raw.run(i));
    }
    const rawRate = 1000 / ((performance.now() - rawStart) / 1000);
    return [
      {
        name: `claim loop, ${DUE} due posts over ${ACCOUNTS.length} accounts (claim + send + record)`,
        value: best,
        unit: 'posts/s',
        baseline: { name: 'two bare fsynced one-row transactions per post', value: rawRate },
        goal: '>= 1000 posts/s',
        met: best >= 1000,
      },
    ];
  } finally {
    store.close();
  }
}

export default async function publishingBench(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'surge-bench-publish-'));
  try {
    return [await enterBench(dir), ...(await claimBench(dir))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
