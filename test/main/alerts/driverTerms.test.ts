/**
 * The terms an alert shows as its drivers name what broke, not how people write in a surge:
 * a fixture surge of multilingual complaints (some with HTML) over six hours of ordinary
 * chatter, fed through ingest's analyzePost and the term tracker as the detection service does.
 */
import { describe, expect, it } from 'vitest';
import { buildDrivers } from '../../../main/alerts/drivers.js';
import { outageIntent } from '../../../main/detect/outageIntent.js';
import { analyzePost } from '../../../main/detect/postSignals.js';
import { createTermTracker, observeTerms, snapshotTopTerms, volumeLift, type TermTracker } from '../../../main/detect/termTracker.js';
import { MINUTE_MS, seriesKey, type AlertMath, type StoredPost } from '../../../shared/domain.js';

/** The injected clock of this fixture: minute 0 is a fixed Monday morning, never today. */
const START_MS = Date.UTC(2026, 0, 5, 9, 0);
const START_MINUTE = START_MS / MINUTE_MS;
const BASELINE_MINUTES = 360;
const SURGE_MINUTES = 15;

/** Ordinary days: the brand in every post, "today" in a third of them, and little "anyone else". */
const CHATTER = [
  'Love the new acme dashboard colours today',
  '<p>acme support answered quickly &amp; nicely</p>',
  'Probando acme hoy, me gusta mucho',
  "J'utilise acme au bureau, c'est pratique",
  'Ich teste acme heute, sieht wirklich gut aus',
  'Estou gostando do acme hoje',
  'acmeの新しいダッシュボードがいいですね',
  'Just got my acme hoodie today, waiting on the stickers',
  'What is new at acme? Curious about the roadmap',
  'acme keynote today at 5',
];

const COMPLAINTS = [
  '<p>Anyone else getting a <b>500</b> on acme login? Still broken</p>',
  'Is it just me or is the acme checkout broken today? anyone else?',
  'No puedo entrar a la app de acme, error 500 en el login. ¿Alguien más?',
  "Impossible de me connecter à l'app acme, le checkout est en panne",
  'Acme Login geht nicht mehr, checkout auch nicht. Jemand auch?',
  'Não consigo entrar no app da acme, checkout fora do ar hoje',
  'acmeのアプリにログインできないです。500エラー',
  'acme checkout is down again, getting 500 on the app, anyone else?',
  '<div>acme app keeps crashing at login &gt;:( anyone else getting this?</div>',
  'No me funciona el checkout de acme, ¿a alguien más le pasa? Sale error 500 en la app',
];

const FILLER = [
  'anyone else',
  'anyone',
  'else',
  'getting',
  'puedo',
  'alguien',
  'más',
  'mas',
  'jemand',
  'consigo',
  'is it just me',
  'です',
  'still',
  'today',
  'acme',
];
const WHAT_BROKE = ['login', '500', 'checkout', 'app'];

let nextId = 1;
function stored(text: string, minute: number): StoredPost {
  const signals = analyzePost(text);
  return {
    id: nextId++,
    source: 'fixture',
    externalId: String(nextId),
    url: null,
    author: 'someone',
    text,
    lang: null,
    createdAt: (START_MINUTE + minute) * MINUTE_MS + 1000,
    fetchedAt: (START_MINUTE + minute) * MINUTE_MS + 2000,
    engagement: {},
    terms: signals.terms,
    outageIntent: signals.outageIntent,
  };
}

/** Six posts a minute of chatter; in the surge, the chatter goes on and complaints add 24 a minute (5×). */
function fixture(): { tracker: TermTracker; window: StoredPost[]; lastMinute: number } {
  const tracker = createTermTracker();
  const window: StoredPost[] = [];
  let n = 0;
  const lastMinute = BASELINE_MINUTES + SURGE_MINUTES - 1;
  for (let minute = 0; minute <= lastMinute; minute++) {
    const posts: StoredPost[] = [];
    for (let k = 0; k < 6; k++) posts.push(stored(CHATTER[n++ % CHATTER.length] as string, minute));
    if (minute >= BASELINE_MINUTES)
      for (let k = 0; k < 24; k++) posts.push(stored(COMPLAINTS[(minute * 24 + k) % COMPLAINTS.length] as string, minute));
    for (const p of posts) observeTerms(tracker, p.terms, START_MINUTE + minute);
    if (minute > lastMinute - 5) window.push(...posts);
  }
  return { tracker, window, lastMinute };
}

const math: AlertMath = {
  windowMinutes: 5,
  expected: 30,
  bandLow: 20,
  bandHigh: 40,
  observed: 150,
  ratio: 5,
  score: 0.95,
  persistedMinutes: 5,
  sources: ['fixture'],
};

