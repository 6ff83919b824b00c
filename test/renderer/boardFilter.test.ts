import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, filterCards, isFilterActive, tagsOf, type BoardFilter } from '../../renderer/src/store/board/filter.js';
import { cardCountdown, formatSpan, isBreachedAt } from '../../renderer/src/store/board/sla.js';
import { initialsOf } from '../../renderer/src/views/board/people.js';
import { clock, makeCard, manyCards, person } from './boardCards.js';

const NOW = 10_000_000;
const cards = [
  makeCard(1, { title: 'Console login fails', priority: 'P1', assignee: person('u_me'), tags: ['vip'] }),
  makeCard(2, {
    title: 'Refund stuck',
    priority: 'P2',
    tags: ['billing'],
    posts: [{ postId: 9, source: 'demo', author: 'danaweb84', text: 'Acme Cloud caído otra vez', url: null, createdAt: 1 }],
  }),
  makeCard(3, {
    title: 'Slow dashboard',
    priority: 'P3',
    assignee: person('u_other'),
    customerHandle: '@bigcorp',
    sla: {
      firstResponse: clock({ state: 'running', dueAt: NOW - 1, warnAt: NOW - 60_000 }),
      nextResponse: clock(),
      resolution: clock(),
      level: 'ok',
    },
  }),
];
const run = (filter: Partial<BoardFilter>, meId: string | null = 'u_me') =>
  filterCards(cards, { ...EMPTY_FILTER, ...filter }, { meId, now: NOW }).map((card) => card.id);

describe('board filters and search', () => {
  it('no filter keeps every card in order', () => {
    expect(run({})).toEqual([1, 2, 3]);
    expect(isFilterActive(EMPTY_FILTER)).toBe(false);
  });

  it('mine, unassigned, priority, tag and breached each narrow the cards, and combine', () => {
    expect(run({ mine: true })).toEqual([1]);
    expect(run({ mine: true }, null)).toEqual([]); // no user (local admin): nothing is "mine"
    expect(run({ unassigned: true })).toEqual([2]);
    expect(run({ priorities: ['P1', 'P3'] })).toEqual([1, 3]);
    expect(run({ tag: 'billing' })).toEqual([2]);
    expect(run({ breached: true })).toEqual([3]); // due a millisecond ago, not yet marked by the hub
    expect(run({ priorities: ['P1', 'P3'], breached: true })).toEqual([3]);
    expect(isFilterActive({ ...EMPTY_FILTER, tag: 'vip' })).toBe(true);
  });

  it('search matches every word anywhere (title, posts, author, handle, #id), ignoring case and accents', () => {
    expect(run({ query: 'LOGIN console' })).toEqual([1]);
    expect(run({ query: 'caido' })).toEqual([2]);
    expect(run({ query: 'danaweb' })).toEqual([2]);
    expect(run({ query: '@bigcorp' })).toEqual([3]);
    expect(run({ query: '#2' })).toEqual([2]);
    expect(run({ query: 'login refund' })).toEqual([]);
    expect(run({ query: '   ' })).toEqual([1, 2, 3]);
  });

  it('lists the tags in use, sorted', () => {
    expect(tagsOf(cards)).toEqual(['billing', 'vip']);
  });

  it('stays correct on 10k cards', () => {
    const many = manyCards(10_000, NOW);
    const hits = filterCards(many, { ...EMPTY_FILTER, query: 'login', priorities: ['P1'] }, { meId: null, now: NOW });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((card) => card.priority === 'P1' && /login/i.test(`${card.title} ${card.posts[0]!.text}`))).toBe(true);
  });
});

describe('SLA countdown', () => {
  const sla = (first: Parameters<typeof clock>[0], resolution: Parameters<typeof clock>[0] = {}) => ({
    firstResponse: clock(first),
    nextResponse: clock(),
    resolution: clock(resolution),
    level: 'ok' as const,
  });

  it('counts down in the normal tone, amber from warnAt, red with the time over once due', () => {
    const due = NOW + 12 * 60_000;
    expect(cardCountdown(sla({ state: 'running', dueAt: due, warnAt: due - 5 * 60_000 }), NOW)).toMatchObject({
      tone: 'ok',
      text: '12m left',
    });
    expect(cardCountdown(sla({ state: 'running', dueAt: due, warnAt: due - 15 * 60_000 }), NOW)).toMatchObject({
      tone: 'warn',
      label: 'First response due in 12 minutes',
    });
    expect(cardCountdown(sla({ state: 'running', dueAt: NOW - 65 * 60_000, warnAt: null }), NOW)).toMatchObject({
      tone: 'breached',
      text: '1h 05m over',
      label: 'First response target breached 1 hour 5 minutes ago',
    });
  });

  it('shows the most urgent running clock; a paused one shows its frozen time; met and off show nothing', () => {
    const countdown = cardCountdown(
      sla({ state: 'running', dueAt: NOW + 3_600_000, warnAt: null }, { state: 'running', dueAt: NOW + 60_000, warnAt: null }),
      NOW,
    );
    expect(countdown?.label).toBe('Resolution due in 1 minute');
    expect(cardCountdown(sla({ state: 'paused', remainingMs: 30 * 60_000 }), NOW)).toMatchObject({ tone: 'paused', text: '30m paused' });
    expect(cardCountdown(sla({ state: 'met', metAt: 5 }), NOW)).toBeNull();
    expect(isBreachedAt(sla({ state: 'met', metAt: 5 }), NOW)).toBe(false);
    expect(isBreachedAt({ ...sla({}), level: 'breached' }, NOW)).toBe(true);
  });

  it('formats spans compactly and initials from names', () => {
    expect([formatSpan(42_000), formatSpan(-90_000), formatSpan(50 * 3_600_000)]).toEqual(['42s', '1m', '2d 2h']);
    expect([initialsOf('Dana Lead'), initialsOf('lena'), initialsOf('  '), initialsOf('ops_kim')]).toEqual(['DL', 'LE', '?', 'OK']);
  });
});
