/** Timing helpers shared by the bench suites: best of N runs, after a warm-up. */
import { performance } from 'node:perf_hooks';

/** Runs `fn` (which processes `items` things) `runs` times; returns the best rate in items/s. */
export function bestRate(items: number, runs: number, fn: () => void): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return items / (best / 1000);
}

export async function bestRateAsync(items: number, runs: number, fn: () => Promise<void>): Promise<number> {
  await fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    best = Math.min(best, performance.now() - start);
  }
  return items / (best / 1000);
}

/**
 * Measures two variants alternately (A, B, A, B, …) so that a burst of load from elsewhere on
 * the machine hits both alike; returns the best rate of each in items/s.
 */
export function interleavedRates(items: number, rounds: number, a: () => void, b: () => void): [number, number] {
  a();
  b();
  let bestA = Infinity;
  let bestB = Infinity;
  for (let i = 0; i < rounds; i++) {
    let start = performance.now();
    a();
    bestA = Math.min(bestA, performance.now() - start);
    start = performance.now();
    b();
    bestB = Math.min(bestB, performance.now() - start);
  }
  return [items / (bestA / 1000), items / (bestB / 1000)];
}

/**
 * Like `interleavedRates`, but each run first prepares its own input off the clock (fresh rows
 * for every run, so a store never sees the same keys twice and the baseline is not charged for
 * building objects the path under test was handed ready-made).
 */
export function interleavedPreparedRates<A, B>(
  items: number,
  rounds: number,
  a: { prepare: () => A; run: (input: A) => void },
  b: { prepare: () => B; run: (input: B) => void },
): [number, number] {
  let bestA = Infinity;
  let bestB = Infinity;
  // Round 0 warms both up and is not counted.
  for (let i = 0; i <= rounds; i++) {
    const inputA = a.prepare();
    let start = performance.now();
    a.run(inputA);
    if (i > 0) bestA = Math.min(bestA, performance.now() - start);
    const inputB = b.prepare();
    start = performance.now();
    b.run(inputB);
    if (i > 0) bestB = Math.min(bestB, performance.now() - start);
  }
  return [items / (bestA / 1000), items / (bestB / 1000)];
}

/**
 * A live Mastodon tag timeline, as the bench and the soak serve it: snowflake ids
 * (`ms << 16 | seq`) and created_at both increasing page after page, newest first within a
 * page, `Link` rel=next/prev headers as the server sends them. Texts vary like real ones:
 * some plain, some with links, mentions, hashtags and entities.
 */
export interface FakeTimelinePage {
  body: string;
  link: string;
  /** When the page would be fetched: a little after its newest post. */
  fetchedAt: number;
  newestId: string;
}

const TEXTS = [
  (_n: number) =>
    `<p>Is <a href="https://acme.example">@acme</a> down? can&#39;t log in, getting <b>503</b> <a href="https://mastodon.example/tags/outage" class="mention hashtag" rel="tag">#<span>outage</span></a></p>`,
  (n: number) =>
    `<p>Loving the new Acme Cloud dashboard 🎉 <span class="h-card"><a href="https://mastodon.example/@acme" class="u-url mention">@<span>acme</span></a></span> build ${n}</p>`,
  (n: number) => `<p>¿Alguien más? Acme no funciona desde hace ${n % 60} minutos</p>`,
  (n: number) => `<p>acme status page says all green but the API times out for us (req ${n})</p>`,
  (n: number) => `<p>checkout on acme.example keeps spinning, order #${n} stuck</p><p>anyone else?</p>`,
  (n: number) => `<p>Acme support replied within ${n % 30} minutes, nice</p>`,
];

export function fakeTimelinePage(opts: {
  baseUrl: string;
  tag: string;
  /** created_at of the oldest post on the page, epoch ms. */
  oldestMs: number;
  size: number;
  /** Milliseconds between consecutive posts. */
  spacingMs: number;
  /** The `limit` the request asked for, repeated in the Link URLs as Mastodon does (default `size`). */
  limit?: number;
}): FakeTimelinePage {
  const { baseUrl, tag, oldestMs, size, spacingMs } = opts;
  const statuses = [];
  for (let k = size - 1; k >= 0; k--) {
    const ms = oldestMs + k * spacingMs;
    const id = String((BigInt(ms) << 16n) + BigInt(k & 0xffff));
    const n = Math.floor(ms / spacingMs);
    const user = n % 997;
    statuses.push({
      id,
      created_at: new Date(ms).toISOString(),
      in_reply_to_id: null,
      sensitive: false,
      spoiler_text: '',
      visibility: 'public',
      language: 'en',
      uri: `${baseUrl}/users/user${user}/statuses/${id}`,
      url: `${baseUrl}/@user${user}/${id}`,
      replies_count: k % 3,
      reblogs_count: k % 5,
      favourites_count: k % 7,
      quotes_count: 0,
      edited_at: null,
      content: TEXTS[n % TEXTS.length]!(n),
      reblog: null,
      account: {
        id: String(109876543210987654n + BigInt(user)),
        username: `user${user}`,
        acct: `user${user}`,
        display_name: `User ${user}`,
        url: `${baseUrl}/@user${user}`,
      },
      media_attachments: [],
      mentions: [],
      tags: [{ name: tag, url: `${baseUrl}/tags/${tag}` }],
      emojis: [],
      card: null,
      poll: null,
    });
  }
  const newestId = statuses[0]!.id;
  const oldestId = statuses[statuses.length - 1]!.id;
  const page = `${baseUrl}/api/v1/timelines/tag/${tag}?limit=${opts.limit ?? size}`;
  return {
    // Through bytes and back, as the HTTP client hands it over: V8 builds JSON.stringify's
    // result as a rope, and flattening that on first read is no cost production pays.
    body: new TextDecoder('utf-8').decode(new TextEncoder().encode(JSON.stringify(statuses))),
    link: `<${page}&max_id=${oldestId}>; rel="next", <${page}&min_id=${newestId}>; rel="prev"`,
    fetchedAt: oldestMs + (size - 1) * spacingMs + 1_500,
    newestId,
  };
}
