/**
 * What ingest derives from one post's text for detection: its terms (words, hashtags, error
 * codes, and the complaint phrases it contains, so "can't log in" bursts as one term) and its
 * outage intent. A phrase made only of stop words ("anyone else", "is it just me") still
 * counts towards intent but is no term: it rises in every surge and names nothing that broke.
 */
import { intentOf } from './outageIntent.js';
import { isStopPhrase, normalizeTextAscii, tokensAndTerms } from './tokenize.js';

export interface PostSignals {
  terms: string[];
  outageIntent: number;
  signals: string[];
}

/** Signals are lexicon phrases, so this memo stays as small as the lexicon. */
const PHRASE_IS_TERM = new Map<string, boolean>();
function phraseIsTerm(phrase: string): boolean {
  let ok = PHRASE_IS_TERM.get(phrase);
  if (ok === undefined) {
    ok = !isStopPhrase(phrase);
    PHRASE_IS_TERM.set(phrase, ok);
  }
  return ok;
}

export function analyzePost(text: string, maxTerms = 64): PostSignals {
  const { plain, ascii } = normalizeTextAscii(text);
  const { tokens, terms } = tokensAndTerms(plain, maxTerms);
  const intent = intentOf(plain, tokens, !ascii);
  const signals = intent.signals;
  for (let i = 0; i < signals.length; i++) {
    const phrase = signals[i] as string;
    if (phrase.includes(' ') && phraseIsTerm(phrase) && !terms.includes(phrase)) terms.push(phrase);
  }
  // `terms` is this call's own array: cut only when over the cap (a copy would be equal).
  const cap = maxTerms + signals.length;
  return { terms: cap >= terms.length ? terms : terms.slice(0, cap), outageIntent: intent.score, signals };
}
