/**
 * What ingest derives from one post's text for detection: its terms (words, hashtags, error
 * codes, and the complaint phrases it contains, so "can't log in" bursts as one term) and its
 * outage intent. Pure.
 */
import { intentOf } from './outageIntent.js';
import { normalizeTextAscii, tokensAndTerms } from './tokenize.js';

export interface PostSignals {
  terms: string[];
  outageIntent: number;
  signals: string[];
}

export function analyzePost(text: string, maxTerms = 64): PostSignals {
  const { plain, ascii } = normalizeTextAscii(text);
  const { tokens, terms } = tokensAndTerms(plain, maxTerms);
  const intent = intentOf(plain, tokens, !ascii);
  const signals = intent.signals;
  for (let i = 0; i < signals.length; i++) {
    const phrase = signals[i] as string;
    if (phrase.includes(' ') && !terms.includes(phrase)) terms.push(phrase);
  }
  // `terms` is this call's own array: cut only when over the cap (a copy would be equal).
  const cap = maxTerms + signals.length;
  return { terms: cap >= terms.length ? terms : terms.slice(0, cap), outageIntent: intent.score, signals };
}
