import { describe, expect, it } from 'vitest';
import { cooldownRefusal } from '../../../main/hub/gate.js';
import { callerKey, createReadBudgets } from '../../../main/hub/readBudgets.js';

const limits = { burstFrames: 3, framesPerSecond: 1, burstBytes: 100, bytesPerSecond: 10 };

describe('read budgets per caller', () => {
  it('one caller keeps one budget across lookups; another caller has its own', () => {
    let now = 0;
    const budgets = createReadBudgets(limits, () => now);
    for (let i = 0; i < 3; i++) expect(budgets.of('user:omar').frames.tryTake()).toBe(true);
    expect(budgets.of('user:omar').frames.tryTake()).toBe(false);
    expect(budgets.of('user:lena').frames.tryTake()).toBe(true);
    // Spent into debt, it is back only once the clock has repaid it.
    budgets.of('user:omar').frames.spend(5);
    expect(budgets.of('user:omar').frames.msUntil()).toBe(6_000);
    now += 5_900;
    expect(budgets.of('user:omar').frames.msUntil()).toBe(100);
    now += 100;
    expect(budgets.of('user:omar').frames.msUntil()).toBe(0);
  });

  it('remembers at most its bound, forgetting the caller used least recently', () => {
    const budgets = createReadBudgets(limits, () => 0, 3);
    for (const key of ['a', 'b', 'c']) budgets.of(key).frames.spend(3);
    budgets.of('a'); // used again: now b is the oldest
    budgets.of('d');
    expect(budgets.size()).toBe(3);
    expect(budgets.of('a').frames.msUntil()).toBeGreaterThan(0);
    expect(budgets.of('c').frames.msUntil()).toBeGreaterThan(0);
    // b was forgotten: it starts again full (and pushes out d, the oldest by then).
    expect(budgets.of('b').frames.msUntil()).toBe(0);
    for (let i = 0; i < 10_000; i++) budgets.of(`caller-${i}`);
    expect(budgets.size()).toBe(3);
  });
});

describe('asking a budget before the handshake', () => {
  it('says how long a remembered caller owes, without making a budget for one it never saw', () => {
    let now = 0;
    const budgets = createReadBudgets(limits, () => now, 3);
    expect(budgets.owedMs('address:10.0.0.9')).toBe(0);
    expect(budgets.size()).toBe(0);
    budgets.of('address:10.0.0.9').frames.spend(13);
    expect(budgets.owedMs('address:10.0.0.9')).toBe(11_000);
    now += 10_999;
    expect(budgets.owedMs('address:10.0.0.9')).toBe(1);
    now += 1;
    expect(budgets.owedMs('address:10.0.0.9')).toBe(0);
  });

  it('a caller that knocks while it owes stays remembered ahead of quieter ones', () => {
    const budgets = createReadBudgets(limits, () => 0, 2);
    budgets.of('address:flooder').frames.spend(100);
    budgets.of('address:quiet');
    budgets.owedMs('address:flooder');
    budgets.of('address:newcomer'); // pushes out the least recently used: the quiet one
    expect(budgets.owedMs('address:flooder')).toBeGreaterThan(0);
    expect(budgets.size()).toBe(2);
  });

  it('the key follows the user, else the token (as a digest), else the address; the upgrade refuses by the same key', () => {
    const token = { kind: 'token', token: 'secret-token' } as const;
    expect(callerKey({ kind: 'session', token: 's', base: { kind: 'signedOut' } }, 'u-omar', '10.0.0.9')).toBe('user:u-omar');
    expect(callerKey(token, null, '10.0.0.9')).toMatch(/^token:[\w-]{22}$/);
    expect(callerKey(token, null, '10.0.0.9')).not.toContain('secret');
    expect(callerKey({ kind: 'signedOut' }, null, '10.0.0.9')).toBe('address:10.0.0.9');
    expect(callerKey({ kind: 'local' }, null, null)).toBeNull();

    let now = 0;
    const budgets = createReadBudgets(limits, () => now);
    budgets.of(callerKey(token, null, null)!).frames.spend(5);
    const identify = () => ({ via: 'session' as const, roles: [], userId: 'u-omar', username: 'omar', expiresAt: null });
    const auth = { identify, onAccessChange: () => () => undefined };
    expect(cooldownRefusal(budgets, token, '10.0.0.9', auth)).toEqual({
      status: 429,
      message: 'Too many requests: the hub cut off this access token for sending far more than it reads. Connect again in 3 s.',
      retryAfterSeconds: 3,
      owedMs: expect.any(Number),
    });
    // Another token, or the same address signed out, owes nothing.
    expect(cooldownRefusal(budgets, { kind: 'token', token: 'other' }, '10.0.0.9', auth)).toBeNull();
    expect(cooldownRefusal(budgets, { kind: 'signedOut' }, '10.0.0.9', auth)).toBeNull();
    // A session in the URL is looked up; the user it names owes, whatever address it comes from.
    budgets.of('user:u-omar').frames.spend(3);
    const session = { kind: 'session', token: 'kept', base: { kind: 'signedOut' } } as const;
    expect(cooldownRefusal(budgets, session, '10.0.0.7', auth)).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    // Rounded up to whole seconds, and gone once paid.
    now += 500;
    expect(cooldownRefusal(budgets, session, '10.0.0.7', auth)).toMatchObject({ retryAfterSeconds: 1 });
    now += 500;
    expect(cooldownRefusal(budgets, session, '10.0.0.7', auth)).toBeNull();
  });
});
