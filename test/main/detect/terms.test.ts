import { describe, expect, it } from 'vitest';
import { extractTerms, normalizeText } from '../../../main/detect/tokenize.js';
import { groupIntent, outageIntent } from '../../../main/detect/outageIntent.js';
import { analyzePost } from '../../../main/detect/postSignals.js';
import { createTermTracker, observeTerms, snapshotTopTerms, trackedTermCount } from '../../../main/detect/termTracker.js';

describe('tokenizer', () => {
  it('strips markup and links, decodes entities, keeps hashtags and error codes', () => {
    const terms = extractTerms('<p>Can&#39;t log in to <b>#AcmeApp</b>: 503 again https://acme.example/status &amp; slow</p>');
    expect(terms).toEqual(expect.arrayContaining(["can't", 'log', '#acmeapp', '503', 'again', 'slow']));
    expect(terms.some((t) => t.includes('http') || t.includes('<') || t === 'p')).toBe(false);
  });

  it('handles accents, full-width forms, emoji and scripts without spaces', () => {
    expect(extractTerms('Ｃａｆé ÜBER naïve 😡')).toEqual(['café', 'über', 'naïve']);
    const ja = extractTerms('アプリが落ちてる');
    expect(ja).toEqual(expect.arrayContaining(['落ち', 'ちて', 'てる']));
    expect(normalizeText('<script>alert(1)</script>x')).not.toContain('<');
  });

  it('adds complaint phrases as terms so they can burst', () => {
    expect(analyzePost("I can't log in, is it down?").terms).toEqual(expect.arrayContaining(["can't log in", 'is it down']));
  });
});

describe('outage intent', () => {
  const outages = [
    'Is Acme down for anyone? Getting 503 errors',
    'acme not working again, can’t log in',
    'La app de Acme no funciona, se cayó',
    'Acme est en panne depuis ce matin',
    'Acme funktioniert nicht, Störung?',
    'Acme está fora do ar',
    'アクメ落ちてる？ログインできない',
  ];
  const buzz = [
    'Introducing the new Acme app! 50% off this weekend',
    'So excited for the Acme launch event tonight #acme',
    'Nuevo lanzamiento de Acme con descuento',
    'Acme キャンペーン 新発売',
    'Download the Acme app today',
  ];
  it('scores complaints high in six languages', () => {
    for (const t of outages) expect(outageIntent(t).score, t).toBeGreaterThan(0.6);
  });
  it('scores marketing buzz low', () => {
    for (const t of buzz) expect(outageIntent(t).score, t).toBeLessThan(0.2);
    expect(groupIntent(buzz)).toBeLessThan(0.1);
    expect(groupIntent(outages)).toBeGreaterThan(0.7);
  });
  it('does not match inside words', () => {
    expect(outageIntent('downloading the update now').score).toBe(0);
  });
});

describe('term tracker', () => {
  it('keeps memory bounded however many distinct terms arrive', () => {
    const t = createTermTracker({ capacity: 500 });
    for (let i = 0; i < 200_000; i++) observeTerms(t, [`term${i}`, 'acme'], Math.floor(i / 1000));
    expect(trackedTermCount(t)).toBeLessThanOrEqual(500);
    expect(t.byTerm.size).toBeLessThanOrEqual(500);
    expect(snapshotTopTerms(t, 1)[0]?.term).toBe('acme');
  });

  it('surfaces a bursting term with a lift above the steady ones', () => {
    const t = createTermTracker({ capacity: 100 });
    for (let minute = 0; minute < 600; minute++) {
      for (let k = 0; k < 20; k++) observeTerms(t, ['acme', `noise${(minute * 20 + k) % 3000}`], minute);
      if (minute >= 590) for (let k = 0; k < 30; k++) observeTerms(t, ['acme', '503', 'is down'], minute);
    }
    const top = snapshotTopTerms(t, 5, 3);
    expect(top.map((x) => x.term)).toEqual(expect.arrayContaining(['503', 'is down']));
    const acme = snapshotTopTerms(t, 5).find((x) => x.term === 'acme');
    expect(acme!.lift).toBeLessThan(top[0]!.lift);
  });
});
