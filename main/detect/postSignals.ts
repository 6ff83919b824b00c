/**
 * What ingest derives from one post's text for detection: its terms (words, hashtags, error
 * codes, and the complaint phrases it contains, so "can't log in" bursts as one term) and its
 * outage intent. Pure.
 */
import { intentFromTokens } from './outageIntent.js';
import { normalizeText, termsFromTokens, wordTokens } from './tokenize.js';

export interface PostSignals {
  terms: string[];
  outageIntent: number;
  signals: string[];
}

export function analyzePost(text: string, maxTerms = 64): PostSignals {
  const plain = normalizeText(text);
  const tokens = wordTokens(plain);
  const intent = intentFromTokens(plain, tokens);
  const terms = termsFromTokens(tokens, maxTerms);
  for (const phrase of intent.signals) if (phrase.includes(' ') && !terms.includes(phrase)) terms.push(phrase);
  return { terms: terms.slice(0, maxTerms + intent.signals.length), outageIntent: intent.score, signals: intent.signals };
}
