/**
 * One paging suite for every adapter that pages, run against its fake told to serve fewer
 * posts per page than the adapter asks for (as instances that cap pages do, issue #8). A short
 * page is not the end: only an empty page or a missing next link/cursor is.
 */
import { afterEach, expect, it } from 'vitest';
import type { Poller } from '../../../main/sources/poller.js';
import type { SourceAdapter } from '../../../main/sources/types.js';
import { type Harness, harness } from './harness.js';

/** Page size the fakes are capped at: below every adapter's default request size. */
export const PAGE_CAP = 20;

export interface ShortPageFake {
  url: string;
  /** Adds `n` posts, the first created at `atMs`, each later one a little newer. */
  add(n: number, atMs: number): void;
  close(): Promise<void>;
}

export interface ShortPageCase {
  /** The name the adapter polls under. */
  name: string;
  /** The adapter's fake, serving at most `pageCap` posts per page. */
  start(h: Harness, pageCap: number): Promise<ShortPageFake>;
  adapter(url: string): SourceAdapter;
}

/**
 * Advances the fake clock a second at a time, letting every poll that falls due finish (real
 * HTTP) before time moves on; `each` runs before every step, e.g. to add posts.
 */
export async function runFor(h: Harness, p: Poller, ms: number, each?: () => void): Promise<void> {
  for (let t = 0; t < ms; t += 1_000) {
    each?.();
    h.clock.advance(1_000);
    await p.idle();
  }
}

/** Polls by hand until the adapter says nothing more is waiting. */
async function drain(p: Poller, name: string): Promise<void> {
  for (let i = 0; i < 30 && (await p.pollNow(name)).hasMore; i++);
}

export function shortPageSuite(c: ShortPageCase): void {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  const start = async (h: Harness) => {
    const f = await c.start(h, PAGE_CAP);
    cleanups.push(() => f.close());
    return f;
  };
  const backfill = { maxPosts: 500, maxAgeMs: 3_600_000 };

  it('backfills every short page back to the age limit', async () => {
    const h = harness();
    const f = await start(h);
    f.add(30, h.clock.now() - 3 * 3_600_000);
    f.add(130, h.clock.now() - 50 * 60_000);
    const p = h.poller([c.adapter(f.url)], { backfill });
    await drain(p, c.name);
    expect(h.store.posts.size).toBe(130);
  });

  it('backfills short pages up to maxPosts', async () => {
    const h = harness();
    const f = await start(h);
    f.add(130, h.clock.now() - 10 * 60_000);
    const p = h.poller([c.adapter(f.url)], { backfill: { ...backfill, maxPosts: 50 } });
    await drain(p, c.name);
    expect(h.store.posts.size).toBe(50);
  });

  it('catches up with a backlog of several short pages within one poll interval, then waits the interval', async () => {
    const h = harness();
    const f = await start(h);
    f.add(10, h.clock.now() - 10 * 60_000);
    const p = h.poller([c.adapter(f.url)], { intervalMs: 60_000, backfill });
    p.start();
    await runFor(h, p, 5_000);
    expect(h.store.posts.size).toBe(10);
    f.add(75, h.clock.now() - 100_000);
    // The regular poll falls due once in this window; the extra pages must follow it.
    await runFor(h, p, 70_000);
    expect(h.store.posts.size).toBe(85);
    expect((p.status(c.name).nextPollAt ?? 0) - h.clock.now()).toBeGreaterThan(1_000);
    await p.stop();
  });

  it('reads in full a backlog that built up after an empty first start', async () => {
    const h = harness();
    const f = await start(h);
    const p = h.poller([c.adapter(f.url)], { backfill });
    await drain(p, c.name);
    h.clock.advance(60_000);
    f.add(75, h.clock.now() - 100_000);
    await drain(p, c.name);
    expect(h.store.posts.size).toBe(75);
  });
}
