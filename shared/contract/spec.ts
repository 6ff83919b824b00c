/**
 * How a contract method is written down. Each domain file (system, volume, posts, sources,
 * alerts, …) defines its methods with `defineMethod`; methods.ts merges them into one map.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../domain.js';

/** What the audit log records about one call; `action` defaults to the method name. */
export interface AuditNote {
  action?: string;
  subject: string | null;
  detail?: Record<string, unknown>;
}

export type AuditFn<I extends z.ZodType, O extends z.ZodType> = (input: z.output<I>, output: z.output<O>) => AuditNote;

export interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  roles: readonly Role[];
  /**
   * Also open to a caller who has not signed in (a hub connection without a session): the
   * hello, signing in and accepting an invite. Everything else answers `unauthorized` then.
   */
  signedOut?: boolean;
  /** One line for people reading the API. */
  summary: string;
  /**
   * Marks a change the audit log records. The dispatcher runs the handler and the audit insert
   * in one transaction, so either both land or neither does; that is why such a handler must
   * answer synchronously. Pure: it describes the call from its parsed input and its answer.
   */
  audit?: AuditFn<I, O>;
}

/** A method whose calls the audit log records (see `MethodSpec.audit`). */
export type AuditedMethodSpec<I extends z.ZodType, O extends z.ZodType> = MethodSpec<I, O> & { audit: AuditFn<I, O> };

/**
 * Two overloads keep in the type whether `audit` was given, so an audited handler that
 * returns a Promise is a compile error (see Handlers in handlers.ts).
 */
export function defineMethod<I extends z.ZodType, O extends z.ZodType>(spec: AuditedMethodSpec<I, O>): AuditedMethodSpec<I, O>;
export function defineMethod<I extends z.ZodType, O extends z.ZodType>(
  spec: MethodSpec<I, O> & { audit?: undefined },
): MethodSpec<I, O> & { audit?: undefined };
export function defineMethod<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

export const ANY_ROLE = ROLES;
export const ADMIN_ONLY: readonly Role[] = ['admin'];
export const ADMIN = ['admin'] as const;
export const empty = z.object({}).strict();
