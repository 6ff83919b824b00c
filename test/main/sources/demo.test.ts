import { describe, expect, it } from 'vitest';
import { createDemoAdapter, demoIncidentsBetween, demoPostsBetween } from '../../../main/sources/demo.js';
import { normalizedPostSchema } from '../../../shared/domain.js';
import type { PollContext } from '../../../main/sources/types.js';

const START = Date.parse('2025-05-14T10:00:00Z');
const BACKFILL = { maxPosts: 500, maxAgeMs: 3_600_000 };

function perTenSeconds(posts: { createdAt: number }[], from: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const p of posts) {
    const i = Math.floor((p.createdAt - from) / 10_000);
    if (i >= 0 && i < bins) out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

const OUTAGE =
  /down|caído|caiu|panne|ausgefallen|落ちて|log ?in|login|einloggen|connecter|iniciar sesión|ログイン|50[234]|outage|issues|failing|dead|timing out|broken|error|Störung|障害/i;

describe('demo source', () => {
  it('is deterministic for a seed and different for another', () => {
    const a = demoPostsBetween({ seed: 7 }, START, START, START + 120_000);
    const b = demoPostsBetween({ seed: 7 }, START, START, START + 120_000);
    const c = demoPostsBetween({ seed: 8 }, START, START, START + 120_000);
    expect(a).toEqual(b);
    expect(a.map((p) => p.text)).not.toEqual(c.map((p) => p.text));
  });

  it('shows a baseline, then a surge about 40 s after start, then decays', () => {
    const posts = demoPostsBetween({}, START, START, START + 150_000);
    const bins = perTenSeconds(posts, START, 15);
    const baseline = (bins[0]! + bins[1]! + bins[2]! + bins[3]!) / 4;
    expect(baseline).toBeGreaterThan(10);
    expect(baseline).toBeLessThan(80);
    // 40–50 s: the ramp; 50–70 s: the plateau, many times the baseline.
    expect(bins[4]!).toBeGreaterThan(baseline * 3);
    expect(Math.min(bins[5]!, bins[6]!)).toBeGreaterThan(baseline * 6);
    expect(bins[14]!).toBeLessThan(bins[6]! / 3);
    const surgeText = posts.filter((p) => p.createdAt > START + 50_000 && p.createdAt < START + 70_000);
    const outageShare = surgeText.filter((p) => OUTAGE.test(p.text)).length / surgeText.length;
    expect(outageShare).toBeGreaterThan(0.7);
    const calm = posts.filter((p) => p.createdAt < START + 40_000);
    expect(calm.filter((p) => OUTAGE.test(p.text)).length / calm.length).toBeLessThan(0.35);
  });

  it('produces valid, plain, multilingual NormalizedPosts with source "demo"', () => {
    const posts = demoPostsBetween({}, START, START, START + 90_000);
    for (const p of posts) {
      expect(normalizedPostSchema.safeParse(p).success).toBe(true);
      expect(p.source).toBe('demo');
      expect(p.text).not.toMatch(/[{}<>]/);
    }
    expect(new Set(posts.map((p) => p.lang)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(posts.map((p) => p.externalId)).size).toBe(posts.length);
    expect(posts.some((p) => p.text.includes('Acme Cloud'))).toBe(true);
  });

  it('loops the day: the next loop has the same shape but new ids', () => {
    const opts = { loopMinutes: 120 };
    const first = demoPostsBetween(opts, START, START, START + 60_000);
    const second = demoPostsBetween(opts, START, START + 120_000, START + 180_000);
    expect(second.map((p) => p.text)).toEqual(first.map((p) => p.text));
    expect(second.map((p) => p.createdAt - 120_000)).toEqual(first.map((p) => p.createdAt));
    expect(second[0]?.externalId).not.toBe(first[0]?.externalId);
  });

  it('reports a status-page incident through its lifecycle during the surge', () => {
    const incidents = demoIncidentsBetween({}, START, START, START + 120_000);
    expect(incidents.map((i) => i.status)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(incidents[0]!.updatedAt).toBeGreaterThan(START + 40_000);
    expect(new Set(incidents.map((i) => i.externalId)).size).toBe(1);
  });

  it('polls what is due since the cursor on the real clock, without gaps or repeats', async () => {
    const adapter = createDemoAdapter();
    expect(adapter.isDemo).toBe(true);
    expect(adapter.type).toBe('demo');
    let now = START;
    let cursor: string | null = null;
    const ctx = (): PollContext => ({
      http: { request: () => Promise.reject(new Error('offline')) },
      now: () => now,
      cursor,
      backfill: BACKFILL,
    });
    const first = await adapter.poll(ctx());
    cursor = first.cursor;
    // First start: a little history before now, capped by backfill.
    expect(first.posts.length).toBeGreaterThan(0);
    expect(first.posts.length).toBeLessThanOrEqual(500);
    expect(first.posts.every((p) => p.createdAt <= START)).toBe(true);
    const seen: string[] = [];
    for (let i = 0; i < 24; i++) {
      now += 5_000;
      const r = await adapter.poll(ctx());
      cursor = r.cursor ?? cursor;
      for (const p of r.posts) {
        expect(p.createdAt).toBeGreaterThan(now - 5_000);
        expect(p.createdAt).toBeLessThanOrEqual(now);
        seen.push(p.externalId);
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(demoPostsBetween({}, START, START, START + 120_000).map((p) => p.externalId));
  });

  it('resumes the same timeline after a restart with the persisted cursor', async () => {
    let now = START;
    const ctx = (cursor: string | null): PollContext => ({
      http: { request: () => Promise.reject(new Error('offline')) },
      now: () => now,
      cursor,
      backfill: BACKFILL,
    });
    const first = await createDemoAdapter().poll(ctx(null));
    now = START + 45_000;
    const after = await createDemoAdapter().poll(ctx(first.cursor));
    expect(after.posts.map((p) => p.externalId)).toEqual(demoPostsBetween({}, START, START, START + 45_000).map((p) => p.externalId));
  });
});
