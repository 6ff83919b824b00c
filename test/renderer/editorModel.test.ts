import { describe, expect, it } from 'vitest';
import { blockers, checkTime, counters } from '../../renderer/src/views/campaigns/editorModel.js';
import { accounts } from './publishingFixtures.js';

const NOW = Date.UTC(2026, 2, 1, 12, 0);
const form = (over: Record<string, unknown> = {}) => ({
  text: 'Spring is here',
  accounts: ['brand', 'brand-x'],
  localTime: '2026-03-10T10:00',
  zone: 'Europe/Berlin',
  choice: null,
  campaignId: null,
  ...over,
});

describe('post editor checks', () => {
  it('one counter per target network, red with plain words when over', () => {
    const long = 'é'.repeat(290);
    const checks = counters(long, ['brand', 'brand-x', 'brand-bsky'], accounts);
    expect(checks.map((c) => [c.label, c.used, c.limit, c.ok])).toEqual([
      ['Mastodon', 290, 500, true],
      ['Bluesky', 290, 300, true],
      ['X', 290, 280, false],
    ]);
    expect(checks[2]!.problem).toBe('Too long for X: 290 of 280 weighted characters (10 over).');
  });

  it('with no account chosen, every network at its usual limit', () => {
    expect(counters('hi', [], accounts).map((c) => [c.label, c.limit])).toEqual([
      ['Bluesky', 300],
      ['X', 280],
      ['Mastodon', 500],
    ]);
  });

  it('two instances of one network with different limits get a counter each', () => {
    const big = [...accounts, { name: 'big', network: 'mastodon', handle: null, charLimit: 1000, origin: 'app' } as const];
    expect(counters('x', ['brand', 'big'], big).map((c) => c.label)).toEqual(['Mastodon (brand: 500)', 'Mastodon (big: 1000)']);
  });

  it('a DST gap and a repeat are flagged before sending, and settled by a choice', () => {
    const gap = checkTime({ localTime: '2026-03-29T02:30', zone: 'Europe/Berlin', choice: null }, NOW);
    expect(gap.kind).toBe('gap');
    const repeat = checkTime({ localTime: '2026-11-01T01:30', zone: 'America/New_York', choice: null }, NOW);
    expect(repeat.kind).toBe('repeat');
    const settled = checkTime({ localTime: '2026-11-01T01:30', zone: 'America/New_York', choice: 'later' }, NOW);
    expect(settled).toEqual({ kind: 'ok', at: Date.UTC(2026, 10, 1, 6, 30) });
    expect(blockers(form({ localTime: '2026-03-29T02:30' }), accounts, NOW, false)).toHaveLength(1);
  });

  it('sending needs accounts, a future time and text that fits; a draft only a settled time and an account', () => {
    expect(blockers(form(), accounts, NOW, true)).toEqual([]);
    expect(blockers(form({ accounts: [], localTime: '2026-02-01T10:00' }), accounts, NOW, true)).toEqual([
      'This time has already passed: choose a later one.',
      'Choose at least one account to post to.',
    ]);
    expect(blockers(form({ text: ' ' }), accounts, NOW, true)).toEqual(['The post is empty.']);
    expect(blockers(form({ localTime: '2026-02-01T10:00', text: 'x'.repeat(300) }), accounts, NOW, false)).toEqual([]);
    expect(blockers(form({ localTime: '' }), accounts, NOW, false)).toEqual(['Choose a date and time.']);
    // The hub refuses a draft without an account: say so before sending, not after.
    expect(blockers(form({ accounts: [], text: '' }), accounts, NOW, false)).toEqual(['Choose at least one account to post to.']);
  });
});
