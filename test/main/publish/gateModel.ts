/**
 * The incident gate as a model, for property tests: generated schedules of scheduler ticks,
 * incident enter/exit and scope changes, approvals, campaign pauses, catch-up decisions and
 * paced releases, publisher latency and failures, clock jumps, and crashes (the scheduler
 * dropped mid-send and a new one recovering from the same store). After every step:
 *  - no send starts while the gate (as the test itself tracks it) covers the post;
 *  - no post reaches an account twice (Mastodon/Bluesky keys deduplicate, X never resends);
 *  - no held post is lost: it stays held until a catch-up decision moves it;
 *  - and, once the gate is off and every send has answered, nothing due is left behind.
 * `wrap` puts something between the scheduler and the store: a mutant, to prove the model
 * catches it (gate.mutant.test.ts).
 */
import fc from 'fast-check';
import type { IncidentScope } from '../../../shared/contract/incidents.js';
import type { DeliveryResult } from '../../../main/store/publishGate.js';
import { createScheduler, type SchedulerStore } from '../../../main/publish/scheduler.js';
import { silentLogger } from '../../../main/lib/log.js';
import { scopeArb, withCampaigns } from './scopes.js';
import { ACCOUNTS, OTTO, SAM, SUE, openDesk, emptyPublishing, settableClock, type Desk } from './desk.js';

const START = Date.UTC(2027, 2, 1, 12, 0);
const NETWORK: Record<string, 'mastodon' | 'bluesky' | 'x'> = { 'brand-m': 'mastodon', 'brand-b': 'bluesky', 'brand-x': 'x' };

interface Pending {
  postId: number;
  account: string;
  key: string;
  resolve: (r: DeliveryResult) => void;
  generation: number;
}

const flush = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
};

