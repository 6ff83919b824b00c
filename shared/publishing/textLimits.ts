/**
 * How long a post is, as each network counts it, so the editor (as you type) and the engine
 * (refusing on submit) agree on one answer. Pure: no DOM, no node.
 *
 * - Bluesky: 300 graphemes (what a person sees as one character), links counted as typed.
 * - X: 280 weighted characters (twitter-text v3): code points in the Latin, general
 *   punctuation and similar ranges weigh 1, everything else (CJK, most symbols) 2, an emoji
 *   sequence 2 in all, a link 23 however long, after NFC normalisation.
 * - Mastodon: 500 graphemes unless the instance says otherwise; a link counts 23 and a
 *   mention counts without its @domain part.
 */
import { eachGrapheme, graphemeCount } from './graphemes.js';
import { findLinks, trimTrailing } from './linkScan.js';
import type { Network } from './networks.js';

export const DEFAULT_LIMITS: Record<Network, number> = { bluesky: 300, x: 280, mastodon: 500 };
/** What X and Mastodon charge for any link (t.co wrapping / Mastodon's own rule). */
export const LINK_LENGTH = 23;

export interface TextCheck {
  network: Network;
  limit: number;
  used: number;
  /** Negative when over. */
  remaining: number;
  ok: boolean;
  /** Plain words when not ok; null otherwise. */
  problem: string | null;
}

/** twitter-text v3 `ranges` of weight 100 (i.e. 1); everything else weighs 200 (i.e. 2). */
const X_LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

interface Piece {
  kind: 'text' | 'link';
  value: string;
}

function splitLinks(text: string, schemeOnly: boolean): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  // Links with a scheme, or starting with www., or a bare domain under a common top-level
  // domain (twitter-text knows every TLD; these cover what brand posts use); see linkScan.ts.
  for (const match of findLinks(text)) {
    const raw = trimTrailing(match.value);
    if (schemeOnly && !/^https?:\/\//iu.test(raw)) continue;
    const start = match.index;
    // A domain inside a word or an e-mail address is not a link.
    if (start > 0 && /[@\w]/u.test(text[start - 1] ?? '')) continue;
    if (start > last) pieces.push({ kind: 'text', value: text.slice(last, start) });
    pieces.push({ kind: 'link', value: raw });
    last = start + raw.length;
  }
  if (last < text.length) pieces.push({ kind: 'text', value: text.slice(last) });
  return pieces;
}

/** A cluster's weight: an emoji sequence 2 in all, otherwise each code point by its range. */
function clusterWeight(cluster: string): number {
  const points = Array.from(cluster);
  const first = points[0]?.codePointAt(0) ?? 0;
  if (EMOJI.test(cluster) && (first > 4351 || points.length > 1)) return 2;
  let weight = 0;
  for (const point of points) {
    const code = point.codePointAt(0) ?? 0;
    weight += X_LIGHT_RANGES.some(([lo, hi]) => code >= lo && code <= hi) ? 1 : 2;
  }
  return weight;
}

function xWeight(text: string): number {
  let weight = 0;
  eachGrapheme(text, (start, end) => {
    // One code unit up to U+10FF: Latin and the like, never an emoji by the rule above.
    weight += end - start === 1 && text.charCodeAt(start) <= 4351 ? 1 : clusterWeight(text.slice(start, end));
  });
  return weight;
}

/** The length a network charges for `text` (see the file comment for each rule). */
export function countFor(network: Network, text: string): number {
  if (network === 'bluesky') return graphemeCount(text);
  if (network === 'x')
    return splitLinks(text.normalize('NFC'), false).reduce((n, p) => n + (p.kind === 'link' ? LINK_LENGTH : xWeight(p.value)), 0);
  const withoutDomains = text.replace(/(^|\s)(@[\w.-]+)@[\w.-]+\.[a-z]{2,}/giu, '$1$2');
  return splitLinks(withoutDomains, true).reduce((n, p) => n + (p.kind === 'link' ? LINK_LENGTH : graphemeCount(p.value)), 0);
}

/** Checks `text` against one network's limit (`limit` for a Mastodon instance that allows more or less). */
export function checkText(network: Network, text: string, limit: number = DEFAULT_LIMITS[network]): TextCheck {
  const used = countFor(network, text);
  const remaining = limit - used;
  const empty = text.trim() === '';
  const ok = !empty && remaining >= 0;
  const unit = network === 'x' ? 'weighted characters' : 'characters';
  const problem = empty
    ? 'The post is empty.'
    : remaining < 0
      ? `Too long for ${network === 'x' ? 'X' : network === 'bluesky' ? 'Bluesky' : 'Mastodon'}: ${used} of ${limit} ${unit} (${-remaining} over).`
      : null;
  return { network, limit, used, remaining, ok, problem };
}

/** Every target's check; the post may go out only when all are ok. */
export function checkTextFor(targets: ReadonlyArray<{ network: Network; charLimit?: number | null }>, text: string): TextCheck[] {
  return targets.map((t) => checkText(t.network, text, t.charLimit ?? DEFAULT_LIMITS[t.network]));
}
