/**
 * Per-term burst tracking in bounded memory: a heavy-hitter summary of at most `capacity`
 * terms, however many distinct terms arrive. Terms outside the summary are counted in two
 * small count-min sketches (recent and baseline); a term is admitted, evicting the weakest
 * tracked term, only once its sketched recent count beats that term's. Most words in a post
 * stream are rare, so this keeps the per-term cost at a hash and a few array cells instead of
 * an eviction per word, and an admitted term arrives with its history (so its lift is real).
 * Each tracked term keeps two exponentially decayed counts (recent and baseline) so a burst
 * shows as lift = recent rate / baseline rate. The posts themselves are counted the same way:
 * in a surge people write more and every common word rises with them, so a term's lift means
 * something only as far as it beats the conversation's own lift (`vsVolume`). Counts use
 * forward decay (weights grow with time instead of old counts shrinking), so an observation
 * is O(log capacity) with no sweep over all terms.
 *
 * Deterministic and clock-free: time comes in with each observation. The summary is updated
 * in place (it is owned by one series' ingest loop); `snapshotTopTerms` is pure.
 */

export interface TermTrackerConfig {
  capacity: number;
  /** Half-life of the "recent" count: roughly the burst window. */
  recentHalfLifeMinutes: number;
  /** Half-life of the baseline the recent rate is compared with. */
  baselineHalfLifeMinutes: number;
}

export const DEFAULT_TERM_TRACKER: TermTrackerConfig = { capacity: 2048, recentHalfLifeMinutes: 10, baselineHalfLifeMinutes: 360 };

interface Entry {
  term: string;
  /** Forward-decayed weights relative to `origin`. */
  recent: number;
  baseline: number;
  /** Space-Saving overestimate inherited from the evicted term (in `recent` weight units). */
  error: number;
  heapIndex: number;
}

export interface TermTracker {
  readonly config: TermTrackerConfig;
  origin: number;
  now: number;
  byTerm: Map<string, Entry>;
  /** Min-heap on `recent`, so the eviction victim is at the root. */
  heap: Entry[];
  observed: number;
  /** Every observed post, in the same forward-decayed units: the conversation's own volume. */
  volumeRecent: number;
  volumeBaseline: number;
  /** Count-min sketches (depth × width) in the same forward-decayed units as the entries. */
  sketchRecent: Float64Array;
  sketchBaseline: Float64Array;
  sketchMask: number;
}

const SKETCH_DEPTH = 3;

export function createTermTracker(config: Partial<TermTrackerConfig> = {}): TermTracker {
  const c = { ...DEFAULT_TERM_TRACKER, ...config };
  if (!(c.capacity >= 1)) throw new Error('term tracker capacity must be at least 1');
  let width = 64;
  while (width < c.capacity * 4) width *= 2;
  return {
    config: c,
    origin: NaN,
    now: NaN,
    byTerm: new Map(),
    heap: [],
    observed: 0,
    volumeRecent: 0,
    volumeBaseline: 0,
    sketchRecent: new Float64Array(SKETCH_DEPTH * width),
    sketchBaseline: new Float64Array(SKETCH_DEPTH * width),
    sketchMask: width - 1,
  };
}

function swap(h: Entry[], i: number, j: number): void {
  const a = h[i] as Entry;
  const b = h[j] as Entry;
  h[i] = b;
  h[j] = a;
  a.heapIndex = j;
  b.heapIndex = i;
}

function siftDown(h: Entry[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && (h[l] as Entry).recent < (h[m] as Entry).recent) m = l;
    if (r < h.length && (h[r] as Entry).recent < (h[m] as Entry).recent) m = r;
    if (m === i) return;
    swap(h, i, m);
    i = m;
  }
}

function siftUp(h: Entry[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if ((h[p] as Entry).recent <= (h[i] as Entry).recent) return;
    swap(h, i, p);
    i = p;
  }
}

/** Weights grow as 2^(t/halfLife); rebase before they overflow a double. */
function rebase(t: TermTracker, minute: number): void {
  const c = t.config;
  const fr = Math.pow(2, -(minute - t.origin) / c.recentHalfLifeMinutes);
  const fb = Math.pow(2, -(minute - t.origin) / c.baselineHalfLifeMinutes);
  for (const e of t.heap) {
    e.recent *= fr;
    e.error *= fr;
    e.baseline *= fb;
  }
  t.volumeRecent *= fr;
  t.volumeBaseline *= fb;
  for (let i = 0; i < t.sketchRecent.length; i++) {
    t.sketchRecent[i] = (t.sketchRecent[i] ?? 0) * fr;
    t.sketchBaseline[i] = (t.sketchBaseline[i] ?? 0) * fb;
  }
  t.origin = minute;
}

