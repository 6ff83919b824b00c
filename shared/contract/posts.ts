/** The posts domain: what the sources stored. */
import { z } from 'zod';
import { storedPostSchema } from '../domain.js';
import { ANY_ROLE, defineMethod } from './spec.js';

export const postsMethods = {
  'posts.recent': defineMethod({
    summary: 'Newest stored posts, optionally for one source.',
    input: z
      .object({
        source: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    output: z.array(storedPostSchema),
    roles: ANY_ROLE,
  }),
  'posts.inBucket': defineMethod({
    summary: 'The posts one chart bucket counts: one minute of one series, newest first.',
    input: z
      .object({
        series: z.string().min(1).max(200),
        minute: z.number().int(),
        limit: z.number().int().min(1).max(5000).default(2000),
      })
      .strict(),
    output: z.array(storedPostSchema),
    roles: ANY_ROLE,
  }),
} as const;

export const postsEvents = {} as const;
