import { describe, expect, it } from 'vitest';
import { countOf, wordFor } from '../../shared/plural.js';

describe('countOf', () => {
  it('says one thing in the singular and any other count in the plural', () => {
    expect(countOf(1, 'post')).toBe('1 post');
    expect(countOf(0, 'post')).toBe('0 posts');
    expect(countOf(4, 'hour')).toBe('4 hours');
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('groups thousands the same on every machine, and never says "1 posts" for a rounded count', () => {
    expect(countOf(12480, 'post')).toBe('12,480 posts');
    expect(countOf(0.6, 'post')).toBe('1 post');
    expect(wordFor(1, 'entry', 'entries')).toBe('entry');
    expect(wordFor(3, 'entry', 'entries')).toBe('entries');
  });
});
