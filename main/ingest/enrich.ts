/** Ingest's enrichment: terms and outage intent from the detection package, per post. */
import { analyzePost } from '../detect/postSignals.js';
import type { Enricher } from './pipeline.js';

const MAX_TERMS_PER_POST = 32;

export function createDefaultEnricher(): Enricher {
  return (post) => {
    const signals = analyzePost(post.text, MAX_TERMS_PER_POST);
    return { terms: signals.terms, outageIntent: signals.outageIntent };
  };
}
