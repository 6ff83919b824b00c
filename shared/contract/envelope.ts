/**
 * Result envelopes: every call across a process or network boundary answers with one of
 * these, never a thrown error (a thrown error loses everything but its message).
 */
import { z } from 'zod';
import { wordFor } from '../plural.js';

export const ERROR_CODES = [
  'bad_request',
  'unknown_method',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractError {
  code: ErrorCode;
  /** Plain words for a person; never a stack trace. */
  message: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export const ok = <T>(value: T): Envelope<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Envelope<never> => ({
  ok: false,
  error: { code, message },
});

export const contractErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractErrorSchema }),
]);

/** Thrown inside handlers to choose the error code; the dispatcher turns it into an envelope. */
export class ContractFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractFailure';
  }
}

const NOUNS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
  undefined: 'missing',
};
const noun = (type: string): string => NOUNS[type] ?? type;

/**
 * Zod's own wording ("Invalid input: expected string, received undefined") in plain words
 * ("is required"); null for a message a schema wrote itself, which is kept as written.
 */
export function plainIssue(issue: z.core.$ZodIssue): string | null {
  switch (issue.code) {
    case 'invalid_type': {
      if (!issue.message.startsWith('Invalid input')) return null;
      const received = /received (\w+)$/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'is required';
      return received ? `must be ${noun(issue.expected)}, not ${noun(received)}` : `must be ${noun(issue.expected)}`;
    }
    case 'too_big': {
      if (!issue.message.startsWith('Too big')) return null;
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `is too long (at most ${max} characters)`;
      if (issue.origin === 'array' || issue.origin === 'set') return `has too many items (at most ${max})`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'too_small': {
      if (!issue.message.startsWith('Too small')) return null;
      const min = String(issue.minimum);
      if (issue.origin === 'string') return min === '1' ? 'is empty' : `is too short (at least ${min} characters)`;
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${min} item${min === '1' ? '' : 's'}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'unrecognized_keys':
      return `has unknown ${wordFor(issue.keys.length, 'field')} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_value':
      if (!issue.message.startsWith('Invalid')) return null;
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return null;
  }
}

/** Turns zod issues into one readable sentence naming the fields. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.length ? issue.path.join('.') : 'input';
      const plain = plainIssue(issue);
      return plain ? `${field} ${plain}` : `${field}: ${issue.message}`;
    })
    .join('; ');
}
