import { describe, expect, it } from 'vitest';
import { createReadBudgets } from '../../../main/hub/readBudgets.js';

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
