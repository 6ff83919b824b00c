import { describe, expect, it } from 'vitest';
import { insertMention, matchPeople, MAX_SUGGESTIONS, mentionAt } from '../../renderer/src/views/board/mentions.js';

const people = [
  { username: 'olli', displayName: 'Olli Operator' },
  { username: 'dana', displayName: 'Dana Lead' },
  { username: 'dan.k', displayName: 'Daniel Kim' },
  { username: 'sam', displayName: 'Sam Adana' },
  { username: 'lena', displayName: 'Lena Doe' },
];

/** The text with `|` as the caret → [text, caret]. */
const at = (marked: string): [string, number] => [marked.replace('|', ''), marked.indexOf('|')];

describe('the @word at the caret', () => {
  it('finds the word being typed after an @, at the start or after a space or punctuation', () => {
    expect(mentionAt(...at('@da|'))).toEqual({ start: 0, end: 3, query: 'da' });
    expect(mentionAt(...at('ping @Dan|'))).toEqual({ start: 5, end: 9, query: 'dan' });
    expect(mentionAt(...at('(cc @|'))).toEqual({ start: 4, end: 5, query: '' });
    expect(mentionAt(...at('line one\n@le|'))).toMatchObject({ start: 9, query: 'le' });
  });

  it('a caret inside the word replaces the whole word, and reads only what is before the caret', () => {
    expect(mentionAt(...at('hi @da|na, see'))).toEqual({ start: 3, end: 8, query: 'da' });
  });

  it('is nothing outside a mention: plain words, after a space, e-mail addresses, a double @', () => {
    expect(mentionAt(...at('hello da|'))).toBeNull();
    expect(mentionAt(...at('@dana |'))).toBeNull();
    expect(mentionAt(...at('mail dana@exa|'))).toBeNull();
    expect(mentionAt(...at('@@da|'))).toBeNull();
    expect(mentionAt(...at('v1.@x|'))).toBeNull();
    expect(mentionAt('', 0)).toBeNull();
    expect(mentionAt('@da', 9)).toBeNull();
  });
});

describe('which people match', () => {
  it('username prefix first, then a word of the name, then anything containing it; by username within a rank', () => {
    expect(matchPeople(people, 'dan').map((p) => p.username)).toEqual(['dan.k', 'dana', 'sam']);
    expect(matchPeople(people, 'lead').map((p) => p.username)).toEqual(['dana']);
    expect(matchPeople(people, 'DOE').map((p) => p.username)).toEqual(['lena']);
  });

  it('an empty query offers everyone (up to the limit); no match is an empty list', () => {
    expect(matchPeople(people, '').map((p) => p.username)).toEqual(['dan.k', 'dana', 'lena', 'olli', 'sam']);
    const many = Array.from({ length: 30 }, (_, i) => ({ username: `user${String(i).padStart(2, '0')}`, displayName: `User ${i}` }));
    expect(matchPeople(many, 'user')).toHaveLength(MAX_SUGGESTIONS);
    expect(matchPeople(people, 'zz')).toEqual([]);
  });

  it('lists a username once even if the list repeats it', () => {
    expect(matchPeople([...people, people[1]!], 'dana').map((p) => p.username)).toEqual(['dana', 'sam']);
  });
});

describe('inserting the pick', () => {
  it('replaces the @word with @username and a space, caret after the space', () => {
    const [text, caret] = at('thanks @da|');
    const token = mentionAt(text, caret)!;
    expect(insertMention(text, token, 'dana')).toEqual({ text: 'thanks @dana ', caret: 13 });
  });

  it('keeps the text after it and does not double a space already there', () => {
    const [text, caret] = at('@da|na please look');
    expect(insertMention(text, mentionAt(text, caret)!, 'dan.k')).toEqual({ text: '@dan.k please look', caret: 7 });
    const [glued, c2] = at('@ol|,ok');
    expect(insertMention(glued, mentionAt(glued, c2)!, 'olli')).toEqual({ text: '@olli ,ok', caret: 6 });
  });
});
