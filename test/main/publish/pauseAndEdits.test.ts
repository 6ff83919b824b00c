/**
 * Two of the scheduler's promises about time, on the fake clock with the scheduler's own timer:
 *  - RELIABILITY case 13, resume: a pause of 2 h while 30 posts fall due (incident mode, or the
 *    campaign paused) sends nothing when it ends; every one of the 30 is listed as missed.
 *  - RELIABILITY case 15, edits near the deadline: 100 queued posts are cancelled, deleted,
 *    rescheduled or rewritten, some less than a second before they are due. Not one stray send:
 *    nothing goes out for a cancelled or deleted post, nothing before a new time, never an old text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Publisher } from '../../../main/publish/types.js';
import { LEE, OTTO, SAM, SUE, openDesk, type Desk } from './desk.js';

const MIN = 60_000;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function timedPublisher(now: () => number) {
  const sends: Array<{ key: string; text: string; at: number }> = [];
  const publisher = (): Publisher => ({
    send: ({ key, text }) => {
      sends.push({ key, text, at: now() });
      return Promise.resolve({ kind: 'sent', remoteId: `r-${key}`, remoteUrl: null });
    },
  });
  return { sends, publisher };
}

/** Moves the fake clock in steps, letting the scheduler's passes run between them. */
async function run(desk: Desk, ms: number, step = 1_000): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    desk.clock.advance(Math.min(step, ms - t));
    await flush();
  }
}

describe('a 2 h pause, then resume (case 13)', () => {
  let desk: Desk;
  afterEach(() => desk?.close());

  async function thirtyDue(campaignId?: number) {
    const posts = [];
    // Due every 4 minutes over the two hours of the pause.
    for (let i = 0; i < 30; i++) posts.push(await desk.scheduled(2 + 4 * i, ['brand-m'], campaignId ? { campaignId } : {}));
    return posts;
  }

  it('incident mode: leaving sends nothing; all 30 wait in catch-up, overdue', async () => {
    const rec = timedPublisher(() => desk.clock.now());
    desk = openDesk({ publisher: rec.publisher, tickMs: 5_000 });
    desk.scheduler.start();
    const posts = await thirtyDue();
    await desk.call('incident.enter', { reason: 'Checkout is down' }, OTTO);
    await run(desk, 2 * 60 * MIN);
    await desk.call('incident.exit', {}, OTTO);
    await run(desk, 30 * MIN);
    expect(rec.sends).toEqual([]);
    const held = await desk.call('incident.catchUp', {}, LEE);
    expect(held.map((p) => p.id).sort((a, b) => a - b)).toEqual(posts.map((p) => p.id));
    expect(held.every((p) => p.status.state === 'held' && p.status.overdue)).toBe(true);
    await desk.scheduler.stop();
  });

  it('a paused campaign: resuming sends nothing; all 30 wait for a new time, saying it passed', async () => {
    const rec = timedPublisher(() => desk.clock.now());
    desk = openDesk({ publisher: rec.publisher, tickMs: 5_000 });
    desk.scheduler.start();
    const campaign = await desk.call('campaigns.create', { name: 'Spring' }, SAM);
    const posts = await thirtyDue(campaign.id);
    expect(await desk.call('campaigns.setPaused', { id: campaign.id, paused: true }, SUE)).toMatchObject({ postsChanged: 30 });
    await run(desk, 2 * 60 * MIN);
    await desk.call('campaigns.setPaused', { id: campaign.id, paused: false }, SUE);
    await run(desk, 30 * MIN);
    expect(rec.sends).toEqual([]);
    for (const p of posts) {
      const now = await desk.call('scheduled.get', { id: p.id }, LEE);
      expect(now.status).toMatchObject({
        state: 'approved',
        why: expect.stringMatching(/passed while its campaign was paused: give it a new time/),
      });
    }
    await desk.scheduler.stop();
  });
});

describe('edits close to the deadline (case 15)', () => {
  let desk: Desk | undefined;
  afterEach(() => desk?.close());

  it('100 queued posts changed up to 0.3 s before they are due: 0 stray sends', async () => {
    const rec = timedPublisher(() => desk!.clock.now());
    desk = openDesk({ publisher: rec.publisher, tickMs: 100 });
    const d = desk;
    d.scheduler.start();
    const kinds = ['cancel', 'delete', 'reschedule', 'rewrite', 'untouched'] as const;
    // How long before its time each post is changed: most within the last second.
    const leads = [300, 500, 800, 950, 5_000, 60_000];
    const plan: Array<{
      post: Awaited<ReturnType<Desk['scheduled']>>;
      key: string;
      kind: (typeof kinds)[number];
      editAt: number;
      newAt: number;
    }> = [];
    for (let i = 0; i < 100; i++) {
      const post = await d.scheduled(10 + i / 6, ['brand-m'], { text: `original ${i}` });
      const key = d.store.publishing.deliveries(post.id)[0]!.idempotency_key;
      plan.push({ post, key, kind: kinds[i % kinds.length]!, editAt: post.at - leads[i % leads.length]!, newAt: 0 });
    }
    const lastDue = Math.max(...plan.map((p) => p.post.at));
    const pending = [...plan].sort((a, b) => a.editAt - b.editAt);
    while (d.clock.now() < lastDue + 4 * MIN) {
      while (pending.length && pending[0]!.editAt <= d.clock.now()) {
        const p = pending.shift()!;
        const id = p.post.id;
        if (p.kind === 'cancel') await d.call('scheduled.cancel', { id }, SAM);
        else if (p.kind === 'delete') {
          await d.call('scheduled.cancel', { id }, SAM);
          await d.call('scheduled.delete', { id }, SAM);
        } else if (p.kind === 'reschedule') p.newAt = (await d.call('scheduled.update', { id, at: d.inMinutes(3) }, SAM)).at;
        else if (p.kind === 'rewrite') await d.call('scheduled.update', { id, text: `rewritten ${id}` }, SAM);
      }
      d.clock.advance(100);
      await flush();
    }
    await d.scheduler.stop();

    const key = new Map(plan.map((p) => [p.key, p]));
    const stray = rec.sends.filter((s) => {
      const p = key.get(s.key);
      if (!p) return true;
      if (p.kind === 'untouched') return s.at < p.post.at || s.text !== p.post.text;
      if (p.kind === 'reschedule') return s.at < p.newAt;
      return true; // cancelled, deleted or rewritten (back in draft): nothing may go
    });
    expect(stray).toEqual([]);
    const sentOnce = (kind: string) =>
      plan.filter((p) => p.kind === kind && rec.sends.filter((s) => key.get(s.key) === p).length === 1).length;
    expect(sentOnce('untouched')).toBe(20);
    expect(sentOnce('reschedule')).toBe(20);
    expect(rec.sends).toHaveLength(40);
    console.log(`edits near the deadline: 100 posts, 80 changed (${leads.join('/')} ms before due), 40 sends as planned, 0 stray`);
  });
});
