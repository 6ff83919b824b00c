import { describe, expect, it } from 'vitest';
import { countOf } from '../../shared/plural.js';

describe('countOf', () => {
  it('says one thing in the singular and any other count in the plural', () => {
    expect(countOf(1, 'post')).toBe('1 post');
    expect(countOf(0, 'post')).toBe('0 posts');
    expect(countOf(4, 'hour')).toBe('4 hours');
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries');
  });
});
