/**
 * What ingest derives from one post's text for detection: its terms (words, hashtags, error
 * codes, and the complaint phrases it contains, so "can't log in" bursts as one term) and its
 * outage intent. Pure.
 */
import { outageIntent } from './outageIntent.js';
import { extractTerms } from './tokenize.js';

export interface PostSignals {
  terms: string[];
  outageIntent: number;
  signals: string[];
}

export function analyzePost(text: string, maxTerms = 64): PostSignals {
  const intent = outageIntent(text);
  const terms = extractTerms(text, maxTerms);
  for (const phrase of intent.signals) if (phrase.includes(' ') && !terms.includes(phrase)) terms.push(phrase);
  return { terms: terms.slice(0, maxTerms + intent.signals.length), outageIntent: intent.score, signals: intent.signals };
}
