import { describe, expect, it } from 'vitest';
import { buildDrivers, describeAlert, distinctVoices } from '../../../main/alerts/drivers.js';
import type { ActiveAlert } from '../../../main/detect/lifecycle.js';
import { createTermTracker } from '../../../main/detect/termTracker.js';
import { seriesKey, type AlertMath, type StoredPost } from '../../../shared/domain.js';

const math: AlertMath = {
  windowMinutes: 5,
  expected: 10,
  bandLow: 5,
  bandHigh: 15,
  observed: 40,
  ratio: 4,
  score: 0.9,
  persistedMinutes: 3,
  sources: [],
};
const alert: ActiveAlert = { state: 'open', severity: 'warning', openedAt: 0, updatedAt: 0, resolvedAt: null, peakScore: 0.9, math };

let nextId = 1;
const post = (source: string, terms: string[], text: string): StoredPost => ({
  id: nextId++,
  source,
  externalId: String(nextId),
  url: null,
  author: 'a',
  text,
  lang: null,
  createdAt: 0,
  fetchedAt: 0,
  engagement: {},
  terms,
  outageIntent: 0.5,
});

const POSTS = [
  post('eu:west', ['down'], 'eu west is down'),
  post('eu', ['down', 'term:x'], 'eu is down, see term:x'),
  post('us', ['slow'], 'us is slow'),
];
const store = {
  postsRead: { between: () => POSTS },
  incidentsRead: { activeDuring: () => null },
} as unknown as Parameters<typeof buildDrivers>[0];
const driversOf = (series: string) => buildDrivers(store, createTermTracker(), series, math, 10);

describe('alert drivers read the series key through parseSeriesKey', () => {
  it('counts the posts of the series: a source named with a colon is not its prefix', () => {
    expect(driversOf(seriesKey.source('eu:west')).sources).toEqual(['eu:west']);
    expect(driversOf(seriesKey.source('eu')).sources).toEqual(['eu']);
    expect(driversOf(seriesKey.term('down')).sources).toEqual(['eu', 'eu:west']);
    expect(driversOf(seriesKey.term('term:x')).sources).toEqual(['eu']);
  });

  it('counts every post for the total and for a key it does not know', () => {
    expect(driversOf(seriesKey.total).sources).toEqual(['eu', 'eu:west', 'us']);
    expect(driversOf('lang:en').sources).toEqual(['eu', 'eu:west', 'us']);
  });

  it('names the series in the headline', () => {
    expect(describeAlert(seriesKey.total, alert, 0.5)).toMatch(/^Surge in all mentions: 40 vs ~10 expected \(4\.0×\)/);
    expect(describeAlert(seriesKey.source('eu:west'), alert, 0.5)).toMatch(/^Surge in mentions on eu:west:/);
    expect(describeAlert(seriesKey.term('source:x'), alert, 0.5)).toMatch(/^Surge in “source:x”:/);
    expect(describeAlert('lang:en', alert, 0.5)).toMatch(/^Surge in lang:en:/);
  });
});

describe('sample posts are different voices', () => {
  const voice = (text: string, terms: string[]) => ({ text, terms });
  it('skips a post that repeats the complaint of one already taken, in other words or numbers', () => {
    const ordered = [
      voice('Acme Cloud est en panne ? Erreur 503 Service Unavailable partout', [
        'acme',
        'cloud',
        'panne',
        'erreur',
        '503',
        'service',
        'unavailable',
        'partout',
      ]),
      voice('Acme Cloud est en panne ? Erreur 502 partout', ['acme', 'cloud', 'panne', 'erreur', '502', 'partout']),
      voice('Acme Cloud est en panne ? Erreur 503 partout', ['acme', 'cloud', 'panne', 'erreur', '503', 'partout']),
      voice('is Acme Cloud down? getting 504 on everything', ['acme', 'cloud', 'down', '504', 'everything']),
      voice("can't log in to the Acme console", ['log', 'acme', 'console']),
    ];
    expect(distinctVoices(ordered, 3).map((p) => p.text)).toEqual([
      'Acme Cloud est en panne ? Erreur 503 Service Unavailable partout',
      'is Acme Cloud down? getting 504 on everything',
      "can't log in to the Acme console",
    ]);
  });

  it('fills in with near-repeats when there are not enough voices, but never repeats a text', () => {
    const ordered = [voice('Down again', ['down']), voice('down  again', ['down']), voice('down again!!', ['down'])];
    expect(distinctVoices(ordered, 3).map((p) => p.text)).toEqual(['Down again', 'down again!!']);
  });
});