describe('alert drivers in a multilingual surge', () => {
  const { tracker, window, lastMinute } = fixture();
  const store = {
    postsRead: { between: (fromMs: number, toMs: number) => window.filter((p) => p.createdAt >= fromMs && p.createdAt < toMs) },
    incidentsRead: { activeDuring: () => null },
  } as unknown as Parameters<typeof buildDrivers>[0];
  const { drivers } = buildDrivers(store, tracker, seriesKey.total, math, START_MINUTE + lastMinute);
  const shown = drivers.topTerms.map((t) => t.term);

  it('shows the words that say what broke', () => {
    expect(shown).toEqual(expect.arrayContaining(WHAT_BROKE));
    expect(shown.length).toBeGreaterThanOrEqual(WHAT_BROKE.length);
  });

  it('shows no filler, in any language, and no markup', () => {
    for (const filler of FILLER) expect(shown, filler).not.toContain(filler);
    expect(shown.some((t) => /[<>&]|^(p|b|div|amp|gt)$/.test(t))).toBe(false);
  });

  it('leaves out words that only rose with the volume, which plain lift would have kept', () => {
    // The posts ran about 5× their usual rate; "acme" (every post) and "today" rose by just that.
    expect(volumeLift(tracker)).toBeGreaterThan(3);
    const plain = snapshotTopTerms(tracker, 200, 1.5).map((t) => t.term);
    expect(plain).toEqual(expect.arrayContaining(['acme', 'today']));
    const acme = snapshotTopTerms(tracker, 200).find((t) => t.term === 'acme');
    expect(acme!.vsVolume).toBeGreaterThan(0.8);
    expect(acme!.vsVolume).toBeLessThan(1.2);
    const relative = snapshotTopTerms(tracker, 200, 1.5, 1.5).map((t) => t.term);
    expect(relative).not.toContain('acme');
    expect(relative).not.toContain('today');
    expect(relative).toEqual(expect.arrayContaining(WHAT_BROKE));
  });

  it("ranks drivers by the mentions the conversation's growth does not explain", () => {
    const v = volumeLift(tracker);
    for (const t of drivers.topTerms) expect(t.lift, t.term).toBeGreaterThanOrEqual(1.5 * v - 0.1);
    const beyond = drivers.topTerms.map((t) => t.count * (1 - v / t.lift));
    for (let i = 1; i < beyond.length; i++) expect(beyond[i]).toBeLessThanOrEqual((beyond[i - 1] as number) + 1);
    // Every new term has about the same lift here; the one in the most posts comes first
    // ("l'app" counts as "app": 6 of the 10 complaints).
    expect(shown[0]).toBe('app');
    expect(drivers.topTerms[0]!.count).toBe(Math.max(...drivers.topTerms.map((t) => t.count)));
  });
});

describe('the figure an alert shows beside each term', () => {
  it('is the mentions beyond the surge, the figure the list is ranked by, so a busier term with less lift reads first and right', () => {
    const tracker = createTermTracker();
    // Usually 20 posts a minute, "login" in 5 of them and "deploy" in one every 5 minutes.
    for (let minute = 0; minute < 360; minute++)
      for (let k = 0; k < 20; k++) {
        const terms = ['acme'];
        if (k < 5) terms.push('login');
        if (k === 0 && minute % 5 === 0) terms.push('deploy');
        observeTerms(tracker, terms, START_MINUTE + minute);
      }
    // Then 40 a minute (2×): "login" in 30 of them (6×), "deploy" in 4 (20×).
    for (let minute = 360; minute < 375; minute++)
      for (let k = 0; k < 40; k++) {
        const terms = ['acme'];
        if (k < 30) terms.push('login');
        if (k < 4) terms.push('deploy');
        observeTerms(tracker, terms, START_MINUTE + minute);
      }
    const store = { postsRead: { between: () => [] }, incidentsRead: { activeDuring: () => null } } as unknown as Parameters<
      typeof buildDrivers
    >[0];
    const terms = buildDrivers(store, tracker, seriesKey.total, math, START_MINUTE + 374).drivers.topTerms;
    expect(terms.map((t) => t.term)).toEqual(['login', 'deploy']);
    const [login, deploy] = terms as [(typeof terms)[number], (typeof terms)[number]];
    expect(login.lift).toBeLessThan(deploy.lift);
    expect(login.beyondSurge).toBeGreaterThan(deploy.beyondSurge!);
    // Of login's recent mentions (316, 6.7×), the posts' own rise (3.1×) explains about half.
    const v = volumeLift(tracker);
    expect(Math.abs(login.beyondSurge! - login.count * (1 - v / login.lift))).toBeLessThan(2); // count and lift are rounded
    expect(login.beyondSurge! / login.count).toBeGreaterThan(0.4);
    expect(login.beyondSurge! / login.count).toBeLessThan(0.7);
  });

  it('never rises down the list in the multilingual surge', () => {
    const { tracker, window, lastMinute } = fixture();
    const store = {
      postsRead: { between: (fromMs: number, toMs: number) => window.filter((p) => p.createdAt >= fromMs && p.createdAt < toMs) },
      incidentsRead: { activeDuring: () => null },
    } as unknown as Parameters<typeof buildDrivers>[0];
    const shown = buildDrivers(store, tracker, seriesKey.total, math, START_MINUTE + lastMinute).drivers.topTerms;
    expect(shown.length).toBeGreaterThan(3);
    for (const t of shown) expect(t.beyondSurge, t.term).toBeGreaterThan(0);
    for (let i = 1; i < shown.length; i++) expect(shown[i]!.beyondSurge).toBeLessThanOrEqual(shown[i - 1]!.beyondSurge!);
  });
});

