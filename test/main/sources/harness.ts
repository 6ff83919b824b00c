/** Shared wiring for connector tests: real HTTP client, fake clock, in-memory store and state. */
import { expect } from 'vitest';
import type { NormalizedPost, SourceStatus } from '../../../shared/domain.js';
import { createHttpClient } from '../../../main/sources/http.js';
import { Poller, type PollerOptions, type SourceOptions, memoryStateStore } from '../../../main/sources/poller.js';
import type { HttpClient, SourceAdapter } from '../../../main/sources/types.js';
import { FakeClock } from '../../fixtures/fakes/clock.js';

export const T0 = Date.parse('2025-05-14T10:00:00.000Z');

/** A store that dedups on (source, externalId) like the real one, and counts re-deliveries. */
export function memorySink() {
  const posts = new Map<string, NormalizedPost>();
  let delivered = 0;
  return {
    posts,
    get delivered() {
      return delivered;
    },
    sink(batch: NormalizedPost[]): { inserted: number; insertedCreatedAt: number[] } {
      const insertedCreatedAt: number[] = [];
      for (const p of batch) {
        delivered += 1;
        const key = `${p.source}\u0000${p.externalId}`;
        if (!posts.has(key)) {
          posts.set(key, p);
          insertedCreatedAt.push(p.createdAt);
        }
      }
      return { inserted: insertedCreatedAt.length, insertedCreatedAt };
    },
  };
}

export interface Harness {
  clock: FakeClock;
  http: HttpClient;
  states: ReturnType<typeof memoryStateStore>;
  store: ReturnType<typeof memorySink>;
  statuses: SourceStatus[];
  /** A fresh poller over the same store and state: what a restart looks like. */
  poller(adapters: SourceAdapter[], sourceOpts?: SourceOptions, opts?: PollerOptions): Poller;
}

export function harness(opts: { timeoutMs?: number; maxBodyBytes?: number; now?: number } = {}): Harness {
  const clock = new FakeClock(opts.now ?? T0);
  const http = createHttpClient({
    userAgent: 'test:surge-desk:v0 (by /u/test)',
    timeoutMs: opts.timeoutMs ?? 5_000,
    maxBodyBytes: opts.maxBodyBytes,
  });
  const states = memoryStateStore();
  const store = memorySink();
  const statuses: SourceStatus[] = [];
  return {
    clock,
    http,
    states,
    store,
    statuses,
    poller(adapters, sourceOpts, pollerOpts) {
      const p = new Poller(
        { clock, http, sink: (b) => store.sink(b), stateStore: states, onStatus: (s) => statuses.push(s), random: () => 0.5 },
        pollerOpts,
      );
      for (const a of adapters) p.add(a, sourceOpts);
      return p;
    },
  };
}

/** Polls by hand until the adapter says nothing more is waiting; how many polls said more (at most `max`). */
export async function pollUntilDone(p: Poller, name: string, max = 20): Promise<number> {
  let polls = 0;
  while (polls < max && (await p.pollNow(name)).hasMore) polls += 1;
  return polls;
}

/** Drains what is left by hand, then holds that every post arrived exactly once and the cursor let go of history. */
export async function expectDrainedOnce(h: Harness, p: Poller, name: string, total: number, idle: Record<string, unknown>): Promise<void> {
  expect(await pollUntilDone(p, name)).toBeLessThan(20);
  expect(h.store.posts.size).toBe(total);
  expect(h.store.delivered).toBe(total);
  expect(JSON.parse(h.states.data.get(name)?.cursor ?? '{}')).toMatchObject(idle);
}
