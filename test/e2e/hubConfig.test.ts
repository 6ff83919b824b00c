/**
 * Issue 3's acceptance run, end to end through the real hub process: `npm run serve` with the
 * README's SURGE_CONFIG example pointed at a fake Mastodon that rate-limits and sends a
 * malformed page. Every post is ingested exactly once and the source reports up.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMastodonFake, type MastodonFake } from '../fixtures/fakes/mastodon.js';
import { freePort, removeDir, startHub, stopAll, tempDataDir, type Hub } from './harness.js';

const metric = (text: string, name: string, source: string): number | null => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{source="${source}"}`));
  return line ? Number(line.split(' ').pop()) : null;
};

describe('hub with a SURGE_CONFIG source', () => {
  let fake: MastodonFake | undefined;
  let hub: Hub | undefined;
  const dataDir = tempDataDir('surge-hubconfig-');
  afterAll(async () => {
    await stopAll();
    await fake?.close();
    removeDir(dataDir);
  });

  it('ingests every post exactly once through a 429 and a malformed page, and reports the source up', async () => {
    fake = await startMastodonFake();
    fake.add(60, Date.now() - 20 * 60_000);
    const configFile = join(dataDir, 'surge.json');
    writeFileSync(
      configFile,
      JSON.stringify({ sources: [{ type: 'mastodon', name: 'm1', baseUrl: fake.url, hashtags: ['outage'], intervalSeconds: 10 }] }),
    );
    // The first answer is cut off mid-JSON, the next two are 429s with a reset two seconds out.
    fake.server.inject({ kind: 'truncated' }, 1);
    fake.server.inject(
      {
        kind: 'status',
        status: 429,
        headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': new Date(Date.now() + 2_000).toISOString() },
        body: { error: 'Too many requests' },
      },
      2,
    );
    hub = await startHub({ port: await freePort(), dataDir, env: { SURGE_CONFIG: configFile } });

    const metrics = async () => (await fetch(`${hub!.url}/metrics`)).text();
    const deadline = Date.now() + 45_000;
    let added = false;
    for (;;) {
      const text = await metrics();
      const ingested = metric(text, 'surge_posts_ingested_total', 'm1');
      if (!added && ingested === 60) {
        // New posts while it runs must arrive too, once each.
        fake.add(15, Date.now() - 1_000);
        added = true;
      }
      if (added && ingested === fake.statuses.length && metric(text, 'surge_source_up', 'm1') === 1) break;
      if (Date.now() > deadline) throw new Error(`timed out; metrics were:\n${text}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as {
      demo: boolean;
      posts: number;
      sources: { name: string; health: string }[];
    };
    expect(health.demo).toBe(false);
    expect(health.posts).toBe(75);
    expect(health.sources).toEqual([{ name: 'm1', health: 'ok' }]);
    const requests = fake.server.requests.length;
    expect(requests).toBeLessThan(30);
  }, 60_000);
});