describe("the conversation's own lift", () => {
  it("is about 1 on a steady stream, across the tracker's rebasing of its weights", () => {
    const tracker = createTermTracker();
    // 6000 minutes: past the point where forward-decay weights are rebased (500 half-lives).
    for (let minute = 0; minute < 6000; minute++)
      for (let k = 0; k < 4; k++) observeTerms(tracker, ['acme', `w${k}`], START_MINUTE + minute);
    expect(volumeLift(tracker)).toBeCloseTo(1, 1);
    expect(snapshotTopTerms(tracker, 10).find((t) => t.term === 'acme')!.vsVolume).toBeCloseTo(1, 1);
    for (let k = 0; k < 40; k++) observeTerms(tracker, [], START_MINUTE + 6000);
    expect(volumeLift(tracker)).toBeGreaterThan(1.5);
  });

  it('is 1 before any post', () => {
    expect(volumeLift(createTermTracker())).toBe(1);
  });
});

describe('a word inside a bursting phrase', () => {
  it('gives its slot to the phrase, unless it bursts well beyond it', () => {
    const tracker = createTermTracker();
    for (let minute = 0; minute < 360; minute++) observeTerms(tracker, ['acme'], START_MINUTE + minute);
    for (let minute = 360; minute < 375; minute++) {
      for (let k = 0; k < 10; k++) observeTerms(tracker, ['acme', "can't", 'log', "can't log in"], START_MINUTE + minute);
      for (let k = 0; k < 20; k++) observeTerms(tracker, ['acme', 'down', k < 5 ? 'is down' : 'checkout'], START_MINUTE + minute);
    }
    const store = { postsRead: { between: () => [] }, incidentsRead: { activeDuring: () => null } } as unknown as Parameters<
      typeof buildDrivers
    >[0];
    const shown = buildDrivers(store, tracker, seriesKey.total, math, START_MINUTE + 374).drivers.topTerms.map((t) => t.term);
    expect(shown).toEqual(expect.arrayContaining(["can't log in", 'down', 'is down', 'checkout']));
    expect(shown).not.toContain("can't");
    expect(shown).not.toContain('log');
  });
});

describe('terms stored before the stop lists grew', () => {
  it('are not shown when a restart replays them into the tracker', () => {
    const tracker = createTermTracker();
    for (let minute = 0; minute < 360; minute++) observeTerms(tracker, ['acme'], START_MINUTE + minute);
    for (let minute = 360; minute < 375; minute++) {
      for (let k = 0; k < 20; k++)
        observeTerms(tracker, ['acme', 'anyone else', 'anyone', 'else', 'getting', 'puedo', 'login'], START_MINUTE + minute);
    }
    const store = { postsRead: { between: () => [] }, incidentsRead: { activeDuring: () => null } } as unknown as Parameters<
      typeof buildDrivers
    >[0];
    expect(buildDrivers(store, tracker, seriesKey.total, math, START_MINUTE + 374).drivers.topTerms.map((t) => t.term)).toEqual(['login']);
  });
});

describe('a surge written in chat filler', () => {
  it('shows what broke, not the interjections every angry post carries', () => {
    const tracker = createTermTracker();
    for (let minute = 0; minute < 360; minute++) {
      const posts = ['acme dashboard looks nice', 'trying acme today', 'acme support was quick'];
      for (const text of posts) observeTerms(tracker, analyzePost(text).terms, START_MINUTE + minute);
    }
    const angry = [
      'ugh acme login down rn lol',
      'omg wtf acme login broken smh',
      'lmao acme login 503 literally',
      'pls acme fix login ffs tbh',
    ];
    for (let minute = 360; minute < 375; minute++)
      for (let k = 0; k < 20; k++) observeTerms(tracker, analyzePost(angry[k % angry.length] as string).terms, START_MINUTE + minute);
    const store = { postsRead: { between: () => [] }, incidentsRead: { activeDuring: () => null } } as unknown as Parameters<
      typeof buildDrivers
    >[0];
    const shown = buildDrivers(store, tracker, seriesKey.total, math, START_MINUTE + 374).drivers.topTerms.map((t) => t.term);
    expect(shown[0]).toBe('login');
    expect(shown).toEqual(expect.arrayContaining(['down', 'broken', '503', 'fix']));
    for (const filler of ['ugh', 'rn', 'lol', 'omg', 'wtf', 'smh', 'lmao', 'literally', 'pls', 'ffs', 'tbh'])
      expect(shown).not.toContain(filler);
  });
});

