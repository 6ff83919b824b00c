/**
 * The same-second race (RELIABILITY case 10). 1,000 posts fall due within one second across ten
 * accounts; the scheduler ticks every 50 ms and its sends take 20–400 ms on a fake network.
 * Incident mode is entered at a random millisecond inside that second, while a scheduler pass
 * is waiting on its sends, 100 times, all on the fake clock. Must hold: every send was claimed
 * before the toggle committed (no send starts once the stored gate is on), the sends in flight
 * at the toggle are exactly what `incident.enter` counted (`inFlightAtEnter`), none goes twice,
 * and every post ends published or held in catch-up. The same rounds against the
 * "gate read once per pass" mutant must show a send starting after the toggle.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AccountConfig } from '../../../main/publish/accounts.js';
import { createScheduler, type SchedulerStore } from '../../../main/publish/scheduler.js';
import type { DeliveryResult } from '../../../main/store/publishGate.js';
import { silentLogger } from '../../../main/lib/log.js';
import { OTTO, emptyPublishing, openDesk } from './desk.js';
import { gateReadOncePerPass } from './mutants.js';
import { rng as random } from '../detect/synthetic.js';

const ROUNDS = 100;
const POSTS = 1_000;
const TICK_MS = 50;
const SEED = Number(process.env.SURGE_RACE_SEED ?? 20_270_314);

const ACCOUNTS: AccountConfig[] = Array.from({ length: 10 }, (_, i): AccountConfig => {
  const name = `acct-${i}`;
  if (i % 3 === 0) return { type: 'mastodon', name, baseUrl: 'http://127.0.0.1:9', token: 'tok', visibility: 'public' };
  if (i % 3 === 1)
    return { type: 'bluesky', name, identifier: `${name}.example`, appPassword: 'pw', service: 'http://127.0.0.1:9', langs: [] };
  return { type: 'x', name, token: 'tok', baseUrl: 'http://127.0.0.1:9' };
});

const desk = openDesk({ accounts: ACCOUNTS, start: Date.UTC(2027, 2, 14, 9, 0) });
afterAll(() => desk.close());
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const stateCounts = desk.store.db.prepare<[], { state: string; n: number }>(
  'SELECT state, COUNT(*) AS n FROM scheduled_posts GROUP BY state',
);
const deliveryCounts = desk.store.db.prepare<[], { state: string; n: number }>(
  'SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state',
);
const claimedLate = desk.store.db.prepare<[number], { n: number }>(
  "SELECT COUNT(*) AS n FROM deliveries WHERE state = 'sent' AND claimed_at > ?",
);

interface Round {
  toggleAt: number;
  inFlightAtToggle: number;
  inFlightAtEnter: number;
  resolveMs: number;
  sendsStarted: number;
  lateSends: string[];
  twice: number;
  posts: Record<string, number>;
  deliveries: Record<string, number>;
  claimedAfterToggle: number;
}

async function round(n: number, rand: () => number, wrap: (store: typeof desk.store) => SchedulerStore): Promise<Round> {
  emptyPublishing(desk);
  const clock = desk.clock;
  const second = Math.ceil((clock.now() + 2_000) / 1_000) * 1_000;
  desk.store.durableTransaction(() => {
    for (let i = 0; i < POSTS; i++) {
      const picks = new Set([Math.floor(rand() * ACCOUNTS.length)]);
      if (rand() < 0.1) picks.add(Math.floor(rand() * ACCOUNTS.length));
      desk.store.publishing.createPost({
        campaignId: null,
        text: `round ${n} post ${i}`,
        at: second + Math.floor((i * 1_000) / POSTS),
        zone: 'UTC',
        author: 'sam',
        state: 'pending',
        targets: [...picks].map((p) => ({ account: ACCOUNTS[p]!.name, network: ACCOUNTS[p]!.type, key: `r${n}-p${i}-a${p}` })),
        now: clock.now(),
      });
    }
    desk.store.db.exec("UPDATE scheduled_posts SET state = 'scheduled', approved_by = 'sue'");
  });

  const started = new Set<string>();
  const lateSends: string[] = [];
  let twice = 0;
  let inFlight = 0;
  const scheduler = createScheduler({
    store: wrap(desk.store),
    clock,
    logger: silentLogger,
    onChanged: () => undefined,
    tickMs: TICK_MS,
    publisher: () => ({
      send: ({ key }) => {
        // The send starts right after its claim committed: the gate as stored now is the gate it was claimed under.
        if (desk.store.publishGate.incident().active) lateSends.push(key);
        if (started.has(key)) twice += 1;
        started.add(key);
        inFlight += 1;
        return new Promise<DeliveryResult>((resolve) => {
          clock.setTimeout(
            () => {
              inFlight -= 1;
              resolve({ kind: 'sent', remoteId: `remote-${key}`, remoteUrl: null });
            },
            20 + Math.floor(rand() * 381),
          );
        });
      },
    }),
  });
  scheduler.start();
  const toggleAt = second + Math.floor(rand() * 1_000);
  while (clock.now() < toggleAt) {
    clock.advance(1);
    await flush();
  }
  // Every answered send is recorded by now (the flush drained them), so `inFlight` is what is
  // still `sending` in the store: the pass is waiting on exactly these when the toggle commits.
  const inFlightAtToggle = inFlight;
  await desk.call('incident.enter', { reason: 'same-second race' }, OTTO);
  const inFlightAtEnter = desk.store.publishGate.incident().inFlightAtEnter;
  while (inFlight > 0) {
    clock.advance(1);
    await flush();
  }
  const resolveMs = clock.now() - toggleAt;
  // A few more passes: nothing more may be claimed.
  for (let i = 0; i < 4 * TICK_MS; i++) {
    clock.advance(1);
    await flush();
  }
  await scheduler.stop();
  const counts = (rows: Array<{ state: string; n: number }>) => Object.fromEntries(rows.map((r) => [r.state, r.n]));
  return {
    toggleAt,
    inFlightAtToggle,
    inFlightAtEnter,
    resolveMs,
    sendsStarted: started.size,
    lateSends,
    twice,
    posts: counts(stateCounts.all()),
    deliveries: counts(deliveryCounts.all()),
    claimedAfterToggle: claimedLate.get(toggleAt)!.n,
  };
}

describe('the same-second race', () => {
  it(`${ROUNDS} toggles inside a second of ${POSTS} due posts: every send was claimed before the toggle committed`, async () => {
    const rand = random(SEED);
    const rounds: Round[] = [];
    for (let n = 0; n < ROUNDS; n++) {
      const r = await round(n, rand, (store) => store);
      rounds.push(r);
      const where = `round ${n} (seed ${SEED})`;
      expect(r.lateSends, `${where}: sends started after the toggle committed`).toEqual([]);
      expect(r.claimedAfterToggle, where).toBe(0);
      expect(r.twice, where).toBe(0);
      expect(r.inFlightAtEnter, where).toBe(r.inFlightAtToggle);
      expect(r.inFlightAtToggle, where).toBeLessThanOrEqual(ACCOUNTS.length);
      // Nothing is left `sending`, nothing lost: each post went out or waits in catch-up.
      expect(r.deliveries.sending ?? 0, where).toBe(0);
      expect(r.deliveries.sent ?? 0, where).toBe(r.sendsStarted);
      expect((r.posts.published ?? 0) + (r.posts.held ?? 0), where).toBe(POSTS);
    }
    const inFlight = rounds.map((r) => r.inFlightAtToggle);
    // The race was real: most toggles landed while sends were under way.
    expect(inFlight.filter((n) => n > 0).length).toBeGreaterThan(ROUNDS / 2);
    const mean = inFlight.reduce((a, b) => a + b, 0) / ROUNDS;
    console.log(
      `same-second race (seed ${SEED}): ${ROUNDS} rounds × ${POSTS} posts over ${ACCOUNTS.length} accounts; ` +
        `${rounds.reduce((a, r) => a + r.sendsStarted, 0)} sends, 0 claimed after the toggle, 0 twice; ` +
        `in flight at the toggle min ${Math.min(...inFlight)} / mean ${mean.toFixed(1)} / max ${Math.max(...inFlight)} (= inFlightAtEnter every round); ` +
        `resolved within ${Math.max(...rounds.map((r) => r.resolveMs))} ms of fake time (send latency 20–400 ms)`,
    );
  }, 60_000);

  it('catches the mutant that reads the gate once per scheduler pass', async () => {
    const rand = random(SEED);
    let caught: { round: number; late: number } | null = null;
    for (let n = 0; n < 20 && !caught; n++) {
      const r = await round(1_000 + n, rand, gateReadOncePerPass);
      if (r.lateSends.length > 0) caught = { round: n + 1, late: r.lateSends.length };
    }
    expect(caught, 'the mutant sent nothing after the toggle: this test could not tell it from the real gate').not.toBeNull();
    console.log(
      `same-second race, mutant "gate read once per pass": caught in round ${caught!.round}, ${caught!.late} sends after the toggle`,
    );
  }, 30_000);
});