const op = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('create' as const),
      minutes: fc.integer({ min: 1, max: 10 }),
      accounts: fc.subarray(
        ACCOUNTS.map((a) => a.name),
        { minLength: 1 },
      ),
      campaign: fc.integer({ min: -1, max: 1 }),
      approve: fc.constantFrom(true, true, true, false),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('approvePending' as const), pick: fc.nat() }) },
  { weight: 8, arbitrary: fc.record({ t: fc.constant('tick' as const) }) },
  { weight: 7, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 1_000, max: 12 * 60_000 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('jumpBack' as const), ms: fc.integer({ min: 1_000, max: 10 * 60_000 }) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('answer' as const),
      pick: fc.nat(),
      outcome: fc.constantFrom('sent', 'retry', 'failed', 'unknown'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('enter' as const), scope: scopeArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('exit' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('setScope' as const), scope: scopeArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('decide' as const),
      pick: fc.nat(),
      action: fc.constantFrom('publishNow', 'reschedule', 'cancel', 'backToApproval', 'edit'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('release' as const), minutes: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('stopRelease' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('pause' as const), campaign: fc.integer({ min: 0, max: 1 }), paused: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('crash' as const) }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const ignore = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch {
    // Refusals (conflicts, a time that passed) are part of the game; invariants are checked after.
  }
};

export interface GateModelOptions {
  /** What the scheduler is given instead of the real store (default: the store itself). */
  wrap?: (store: Desk['store']) => SchedulerStore;
}

export function createGateModel(options: GateModelOptions = {}) {
  const wrap = options.wrap ?? ((store: Desk['store']): SchedulerStore => store);
  /** The clock every run shares; each run starts it again at START. */
  const clock = settableClock(START);

  // One store for all runs (emptied between them): opening one per run would dominate the time.
  const desk = openDesk({}, clock as never);
  const postOfKey = desk.store.db.prepare<[string], { post_id: number }>('SELECT post_id FROM deliveries WHERE idempotency_key = ?');
  const allStates = desk.store.db.prepare<[], { id: number; state: string }>('SELECT id, state FROM scheduled_posts');
  const openDeliveries = desk.store.db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM deliveries WHERE post_id = ? AND state IN ('waiting', 'retrying')",
  );
  let pending: Pending[] = [];
  let generation = 0;
  let world = new Map<string, number>();
  let violations: string[] = [];
  let gate: { active: boolean; scope: IncidentScope } = { active: false, scope: { kind: 'everything' } };
  let postsInfo = new Map<number, { campaignId: number | null; accounts: string[] }>();
  let held = new Set<number>();

  const covers = (scope: IncidentScope, postId: number): boolean => {
    const p = postsInfo.get(postId)!;
    if (scope.kind === 'everything') return true;
    return (
      (p.campaignId !== null && scope.campaigns.includes(p.campaignId)) ||
      p.accounts.some((a) => scope.accounts.includes(a) || scope.networks.includes(NETWORK[a]!))
    );
  };

  function makeScheduler(gen: number) {
    return createScheduler({
      store: wrap(desk.store),
      clock,
      logger: silentLogger,
      onChanged: () => undefined,
      maxAttempts: 3,
      publisher: (account) => ({
        send: ({ key }) => {
          const postId = Number(postOfKey.get(key)?.post_id);
          if (gate.active && covers(gate.scope, postId))
            violations.push(`send of post ${postId} to ${account} started while incident mode covered it`);
          stats.started += 1;
          return new Promise<DeliveryResult>((resolve) => pending.push({ postId, account, key, resolve, generation: gen }));
        },
      }),
    });
  }
  let scheduler = makeScheduler(0);
  let campaigns: number[] = [];
  const stats = { started: 0 };

  /** The process dies: sends in flight never answer, and that scheduler never runs again. */
  function killScheduler() {
    void scheduler.stop();
    pending = [];
    generation += 1;
    scheduler = makeScheduler(generation);
  }

  function reset() {
    killScheduler();
    desk.events.length = 0;
    emptyPublishing(desk);
    clock.t = START;
    world = new Map();
    violations = [];
    gate = { active: false, scope: { kind: 'everything' } };
    postsInfo = new Map();
    held = new Set();
    campaigns = [
      desk.store.publishing.createCampaign('A', '', null, 'sam', START).id,
      desk.store.publishing.createCampaign('B', '', null, 'sam', START).id,
    ];
  }

  /** Scopes are generated with campaign indexes; the gate needs the campaigns' ids. */
  const realScope = (scope: IncidentScope): IncidentScope => withCampaigns(scope, campaigns);

  async function apply(o: Op): Promise<void> {
    switch (o.t) {
      case 'create': {
        const campaignId = o.campaign < 0 ? undefined : campaigns[o.campaign];
        const input = {
          text: `post ${o.minutes}`,
          accounts: o.accounts,
          at: desk.inMinutes(o.minutes),
          submit: true,
          ...(campaignId ? { campaignId } : {}),
        };
        try {
          const post = await desk.call('scheduled.create', input, SAM);
          postsInfo.set(post.id, { campaignId: campaignId ?? null, accounts: o.accounts });
          if (o.approve) await ignore(desk.call('scheduled.approve', { id: post.id }, SUE));
        } catch {
          // a refused time
        }
        break;
      }
      case 'approvePending': {
        const ids = desk.store.publishing.list({ states: ['pending'], limit: 50 }, clock.t).map((p) => p.id);
        if (ids.length) await ignore(desk.call('scheduled.approve', { id: ids[o.pick % ids.length]! }, SUE));
        break;
      }
      case 'tick':
        void scheduler.tick();
        await flush();
        break;
      case 'advance':
        clock.t += o.ms;
        break;
      case 'jumpBack':
        clock.t -= o.ms;
        break;
      case 'answer': {
        if (!pending.length) break;
        const p = pending[o.pick % pending.length]!;
        pending = pending.filter((x) => x !== p);
        if (o.outcome === 'sent') answerSent(p);
        else
          p.resolve(
            o.outcome === 'retry'
              ? { kind: 'retry', at: clock.t + 60_000, error: 'HTTP 503' }
              : o.outcome === 'failed'
                ? { kind: 'failed', error: 'HTTP 401' }
                : { kind: 'unknown', error: 'timeout' },
          );
        await flush();
        break;
      }
      case 'enter':
        // Refused (a conflict) while already on: the gate keeps its scope.
        if (!gate.active) {
          gate = { active: true, scope: realScope(o.scope) };
          await desk.call('incident.enter', { reason: 'outage', scope: gate.scope }, OTTO);
        }
        break;
      case 'exit':
        if (gate.active) await desk.call('incident.exit', {}, OTTO);
        gate = { active: false, scope: { kind: 'everything' } };
        break;
      case 'setScope':
        if (gate.active) {
          gate = { active: true, scope: realScope(o.scope) };
          await desk.call('incident.setScope', { scope: gate.scope }, OTTO);
        }
        break;
      case 'decide': {
        const ids = [...held];
        if (!ids.length) break;
        const id = ids[o.pick % ids.length]!;
        const out = await desk.call(
          'incident.decide',
          {
            postIds: [id],
            action: o.action,
            ...(o.action === 'reschedule' ? { at: desk.inMinutes(5) } : {}),
            ...(o.action === 'edit' ? { text: 'edited' } : {}),
          },
          SUE,
        );
        if (out.changed.length && o.action !== 'edit') held.delete(id);
        break;
      }
      case 'release': {
        try {
          await desk.call('incident.release', { perAccountEveryMinutes: o.minutes }, SUE);
          for (const id of [...held]) if (desk.store.publishing.raw(id)?.state !== 'held') held.delete(id);
        } catch {
          // nothing releasable
        }
        break;
      }
      case 'stopRelease':
        await desk.call('incident.stopRelease', {}, SUE);
        break;
      case 'pause':
        await desk.call('campaigns.setPaused', { id: campaigns[o.campaign]!, paused: o.paused }, SAM);
        break;
      case 'crash':
        // A new scheduler starts on the same store and resolves what the dead one left `sending`.
        killScheduler();
        scheduler.recover();
        break;
    }
  }

  /** Mastodon and Bluesky deduplicate a resend with the same key; X would post again. */
  const seenKeys = new Set<string>();
  function countsAsNew(p: Pending): boolean {
    if (NETWORK[p.account] === 'x') return true;
    if (seenKeys.has(p.key)) return false;
    seenKeys.add(p.key);
    return true;
  }

  function check(): void {
    for (const [k, n] of world) if (n > 1) violations.push(`${k} was published ${n} times`);
    const rows = allStates.all();
    const state = new Map(rows.map((r) => [r.id, r.state]));
    for (const [id, s] of state) if (s === 'held') held.add(id);
    for (const id of held) {
      const s = state.get(id);
      if (s === 'held') continue;
      // A post whose last sends were already in flight when it was held settles as published or failed.
      const open = openDeliveries.get(id)!.n;
      if ((s === 'published' || s === 'failed') && open === 0) held.delete(id);
      else violations.push(`held post ${id} left catch-up without a decision (now ${s})`);
    }
  }

  const stranded = desk.store.db.prepare<[number], { post_id: number; account: string; state: string }>(
    `SELECT d.post_id, d.account, d.state FROM deliveries d JOIN scheduled_posts p ON p.id = d.post_id LEFT JOIN campaigns c ON c.id = p.campaign_id
     WHERE p.state IN ('scheduled', 'publishing') AND (c.paused IS NULL OR c.paused = 0)
       AND (d.state = 'sending' OR (d.state IN ('waiting', 'retrying') AND d.due_at <= ?))`,
  );

  function answerSent(p: Pending): void {
    world.set(`${p.postId}/${p.account}`, (world.get(`${p.postId}/${p.account}`) ?? 0) + (countsAsNew(p) ? 1 : 0));
    p.resolve({ kind: 'sent', remoteId: `r-${p.key}`, remoteUrl: null });
  }

  /** Answers every send and ticks until quiet; then nothing due that the gate does not cover may be left unclaimed or stuck. */
  async function settle(when: string): Promise<void> {
    for (let round = 0; round < 50; round++) {
      for (const p of pending.splice(0)) answerSent(p);
      await flush();
      void scheduler.tick();
      await flush();
      if (pending.length === 0) break;
    }
    check();
    const left = stranded.all(clock.t).filter((r) => !(gate.active && covers(gate.scope, r.post_id)));
    if (left.length) violations.push(`left behind ${when}: ${JSON.stringify(left)}`);
  }

  /** Liveness: posts the gate does not cover still go out while it is on, and everything due goes once it is off. */
  async function drain(): Promise<void> {
    await settle('while incident mode covered other posts');
    if (gate.active) {
      await desk.call('incident.exit', {}, OTTO);
      gate = { active: false, scope: { kind: 'everything' } };
    }
    await settle('after leaving incident mode');
  }

  let runs = 0;
  let enters = 0;
  let sends = 0;

  /** One generated schedule: apply each step, check the invariants after it, then drain. Throws on a violation. */
  async function run(ops: Op[]): Promise<void> {
    reset();
    seenKeys.clear();
    runs += 1;
    for (const o of ops) {
      if (o.t === 'enter') enters += 1;
      await apply(o);
      check();
      if (violations.length) throw new Error(violations.join('; '));
    }
    await drain();
    if (violations.length) throw new Error(violations.join('; '));
    sends += [...world.values()].reduce((a, b) => a + b, 0);
  }

  return {
    property: () => fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40, size: 'max' }), run),
    stats: () => ({ runs, enters, started: stats.started, published: sends }),
    close: () => desk.close(),
  };
}
