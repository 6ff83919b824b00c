/**
 * The demo source: a time-compressed, deterministic day of mentions for a fictional brand,
 * so a fresh install shows a live chart with a normal baseline and then an outage surge.
 *
 * Simulated time runs `simMinutesPerSecond` faster than real time (default 1 simulated minute
 * per real second); the surge starts `surgeStartMinute` simulated minutes in (default 40, so
 * about 40 s after start) and the day loops. Posts carry real-clock createdAt so the live
 * chart moves in real time. Everything is a pure function of (seed, simulated minute):
 * replaying the same window gives the same posts, and a loop replays the same day.
 */
import type { NormalizedPost, StatusIncident } from '../../shared/domain.js';
import type { PollContext, PollResult, SourceAdapter } from './types.js';
import {
  DEMO_CODES,
  DEMO_FEATURES,
  DEMO_HANDLE_PARTS,
  DEMO_INCIDENT_TIMELINE,
  DEMO_PRODUCTS,
  DEMO_REGIONS,
  DEMO_TEXTS,
  type DemoCategory,
  type DemoLang,
} from './demoScript.js';

export interface DemoOptions {
  /** Source name; default 'demo'. */
  name?: string;
  seed?: number;
  /** Default 'Acme Cloud'. */
  brand?: string;
  /** Default 1 (one simulated minute per real second). */
  simMinutesPerSecond?: number;
  /** Default 40. */
  surgeStartMinute?: number;
  /** Length of the replayed day in simulated minutes; default 1440. */
  loopMinutes?: number;
  /** Simulated clock hour at simulated minute 0; default 9 (a weekday morning). */
  dayStartHour?: number;
  /** Multiplies every rate: a busier brand (default 1: about 1–5 posts per simulated minute). */
  volumeScale?: number;
  /** Real epoch ms of simulated minute 0; default the first poll's now. */
  startAt?: number;
  /**
   * Derive `dayStartHour` from the persisted start time (UTC), so at real-time speed the
   * simulated day lines up with the clock, across restarts too.
   */
  alignToClock?: boolean;
}

export interface DemoAdapter extends SourceAdapter {
  readonly type: 'demo';
  readonly isDemo: true;
}

interface Resolved {
  name: string;
  seed: number;
  brand: string;
  speed: number;
  surgeStart: number;
  loop: number;
  dayStartHour: number;
  volumeScale: number;
}

const LANG_WEIGHTS: readonly [DemoLang, number][] = [
  ['en', 0.68],
  ['es', 0.09],
  ['de', 0.08],
  ['fr', 0.06],
  ['pt', 0.05],
  ['ja', 0.04],
];

/** mulberry32: tiny, fast, and good enough for picking words. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(seed: number, minute: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (minute + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function pick<T>(r: () => number, list: readonly T[]): T {
  const item = list[Math.floor(r() * list.length)];
  if (item === undefined) throw new Error('empty demo list');
  return item;
}

function poisson(r: () => number, lambda: number): number {
  // Knuth's method underflows for large rates; a rounded normal is indistinguishable there.
  if (lambda > 30) {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r();
  while (p > limit && k < 500) {
    k += 1;
    p *= r();
  }
  return k;
}

/** Posts per simulated minute on a normal day: quiet at night, busiest early afternoon. */
function baselineRate(o: Resolved, minuteInLoop: number): number {
  const hour = (o.dayStartHour + minuteInLoop / 60) % 24;
  const daylight = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24);
  return 0.6 + 4.4 * daylight;
}

/** Extra outage posts per simulated minute: fast ramp, plateau, slow decay. */
function surgeRate(o: Resolved, minuteInLoop: number): number {
  const s = minuteInLoop - o.surgeStart;
  if (s < 0 || s > 90) return 0;
  const peak = 45;
  if (s < 6) return peak * (s / 6) ** 2;
  if (s < 24) return peak;
  return peak * Math.exp(-(s - 24) / 9);
}

function fill(template: string, o: Resolved, r: () => number, minutesSince: number): string {
  return template
    .replaceAll('{brand}', o.brand)
    .replaceAll('{product}', pick(r, DEMO_PRODUCTS))
    .replaceAll('{feature}', pick(r, DEMO_FEATURES))
    .replaceAll('{region}', pick(r, DEMO_REGIONS))
    .replaceAll('{code}', pick(r, DEMO_CODES))
    .replaceAll('{minutes}', String(Math.max(5, Math.round(minutesSince / 5) * 5)));
}

function pickLang(r: () => number, category: DemoCategory): DemoLang {
  let x = r();
  for (const [lang, w] of LANG_WEIGHTS) {
    x -= w;
    if (x < 0) return DEMO_TEXTS[category][lang] ? lang : 'en';
  }
  return 'en';
}

function handle(r: () => number): string {
  const sep = pick(r, ['_', '.', '']);
  const digits = r() < 0.4 ? String(Math.floor(r() * 99)) : '';
  return `${pick(r, DEMO_HANDLE_PARTS.first)}${sep}${pick(r, DEMO_HANDLE_PARTS.second)}${digits}`;
}

function resolve(options: DemoOptions): Resolved {
  return {
    name: options.name ?? 'demo',
    seed: (options.seed ?? 42) >>> 0,
    brand: options.brand ?? 'Acme Cloud',
    speed: options.simMinutesPerSecond && options.simMinutesPerSecond > 0 ? options.simMinutesPerSecond : 1,
    surgeStart: options.surgeStartMinute ?? 40,
    loop: Math.max(options.loopMinutes ?? 1440, 60),
    dayStartHour: options.dayStartHour ?? 9,
    volumeScale: options.volumeScale && options.volumeScale > 0 ? options.volumeScale : 1,
  };
}

