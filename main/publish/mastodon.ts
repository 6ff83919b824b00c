/** Mastodon: POST /api/v1/statuses with an Idempotency-Key (the instance keeps it about an hour). */
import { z } from 'zod';
import type { HttpClient } from '../sources/types.js';
import { checkAnswer, failureOf, postJson, readAnswer } from './outcome.js';
import type { Publisher } from './types.js';

const statusAnswer = z.object({ id: z.string().min(1), url: z.string().nullable().optional(), uri: z.string().optional() });

export interface MastodonAccount {
  baseUrl: string;
  token: string;
  visibility: 'public' | 'unlisted' | 'private';
}

export function createMastodonPublisher(account: MastodonAccount, http: HttpClient, now: () => number): Publisher {
  const base = account.baseUrl.replace(/\/+$/, '');
  return {
    async send({ text, key, attempt }) {
      const ctx = { network: 'mastodon' as const, now, attempt, idempotent: true };
      try {
        const res = await postJson(
          http,
          `${base}/api/v1/statuses`,
          { authorization: `Bearer ${account.token}`, 'idempotency-key': key },
          { status: text, visibility: account.visibility },
        );
        checkAnswer(res, 'mastodon', now());
        const status = readAnswer(res, 'mastodon', statusAnswer, 'the id of the new post');
        return { kind: 'sent', remoteId: status.id, remoteUrl: status.url ?? status.uri ?? null };
      } catch (error) {
        return failureOf(error, ctx, false);
      }
    },
  };
}
