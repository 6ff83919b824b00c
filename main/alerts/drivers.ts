/**
 * What drives an alert, in terms a war room can act on: the bursting terms, a few sample
 * posts, how much the posts read like an outage, the sources counted, and any status-page
 * incident in the same window.
 */
import type { AlertDrivers, AlertMath, StoredPost } from '../../shared/domain.js';
import { isDrillSeries, MINUTE_MS, parseSeriesKey } from '../../shared/domain.js';
import { seriesFilter } from '../detect/mentions.js';
import type { ActiveAlert } from '../detect/lifecycle.js';
import { snapshotTopTerms, type TermBurst, type TermTracker } from '../detect/termTracker.js';
import { isStopPhrase } from '../detect/tokenize.js';
import type { Store } from '../store/index.js';

const MAX_WINDOW_POSTS = 2000;
const SAMPLE_POSTS = 3;
const TOP_TERMS = 8;
/**
 * A term is a driver only when it runs this far above its own baseline, and this far above
 * the lift of all posts: in a surge people write more, so every common word rises by the
 * volume's own ratio and explains nothing ("getting", "today", the brand everyone tags).
 */
const MIN_TERM_LIFT = 1.5;
const MIN_LIFT_VS_VOLUME = 1.5;
/** Posts this long before the window give the series' usual outage intent. */
const BASELINE_INTENT_MS = 120 * MINUTE_MS;
/** Status-page incidents this long before the window still count as the same event. */
const INCIDENT_LEAD_MS = 30 * MINUTE_MS;

export function buildDrivers(
  store: Pick<Store, 'postsRead' | 'incidentsRead'>,
  terms: TermTracker,
  series: string,
  math: AlertMath,
  minute: number,
): { drivers: AlertDrivers; sources: string[] } {
  // A drill has no posts: the real terms and posts of the moment must not look like its cause.
  if (isDrillSeries(series)) return { sources: [], drivers: { topTerms: [], samplePosts: [], outageIntent: 0, statusIncident: null } };
  const toMs = (minute + 1) * MINUTE_MS;
  const fromMs = toMs - math.windowMinutes * MINUTE_MS;
  const belongs = seriesFilter(series);
  const posts = store.postsRead.between(fromMs, toMs, MAX_WINDOW_POSTS).filter(belongs);
  const before = store.postsRead.between(fromMs - BASELINE_INTENT_MS, fromMs, MAX_WINDOW_POSTS).filter(belongs);
  const outageIntent = excessIntent(posts, before, math);
  const samples = distinctVoices(
    [...posts].sort((a, b) => b.outageIntent - a.outageIntent || (b.engagement.likes ?? 0) - (a.engagement.likes ?? 0)),
    SAMPLE_POSTS,
  ).map((p) => ({ source: p.source, author: p.author, text: p.text.slice(0, 500), url: p.url }));
  return {
    sources: [...new Set(posts.map((p) => p.source))].sort(),
    drivers: {
      // The busiest terms that rose more than the conversation did, ranked by the mentions the
      // conversation's own growth does not account for: "503" up 12× in a 4× surge says more
      // than the brand name up 4×, and of two new terms (equal lift) the one in more posts.
      topTerms: withoutPhraseParts(snapshotTopTerms(terms, TOP_TERMS * 4, MIN_TERM_LIFT, MIN_LIFT_VS_VOLUME))
        .map((t) => ({ ...t, beyondVolume: t.count * (1 - 1 / t.vsVolume) }))
        .sort((a, b) => b.beyondVolume - a.beyondVolume || (a.term < b.term ? -1 : 1))
        .slice(0, TOP_TERMS)
        .map((t) => ({
          term: t.term,
          count: Math.round(t.count * 10) / 10,
          lift: Math.round(t.lift * 10) / 10,
          beyondSurge: Math.round(t.beyondVolume * 10) / 10,
        })),
      samplePosts: samples,
      outageIntent: Math.round(outageIntent * 1000) / 1000,
      statusIncident: store.incidentsRead.activeDuring(fromMs - INCIDENT_LEAD_MS, toMs),
    },
  };
}

/**
 * Sample posts that say different things: a surge repeats itself ("Erreur 503 partout", "Erreur
 * 502 partout"), and three copies of one complaint say less than three voices. Posts are taken in
 * the given order, skipping any whose terms mostly overlap one already taken; if that leaves too
 * few, the skipped ones fill in (never an exact repeat of a text).
 */
