/**
 * Bluesky: one session per account (createSession is limited to 30 per 5 minutes and 300 a
 * day), kept encrypted in the store and refreshed when the access token expires. Each post
 * has a fixed record key, so sending it again after a crash cannot make a second post: the
 * repository answers that the record exists, which here means it was published.
 */
import { z } from 'zod';
import type { HttpClient } from '../sources/types.js';
import { SourceError } from '../sources/types.js';
import { errorName } from '../sources/http.js';
import { checkAnswer, failureOf, postJson, readAnswer } from './outcome.js';
import type { Publisher } from './types.js';

export const blueskySessionSchema = z.object({
  did: z.string().min(1),
  handle: z.string(),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
});
export type BlueskySession = z.infer<typeof blueskySessionSchema>;

export interface BlueskyAccount {
  service: string;
  identifier: string;
  appPassword: string;
  langs: string[];
}

export interface SessionStore {
  load(): BlueskySession | null;
  save(session: BlueskySession | null): void;
}

const recordAnswer = z.object({ uri: z.string().min(1), cid: z.string().min(1) });
const COLLECTION = 'app.bsky.feed.post';

const BASE32_SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * A record key in the TID form Bluesky expects for posts: 13 base32-sortable characters of
 * (microseconds << 10 | clock id). Made once per delivery and stored, so a resend reuses it.
 * The microseconds never repeat within this process (a key made in the same microsecond as the
 * last takes the next one), as atproto's own TID clocks do: random sub-millisecond digits alone
 * collided about once in fifty batches of 200 deliveries made in one millisecond.
 */
let lastMicros = 0n;
export function makeTid(atMs: number, random: () => number = Math.random): string {
  const micros = BigInt(Math.floor(atMs)) * 1000n;
  lastMicros = micros > lastMicros ? micros : lastMicros + 1n;
  let value = (lastMicros << 10n) | BigInt(Math.floor(random() * 1024));
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = BASE32_SORTABLE[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export function createBlueskyPublisher(account: BlueskyAccount, http: HttpClient, now: () => number, sessions: SessionStore): Publisher {
  const base = account.service.replace(/\/+$/, '');
  let session: BlueskySession | null = null;

  const open = async (): Promise<BlueskySession> => {
    const res = await postJson(
      http,
      `${base}/xrpc/com.atproto.server.createSession`,
      {},
      { identifier: account.identifier, password: account.appPassword },
    );
    if (res.status === 401) {
      throw new SourceError('auth', 'Bluesky did not accept the handle and app password (HTTP 401): check them in the hub configuration');
    }
    checkAnswer(res, 'bluesky', now());
    const fresh = readAnswer(res, 'bluesky', blueskySessionSchema, 'a session');
    sessions.save(fresh);
    return fresh;
  };

  const refresh = async (old: BlueskySession): Promise<BlueskySession> => {
    const res = await postJson(
      http,
      `${base}/xrpc/com.atproto.server.refreshSession`,
      { authorization: `Bearer ${old.refreshJwt}` },
      undefined,
    );
    // An expired or revoked refresh token: sign in again.
    if (res.status === 400 || res.status === 401) return open();
    checkAnswer(res, 'bluesky', now());
    const fresh = readAnswer(res, 'bluesky', blueskySessionSchema, 'a session');
    sessions.save(fresh);
    return fresh;
  };

  const create = (s: BlueskySession, text: string, rkey: string) =>
    postJson(
      http,
      `${base}/xrpc/com.atproto.repo.createRecord`,
      { authorization: `Bearer ${s.accessJwt}` },
      {
        repo: s.did,
        collection: COLLECTION,
        rkey,
        record: { $type: COLLECTION, text, createdAt: new Date(now()).toISOString(), langs: account.langs },
      },
    );

  const link = (s: BlueskySession, rkey: string) => `https://bsky.app/profile/${s.handle || s.did}/post/${rkey}`;

  return {
    async send({ text, key, attempt }) {
      const ctx = { network: 'bluesky' as const, now, attempt, idempotent: true };
      try {
        session ??= sessions.load() ?? (await open());
        let res = await create(session, text, key);
        if (res.status === 400 && errorName(res) === 'ExpiredToken') {
          session = await refresh(session);
          res = await create(session, text, key);
        } else if (res.status === 401 && /InvalidToken|AuthMissing|ExpiredToken/.test(errorName(res) ?? '')) {
          session = await open();
          res = await create(session, text, key);
        }
        if (res.status === 400 && /already exists/i.test(res.body.slice(0, 2000))) {
          // Our own earlier send landed (a crash or a lost answer): same record, not a second post.
          return { kind: 'sent', remoteId: `at://${session.did}/${COLLECTION}/${key}`, remoteUrl: link(session, key) };
        }
        checkAnswer(res, 'bluesky', now());
        const record = readAnswer(res, 'bluesky', recordAnswer, 'the new record');
        return { kind: 'sent', remoteId: record.uri, remoteUrl: link(session, key) };
      } catch (error) {
        return failureOf(error, ctx, false);
      }
    },
  };
}
