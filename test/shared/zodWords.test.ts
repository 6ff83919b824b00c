/**
 * A wrong-typed call (a script over the socket, or a form the engine refuses) is answered in
 * plain words naming the field: "name is too long (at most 100 characters)", not zod's
 * "Too big: expected string to have <=100 characters". A message a schema wrote itself stays.
 */
import { describe, expect, it } from 'vitest';
import { describeZodError } from '../../shared/contract/envelope.js';
import { methods } from '../../shared/contract/methods.js';

function words(method: keyof typeof methods, params: unknown): string {
  const parsed = methods[method].input.safeParse(params);
  if (parsed.success) throw new Error(`${method} accepted ${JSON.stringify(params)}`);
  return describeZodError(parsed.error);
}

describe('contract input errors in plain words', () => {
  it('names a missing field as required and a wrong type by what it should be', () => {
    expect(words('posts.inBucket', { minute: 'x' })).toBe('series is required; minute must be a number, not text');
    expect(words('campaigns.create', { name: 12 })).toBe('name must be text, not a number');
    expect(words('sources.add', 'x')).toBe('input must be an object, not text');
  });

  it('says too long, too many and unknown fields with the limit', () => {
    expect(words('campaigns.create', { name: 'x'.repeat(101) })).toBe('name is too long (at most 100 characters)');
    expect(words('users.update', { id: 'u1', username: 'dana' })).toBe('input has unknown field "username"');
    expect(words('sources.list', { a: 1, b: 2 })).toBe('input has unknown fields "a", "b"');
  });

  it('keeps a message the schema wrote itself', () => {
    expect(words('scheduled.create', { text: 'hi', accounts: [], at: { localTime: '2026-03-01T10:00', zone: 'UTC' } })).toBe(
      'accounts: choose at least one account',
    );
  });
});
