import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundPost, decodeEntities, htmlToText, safeUrl } from '../../../main/sources/html.js';
import { compareIds, newestId } from '../../../main/sources/ids.js';
import { clampCreatedAt, parseTimestamp } from '../../../main/sources/time.js';

describe('htmlToText', () => {
  it('strips tags, drops script/style/comments, decodes entities, keeps paragraphs', () => {
    expect(htmlToText('<p>Hi &amp; <a href="javascript:alert(1)">there</a></p><p>two<br/>three</p>')).toBe('Hi & there\n\ntwo\nthree');
    expect(htmlToText('a<script>document.cookie</script>b<style>p{}</style>c<!-- x -->d')).toBe('abcd');
    expect(htmlToText('<img src=x onerror=alert(1)>ok')).toBe('ok');
    expect(htmlToText('1 < 2 and 3 > 2')).toBe('1 < 2 and 3 > 2');
    expect(htmlToText('&#x2F;&#47;&lt;b&gt;&unknown;&#0;')).toBe('//<b>&unknown;\ufffd');
    expect(htmlToText('<SCRIPT>x</SCRIPT >y')).toBe('y');
    expect(htmlToText('safe\u202eevil\u0007')).toBe('safeevil');
  });

  it('decodes once, so double-escaped text keeps one level', () => {
    expect(decodeEntities('&amp;amp;')).toBe('&amp;');
  });

  it('stays fast on hostile input', () => {
    const nasty = [
      '<a'.repeat(200_000),
      '<script>'.repeat(50_000),
      '&'.repeat(300_000),
      '<!--'.repeat(100_000),
      '<p'.repeat(100_000) + '>',
    ];
    for (const s of nasty) {
      const t = Date.now();
      htmlToText(s);
      expect(Date.now() - t).toBeLessThan(1_000);
    }
  });

  it('never leaves a tag or throws (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('<', '>', '/', 's', 'c', 'r', 'i', 'p', 't', 'a', ' ', '&', ';', '#', 'x', '!', '-', '"') }),
        (s) => {
          const out = htmlToText(`<div>${s}</div>`);
          expect(out).not.toMatch(/<script/i);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('only lets http(s) URLs through', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,x')).toBeNull();
    expect(safeUrl('/r/a/comments/1/', 'https://www.reddit.com')).toBe('https://www.reddit.com/r/a/comments/1/');
  });

  it('bounds post fields to the schema limits', () => {
    const p = boundPost({
      source: 's',
      externalId: 'x'.repeat(600),
      url: null,
      author: 'a',
      text: '😀'.repeat(60_000),
      lang: 'en-US-x-very-long-tag',
      createdAt: 1,
      fetchedAt: 1,
      engagement: { likes: undefined, replies: 2 },
    });
    expect(p.externalId).toHaveLength(512);
    expect(p.text.length).toBeLessThanOrEqual(100_000);
    expect(p.lang).toHaveLength(16);
    expect(p.engagement).toEqual({ replies: 2 });
  });
});

describe('timestamps', () => {
  it('parses RFC 3339 / ISO 8601 with offsets and any fraction', () => {
    expect(parseTimestamp('2025-05-14T09:12:31.120Z')).toBe(Date.UTC(2025, 4, 14, 9, 12, 31, 120));
    expect(parseTimestamp('2025-05-14T09:35:00.000000Z')).toBe(Date.UTC(2025, 4, 14, 9, 35));
    expect(parseTimestamp('2025-05-14T11:12:31+02:00')).toBe(Date.UTC(2025, 4, 14, 9, 12, 31));
    expect(parseTimestamp('2025-05-14T04:12:31-0500')).toBe(Date.UTC(2025, 4, 14, 9, 12, 31));
    expect(parseTimestamp('2025-05-14')).toBe(Date.UTC(2025, 4, 14));
    expect(parseTimestamp('2025-02-30T00:00:00Z')).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
    expect(parseTimestamp(null)).toBeNull();
  });

  it('clamps future and missing times to now', () => {
    expect(clampCreatedAt(5_000, 1_000)).toEqual({ createdAt: 1_000, adjusted: true });
    expect(clampCreatedAt(null, 1_000)).toEqual({ createdAt: 1_000, adjusted: true });
    expect(clampCreatedAt(500, 1_000)).toEqual({ createdAt: 500, adjusted: false });
  });
});

describe('ids', () => {
  it('compares by length, then lexically', () => {
    expect(compareIds('99', '100')).toBeLessThan(0);
    expect(compareIds('114505413500604641', '114505313288192771')).toBeGreaterThan(0);
    expect(newestId(['9', '10', '2'])).toBe('10');
  });
});
