import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/domain.js';
import { events, eventsByDomain, methods, methodsByDomain } from '../../shared/contract/methods.js';

const namesIn = (byDomain: Record<string, Record<string, unknown>>): string[] =>
  Object.values(byDomain).flatMap((domain) => Object.keys(domain));

describe('the contract', () => {
  it('defines every method name in exactly one domain file', () => {
    const names = namesIn(methodsByDomain);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(Object.keys(methods).sort()).toEqual([...names].sort());
  });

  it('defines every event name in exactly one domain file', () => {
    const names = namesIn(eventsByDomain);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(Object.keys(events).sort()).toEqual([...names].sort());
  });

  it('gives every method a summary and at least one known role', () => {
    for (const [name, spec] of Object.entries(methods)) {
      expect(spec.summary.trim(), `${name} has a summary`).not.toBe('');
      expect(spec.roles.length, `${name} declares a role`).toBeGreaterThan(0);
      for (const role of spec.roles) expect(ROLES, `${name} names a real role`).toContain(role);
    }
  });

  it('names methods domain.verb', () => {
    for (const name of Object.keys(methods)) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });
});