export function distinctVoices<P extends Pick<StoredPost, 'text' | 'terms'>>(ordered: readonly P[], count: number): P[] {
  const picked: P[] = [];
  const skipped: P[] = [];
  const texts = new Set<string>();
  for (const p of ordered) {
    if (picked.length === count) break;
    const key = p.text.toLowerCase().replace(/\s+/g, ' ').trim();
    if (texts.has(key)) continue;
    texts.add(key);
    if (picked.some((q) => termOverlap(p.terms, q.terms) > SAME_VOICE_OVERLAP)) skipped.push(p);
    else picked.push(p);
  }
  return [...picked, ...skipped.slice(0, count - picked.length)];
}

/** Two posts share more than half their terms (Jaccard): the same complaint in other words. */
const SAME_VOICE_OVERLAP = 0.5;

function termOverlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const inA = new Set(a);
  const inB = new Set(b);
  let shared = 0;
  for (const t of inB) if (inA.has(t)) shared++;
  return shared / (inA.size + inB.size - shared);
}

/** A word is mostly its phrase when the phrase is in at least this share of the word's posts. */
const PHRASE_SHARE = 0.8;

/**
 * Drops a word that bursts only as part of a phrase also bursting ("can't" and "log" beside
 * "can't log in"): the phrase says it better, and the word would take a slot twice. A word
 * with a life of its own ("down" beside "is down", in far more posts) stays.
 */
function withoutPhraseParts(all: readonly TermBurst[]): TermBurst[] {
  // Terms of posts stored before the stop lists grew come back when the tracker is refilled after a restart.
  const bursts = all.filter((b) => !isStopPhrase(b.term));
  const phrases = bursts.filter((b) => b.term.includes(' '));
  if (phrases.length === 0) return bursts;
  return bursts.filter(
    (b) => b.term.includes(' ') || !phrases.some((p) => p.count >= PHRASE_SHARE * b.count && p.term.split(' ').includes(b.term)),
  );
}

const mean = (posts: readonly StoredPost[]): number =>
  posts.length === 0 ? 0 : posts.reduce((sum, p) => sum + p.outageIntent, 0) / posts.length;

/**
 * How much the posts *above normal* read like an outage: the window's intent minus what the
 * expected volume would have contributed at the earlier posts' usual intent, per excess
 * post. A mean over the whole window would let the normal chatter dilute the surge.
 */
function excessIntent(window: readonly StoredPost[], before: readonly StoredPost[], math: AlertMath): number {
  const excess = math.observed - math.expected;
  if (window.length === 0) return 0;
  if (excess <= 1 || before.length === 0) return mean(window);
  const total = window.reduce((sum, p) => sum + p.outageIntent, 0);
  return Math.min(1, Math.max(0, (total - math.expected * mean(before)) / excess));
}

function seriesLabel(series: string): string {
  const key = parseSeriesKey(series);
  switch (key.kind) {
    case 'total':
      return 'all mentions';
    case 'drill':
      return 'the fire drill (synthetic, not real posts)';
    case 'source':
      return `mentions on ${key.source}`;
    case 'term':
      return `“${key.term}”`;
    case 'unknown':
      return key.key;
  }
}

/** Excess-post intent above this reads as an outage, below BUZZ_LIKE as a campaign or buzz. */
const OUTAGE_LIKE = 0.35;
const BUZZ_LIKE = 0.15;

/** One line a person reads first: what moved, by how much, and what it looks like. */
export function describeAlert(series: string, alert: ActiveAlert, outageIntent: number): string {
  const { observed, expected, ratio } = alert.math;
  const direction = observed >= expected ? 'Surge' : 'Drop';
  const verdict = isDrillSeries(series)
    ? ''
    : outageIntent >= OUTAGE_LIKE
      ? ' — reads like an outage'
      : outageIntent < BUZZ_LIKE && direction === 'Surge'
        ? ' — reads like buzz, not an outage'
        : '';
  return `${direction} in ${seriesLabel(series)}: ${Math.round(observed)} vs ~${Math.round(expected)} expected (${ratio.toFixed(1)}×)${verdict}`;
}