describe('filler never becomes a term', () => {
  it('drops function words and "anyone else" words in the six languages', () => {
    const cases: Array<[string, string[], string[]]> = [
      ['Anyone else getting this? Still broken for me', ['anyone', 'else', 'getting', 'still', 'anyone else'], ['broken']],
      ['Login down for 20 minutes now, thanks acme', ['minutes', 'now', 'thanks', 'for'], ['login', 'down', 'acme']],
      ['Our monitoring just lit up, acme eu-west looks down', ['lit', 'lit up', 'just'], ['monitoring', 'down']],
      ['¿Alguien más? No puedo entrar a la app', ['alguien', 'más', 'puedo', 'la'], ['entrar', 'app']],
      ["Quelqu'un d'autre ? Je ne peux pas me connecter", ["quelqu'un", 'peux', 'pas', 'je'], ['connecter']],
      ['Jemand auch? Ich kann mich nicht anmelden', ['jemand', 'auch', 'kann', 'mich'], ['anmelden']],
      ['Alguém mais? Não consigo entrar, nao carrega', ['alguém', 'mais', 'não', 'nao', 'consigo'], ['entrar', 'carrega']],
      ['アプリにログインできないです', ['です', 'ない', 'に'], ['アプ', 'ログ']],
      // A brand and then no space: the brand is a word, the Japanese still bigrams.
      ['Acmeが落ちてる', ['acmeが落ちてる'], ['acme', '落ち']],
      // French elision: the article goes, the noun is the term.
      ["L'app plante, impossible d'accéder à l'appli", ["l'app", "d'accéder", "l'appli"], ['app', 'accéder', 'appli']],
    ];
    for (const [text, absent, present] of cases) {
      const terms = analyzePost(text).terms;
      for (const w of absent) expect(terms, `${w} in ${text}`).not.toContain(w);
      expect(terms, text).toEqual(expect.arrayContaining(present));
    }
  });

  it('drops interjections and chat filler in the six languages, stretched too, and keeps the words of the outage', () => {
    const cases: Array<[string, string[], string[]]> = [
      [
        'ugh lol omg wtf acme login is down rn, smh pls fix',
        ['ugh', 'lol', 'omg', 'wtf', 'rn', 'smh', 'pls'],
        ['acme', 'login', 'down', 'fix'],
      ],
      ['Ughhh literally 503 error again tbh, lmao', ['ughhh', 'literally', 'tbh', 'lmao'], ['503', 'error']],
      ['omggg the app keeps crashing, so much lag, checkout broken af', ['omggg', 'af'], ['app', 'crashing', 'lag', 'checkout', 'broken']],
      ['jajaja xd joder, la app no carga, crash otra vez', ['jajaja', 'xd', 'joder'], ['app', 'carga', 'crash']],
      ['mdr putain, la connexion plante encore', ['mdr', 'putain'], ['connexion', 'plante']],
      ['Alter, echt krass, der Login ist down', ['alter', 'echt', 'krass'], ['login', 'down']],
      ['kkkkk sério, o app caiu de novo', ['kkkkk', 'sério'], ['app', 'caiu']],
      ['ログインできない マジ 笑 ｗｗｗ', ['マジ', '笑', 'www'], ['ログ']],
    ];
    for (const [text, absent, present] of cases) {
      const terms = analyzePost(text).terms;
      for (const w of absent) expect(terms, `${w} in ${text}`).not.toContain(w);
      expect(terms, text).toEqual(expect.arrayContaining(present));
    }
    // The outage's own words stay terms however the post around them is written.
    for (const word of ['down', '503', 'error', 'crash', 'broken', 'lag', 'outage', 'login'])
      expect(analyzePost(`ugh ${word} lol`).terms, word).toEqual([word]);
  });

  it('keeps a stop-word phrase as outage evidence though not as a term', () => {
    const post = analyzePost('is it just me, anyone else?');
    expect(post.signals).toEqual(expect.arrayContaining(['is it just me', 'anyone else']));
    expect(post.terms).toEqual([]);
    expect(post.outageIntent).toBe(outageIntent('is it just me, anyone else?').score);
    expect(post.outageIntent).toBeGreaterThan(0.5);
    // Phrases that name the failure stay terms.
    expect(analyzePost("acme is down, can't log in").terms).toEqual(expect.arrayContaining(['is down', "can't log in"]));
  });
});
