/**
 * X API v2: POST /2/tweets with a user-context token. X has no idempotency key: a send that
 * may have landed (timeout, cut connection, unreadable 2xx) is never repeated by itself.
 */
import { z } from 'zod';
import type { HttpClient } from '../sources/types.js';
import { SourceError } from '../sources/types.js';
import { checkAnswer, failureOf, postJson, readAnswer } from './outcome.js';
import type { Publisher } from './types.js';

const tweetAnswer = z.object({
  data: z.object({ id: z.string().min(1), text: z.string().optional() }).optional(),
  errors: z.array(z.object({ detail: z.string().optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});

export interface XAccount {
  baseUrl: string;
  token: string;
  /** For the post's link (x.com/<handle>/status/<id>). */
  handle: string | null;
}

export function createXPublisher(account: XAccount, http: HttpClient, now: () => number): Publisher {
  const base = account.baseUrl.replace(/\/+$/, '');
  return {
    async send({ text, attempt }) {
      const ctx = { network: 'x' as const, now, attempt, idempotent: false };
      let answered = false;
      try {
        const res = await postJson(http, `${base}/2/tweets`, { authorization: `Bearer ${account.token}` }, { text });
        answered = true;
        checkAnswer(res, 'x', now());
        const body = readAnswer(res, 'x', tweetAnswer, 'the id of the new post');
        if (!body.data) {
          const e = body.errors?.[0];
          // A 2xx carrying only errors: X says it did not post. With neither an id nor an error
          // it may have posted: malformed, which for X (no idempotency key) means "check first".
          if (!e) throw new SourceError('malformed', `X answered HTTP ${res.status} without the id of the new post`);
          throw new SourceError('config', `X did not publish it: ${e.detail ?? e.message ?? e.title ?? 'no reason given'}`);
        }
        const handle = account.handle?.replace(/^@/, '') ?? 'i';
        return { kind: 'sent', remoteId: body.data.id, remoteUrl: `https://x.com/${handle}/status/${body.data.id}` };
      } catch (error) {
        return failureOf(error, ctx, answered);
      }
    },
  };
}
