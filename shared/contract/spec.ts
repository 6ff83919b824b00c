/**
 * How a contract method is written down. Each domain file (system, volume, posts, sources,
 * alerts, …) defines its methods with `defineMethod`; methods.ts merges them into one map.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../domain.js';

export interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  roles: readonly Role[];
  /** One line for people reading the API. */
  summary: string;
}

export const defineMethod = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>) => spec;

export const ANY_ROLE = ROLES;
export const ADMIN = ['admin'] as const;
export const empty = z.object({}).strict();