/** Counts one post's terms at `minute` (minutes, any origin; must not go backwards much). */
export function observeTerms(t: TermTracker, terms: readonly string[], minute: number): void {
  if (Number.isNaN(t.origin)) t.origin = minute;
  if (!(minute <= t.now)) t.now = minute;
  const c = t.config;
  if ((t.now - t.origin) / c.recentHalfLifeMinutes > 500) rebase(t, t.now);
  const wr = Math.pow(2, (minute - t.origin) / c.recentHalfLifeMinutes);
  const wb = Math.pow(2, (minute - t.origin) / c.baselineHalfLifeMinutes);
  t.observed++;
  t.volumeRecent += wr;
  t.volumeBaseline += wb;
  for (const term of terms) {
    let e = t.byTerm.get(term);
    if (e) {
      e.recent += wr;
      e.baseline += wb;
      siftDown(t.heap, e.heapIndex);
    } else if (t.heap.length < c.capacity) {
      e = { term, recent: wr, baseline: wb, error: 0, heapIndex: t.heap.length };
      t.heap.push(e);
      t.byTerm.set(term, e);
      siftUp(t.heap, e.heapIndex);
    } else {
      // Count it in the sketches; admit it only once it outweighs the weakest tracked term.
      const h = hash(term);
      const step = (h >>> 16) | 1;
      const width = t.sketchMask + 1;
      let recent = Infinity;
      let baseline = Infinity;
      for (let d = 0; d < SKETCH_DEPTH; d++) {
        const cell = d * width + ((h + d * step) & t.sketchMask);
        const r = (t.sketchRecent[cell] ?? 0) + wr;
        const b = (t.sketchBaseline[cell] ?? 0) + wb;
        t.sketchRecent[cell] = r;
        t.sketchBaseline[cell] = b;
        if (r < recent) recent = r;
        if (b < baseline) baseline = b;
      }
      const victim = t.heap[0] as Entry;
      if (recent <= victim.recent) continue;
      t.byTerm.delete(victim.term);
      victim.term = term;
      // Sketch estimates only over-count; everything before this post is kept as error.
      victim.error = recent - wr;
      victim.recent = recent;
      victim.baseline = baseline;
      t.byTerm.set(term, victim);
      siftDown(t.heap, 0);
    }
  }
}

/** FNV-1a over UTF-16 code units: cheap, and good enough to spread sketch cells. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface TermBurst {
  term: string;
  /** Decayed posts in roughly the last `recentHalfLifeMinutes / ln 2` minutes (overestimate ≤ error). */
  count: number;
  /** Recent rate / baseline rate; > 1 means bursting. */
  lift: number;
  /** lift / the lift of all posts: > 1 means the term rose more than the conversation did. */
  vsVolume: number;
}

/** Decay factors that bring forward-decayed weights to `t.now`. */
function nowFactors(t: TermTracker): { fr: number; fb: number } {
  const c = t.config;
  return {
    fr: Math.pow(2, -(t.now - t.origin) / c.recentHalfLifeMinutes),
    fb: Math.pow(2, -(t.now - t.origin) / c.baselineHalfLifeMinutes),
  };
}

/** Recent rate over baseline rate, for a term or for all posts alike (`count` already at `now`). */
function liftOf(c: TermTrackerConfig, count: number, baselineNow: number): number {
  const recentRate = (count * Math.LN2) / c.recentHalfLifeMinutes;
  const baseRate = (baselineNow * Math.LN2) / c.baselineHalfLifeMinutes;
  // One post per baseline half-life of prior keeps a brand-new term from an infinite lift.
  return recentRate / (baseRate + 1 / c.baselineHalfLifeMinutes);
}

/** How far the number of posts runs above its own baseline: what any word rises by just by being written. */
export function volumeLift(t: TermTracker): number {
  if (Number.isNaN(t.origin)) return 1;
  const { fr, fb } = nowFactors(t);
  return liftOf(t.config, t.volumeRecent * fr, t.volumeBaseline * fb);
}

/**
 * The top `n` terms by guaranteed recent count (count − error), with their lift, among those
 * whose lift is at least `minLift` and at least `minVsVolume` times the posts' own lift. Pure.
 */
export function snapshotTopTerms(t: TermTracker, n: number, minLift = 0, minVsVolume = 0): TermBurst[] {
  if (Number.isNaN(t.origin)) return [];
  const c = t.config;
  const { fr, fb } = nowFactors(t);
  const volume = liftOf(c, t.volumeRecent * fr, t.volumeBaseline * fb);
  const out: TermBurst[] = [];
  for (const e of t.heap) {
    const count = (e.recent - e.error) * fr;
    const lift = liftOf(c, count, e.baseline * fb);
    const vsVolume = volume > 0 ? lift / volume : lift;
    if (lift >= minLift && vsVolume >= minVsVolume) out.push({ term: e.term, count, lift, vsVolume });
  }
  out.sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : 1));
  return out.slice(0, n);
}

export function trackedTermCount(t: TermTracker): number {
  return t.heap.length;
}
