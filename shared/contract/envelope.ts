/**
 * Result envelopes: every call across a process or network boundary answers with one of
 * these, never a thrown error (a thrown error loses everything but its message).
 */
import { z } from 'zod';

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

/** Turns zod issues into one readable sentence naming the fields. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}
