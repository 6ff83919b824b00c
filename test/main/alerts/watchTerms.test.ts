import { afterEach, describe, expect, it } from 'vitest';
import { createWatchedTerms } from '../../../main/alerts/watchTerms.js';
import { mentionOf, postText } from '../../../main/detect/mentions.js';
import { createDefaultEnricher } from '../../../main/ingest/enrich.js';
import { volumeHandlers } from '../../../main/ingest/handlers.js';
import { createIngestPipeline } from '../../../main/ingest/pipeline.js';
import { createStore, type Store } from '../../../main/store/index.js';
import { MINUTE_MS, seriesKey, type NormalizedPost } from '../../../shared/domain.js';

function settings(): Store['settings'] {
  const values = new Map<string, unknown>();
  return {
    get: (key: string) => values.get(key),
    set: (key: string, value: unknown) => void values.set(key, value),
  } as unknown as Store['settings'];
}

/** The injected clock of these tests: a fixed epoch minute (Monday 5 January 2026, 09:00 UTC), never today. */
const START = Date.UTC(2026, 0, 5, 9, 0) / MINUTE_MS;

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

let nextId = 1;
const post = (text: string, minute: number): NormalizedPost => ({
  source: 'demo',
  externalId: String(nextId++),
  url: null,
  author: 'a',
  text,
  lang: null,
  createdAt: minute * MINUTE_MS + 5_000,
  fetchedAt: minute * MINUTE_MS + 6_000,
  engagement: {},
});

describe('watching a common word', () => {
  it('is accepted: the user chose it, so the stop lists do not apply', () => {
    const watched = createWatchedTerms(settings(), ['login']);
    for (const word of ['Else', 'puedo', 'lol', 'the']) watched.add(word);
    expect(watched.list()).toEqual(['login', 'else', 'puedo', 'lol', 'the']);
  });

  it('points a French elided word at the word it is counted as', () => {
    const watched = createWatchedTerms(settings(), []);
    expect(() => watched.add("l'app")).toThrow("“l'app” is counted as “app”. Watch “app” instead.");
  });

  it('refuses, in plain words, a term with nothing to count, and keeps the list as it was', () => {
    const watched = createWatchedTerms(settings(), ['login']);
    expect(() => watched.add('!!!')).toThrow('“!!!” has no letters or digits to count. Type a word or a phrase to watch.');
    expect(() => watched.add('🔥')).toThrow(/no letters or digits/);
    expect(watched.list()).toEqual(['login']);
  });

  it('still watches ordinary words, codes, hashtags and phrases made of common words', () => {
    const watched = createWatchedTerms(settings(), []);
    for (const term of ['Checkout', '503', '#acme', 'anyone else']) watched.add(term);
    expect(watched.list()).toEqual(['checkout', '503', '#acme', 'anyone else']);
  });
});

describe('a watched word the term rules leave out', () => {
  it('is found among the post’s words, not inside other words or links', () => {
    const enrich = createDefaultEnricher();
    const mentions = (term: string, text: string) => {
      const p = { text, terms: enrich(post(text, START)).terms };
      return mentionOf(term).matches(postText(p));
    };
    expect(mentionOf('else').byTerms).toBe(false);
    expect(mentions('else', 'Anyone ELSE getting this?')).toBe(true);
    expect(mentions('else', 'elsewhere it works, see https://else.example')).toBe(false);
    expect(mentions('lol', 'lol the app is down')).toBe(true);
    // A bare number, a hyphenated word and a Japanese word the terms hold only as bigrams.
    expect(mentions('42', 'error 42 on login')).toBe(true);
    expect(mentions('42', 'error 420 on login')).toBe(false);
    expect(mentions('wi-fi', 'the Wi-Fi login page is down')).toBe(true);
    expect(mentions('ログイン', 'アプリにログインできない')).toBe(true);
    // A word that is its own term is looked up in the stored terms (ingest's fast path).
    expect(mentionOf('login').byTerms).toBe(true);
    expect(mentions('app', "impossible d'ouvrir l'app")).toBe(true);
  });
});

describe('a watched word stored before it became a stop word', () => {
  it('keeps its list entry and its counts, counts new posts, and its chart drills into them', async () => {
    const store = createStore(':memory:');
    stores.push(store);
    // Saved when "else" and "lol" were ordinary words, with counts for the minutes before.
    store.settings.set('watch.terms', ['else', 'lol', 'login']);
    store.transaction(() =>
      store.buckets.addMany(
        new Map([
          [seriesKey.term('else'), new Map([[START - 1, 7]])],
          [seriesKey.term('lol'), new Map([[START - 1, 3]])],
        ]),
      ),
    );

    const watched = createWatchedTerms(store.settings, []);
    expect(watched.list()).toEqual(['else', 'lol', 'login']);
    const pipeline = createIngestPipeline({
      store,
      enrich: createDefaultEnricher(),
      tracksTerm: watched.tracksWord,
      inText: watched.inText,
    });
    pipeline.ingest([
      post('Anyone else unable to login? lol', START),
      post('login down for everyone else too', START),
      post('all fine here', START),
    ]);

    expect(store.bucketsRead.range(seriesKey.term('else'), 10, START - 1)).toEqual([
      { minute: START - 1, count: 7 },
      { minute: START, count: 2 },
    ]);
    expect(store.bucketsRead.range(seriesKey.term('lol'), 10, START - 1)).toEqual([
      { minute: START - 1, count: 3 },
      { minute: START, count: 1 },
    ]);
    expect(store.bucketsRead.range(seriesKey.term('login'), 10, START)).toEqual([{ minute: START, count: 2 }]);

    const handlers = volumeHandlers({ store, flushVolume: () => {} });
    const inBucket = await handlers['posts.inBucket']({ series: seriesKey.term('else'), minute: START, limit: 10 }, undefined as never);
    expect(inBucket.map((p) => p.text).sort()).toEqual(['Anyone else unable to login? lol', 'login down for everyone else too']);
  });
});
