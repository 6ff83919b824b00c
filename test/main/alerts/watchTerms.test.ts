import { describe, expect, it } from 'vitest';
import { createWatchedTerms } from '../../../main/alerts/watchTerms.js';
import type { Store } from '../../../main/store/index.js';

function settings(): Store['settings'] {
  const values = new Map<string, unknown>();
  return {
    get: (key: string) => values.get(key),
    set: (key: string, value: unknown) => void values.set(key, value),
  } as unknown as Store['settings'];
}

describe('watching a word the term list never carries', () => {
  it('refuses a stop word in plain words, and keeps the list as it was', () => {
    const watched = createWatchedTerms(settings(), ['login']);
    expect(() => watched.add('Else')).toThrow('“else” is too common a word to count on its own. Watch a phrase that contains it instead.');
    expect(() => watched.add('puedo')).toThrow(/too common/);
    expect(watched.list()).toEqual(['login']);
  });

  it('points a French elided word at the word it is counted as', () => {
    const watched = createWatchedTerms(settings(), []);
    expect(() => watched.add("l'app")).toThrow("“l'app” is counted as “app”. Watch “app” instead.");
  });

  it('still watches ordinary words, codes, hashtags and phrases made of common words', () => {
    const watched = createWatchedTerms(settings(), []);
    for (const term of ['Checkout', '503', '#acme', 'anyone else']) watched.add(term);
    expect(watched.list()).toEqual(['checkout', '503', '#acme', 'anyone else']);
  });
});