/** A simulated minute's posts, with their offset (fractional simulated minutes) from minute 0. */
function minutePosts(o: Resolved, minute: number, startAt: number, fetchedAt: number): NormalizedPost[] {
  const loopIndex = Math.floor(minute / o.loop);
  const inLoop = minute - loopIndex * o.loop;
  const r = rng(mix(o.seed, inLoop));
  const base = baselineRate(o, inLoop);
  const surge = surgeRate(o, inLoop);
  const count = poisson(r, (base + surge) * o.volumeScale);
  const posts: NormalizedPost[] = [];
  for (let i = 0; i < count; i++) {
    const offset = minute + r();
    let category: DemoCategory;
    if (r() < surge / (base + surge)) category = 'outage';
    else {
      const x = r();
      category = x < 0.52 ? 'chatter' : x < 0.77 ? 'marketing' : x < 0.96 ? 'complaint' : 'outage';
    }
    const lang = pickLang(r, category);
    const texts = DEMO_TEXTS[category][lang] ?? DEMO_TEXTS[category].en ?? [];
    const author = category === 'marketing' && r() < 0.7 ? o.brand.toLowerCase().replace(/\s+/g, '') : handle(r);
    const id = `demo-${loopIndex}-${inLoop}-${i}`;
    const likes = Math.floor(r() ** 3 * (category === 'marketing' ? 120 : 40));
    posts.push({
      source: o.name,
      externalId: id,
      url: `https://social.example/@${author}/${id}`,
      author,
      text: fill(pick(r, texts), o, r, inLoop - o.surgeStart),
      lang,
      createdAt: Math.round(startAt + (offset / o.speed) * 1000),
      fetchedAt,
      engagement: { likes, reposts: Math.floor(likes / 4), replies: Math.floor(r() * 6) },
    });
  }
  return posts;
}

/**
 * Every post whose real-clock time falls in (fromMs, toMs], given the real time of simulated
 * minute 0. Pure; exported for tests and for anything that wants to pre-render the demo.
 */
export function demoPostsBetween(options: DemoOptions, startAt: number, fromMs: number, toMs: number, fetchedAt = toMs): NormalizedPost[] {
  const o = resolve(options);
  const toSim = (ms: number) => ((ms - startAt) / 1000) * o.speed;
  const out: NormalizedPost[] = [];
  for (let m = Math.floor(toSim(fromMs)); m <= Math.floor(toSim(toMs)); m++) {
    for (const p of minutePosts(o, m, startAt, fetchedAt)) if (p.createdAt > fromMs && p.createdAt <= toMs) out.push(p);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt);
}

/** Status-page incident updates of the demo brand that became due in (fromMs, toMs]. */
export function demoIncidentsBetween(options: DemoOptions, startAt: number, fromMs: number, toMs: number): StatusIncident[] {
  const o = resolve(options);
  const msPerSimMinute = 60_000 / (60 * o.speed);
  const out: StatusIncident[] = [];
  const firstLoop = Math.floor((fromMs - startAt) / msPerSimMinute / o.loop) - 1;
  const lastLoop = Math.floor((toMs - startAt) / msPerSimMinute / o.loop);
  for (let loop = firstLoop; loop <= lastLoop; loop++) {
    const surgeAt = startAt + (loop * o.loop + o.surgeStart) * msPerSimMinute;
    const startedAt = Math.round(surgeAt + (DEMO_INCIDENT_TIMELINE[0]?.at ?? 0) * msPerSimMinute);
    for (const step of DEMO_INCIDENT_TIMELINE) {
      const at = Math.round(surgeAt + step.at * msPerSimMinute);
      if (at <= fromMs || at > toMs) continue;
      out.push({
        source: o.name,
        externalId: `demo-incident-${loop}`,
        name: `Elevated error rates and login failures on ${o.brand} Console and API`,
        status: step.status,
        impact: step.impact,
        url: 'https://status.acme-cloud.example/incidents/demo',
        startedAt,
        updatedAt: at,
        resolvedAt: step.status === 'resolved' ? at : null,
      });
    }
  }
  return out;
}

interface DemoCursor {
  v: 1;
  startAt: number;
  until: number;
}

function readCursor(raw: string | null): DemoCursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as Partial<DemoCursor>;
    return c.v === 1 && typeof c.startAt === 'number' && typeof c.until === 'number' ? { v: 1, startAt: c.startAt, until: c.until } : null;
  } catch {
    return null;
  }
}

export function createDemoAdapter(options: DemoOptions = {}): DemoAdapter {
  const name = options.name ?? 'demo';
  return {
    type: 'demo',
    name,
    isDemo: true,
    async poll(ctx: PollContext): Promise<PollResult> {
      const now = ctx.now();
      const cursor = readCursor(ctx.cursor);
      const startAt = cursor?.startAt ?? options.startAt ?? now;
      // First start shows some history; after a long pause we catch up only as far as
      // backfill allows instead of replaying hours in one go.
      const earliest = now - ctx.backfill.maxAgeMs;
      const from = Math.max(cursor?.until ?? earliest, earliest);
      if (from >= now) return { posts: [], cursor: null };
      const timed = options.alignToClock ? { ...options, dayStartHour: (startAt % 86_400_000) / 3_600_000 } : options;
      let posts = demoPostsBetween(timed, startAt, from, now, now);
      if (posts.length > ctx.backfill.maxPosts && (cursor === null || cursor.until < earliest)) {
        posts = posts.slice(posts.length - ctx.backfill.maxPosts);
      }
      // The status page only speaks from the start on: an incident "from before" would be noise.
      const incidents = demoIncidentsBetween(timed, startAt, Math.max(from, startAt - 1), now);
      const next: DemoCursor = { v: 1, startAt, until: now };
      return { posts, incidents, cursor: JSON.stringify(next) };
    },
  };
}
