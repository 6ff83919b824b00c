/**
 * Publishing accounts: the `accounts` array of SURGE_CONFIG (zod-checked, errors naming the
 * account and the field), stored with their credentials encrypted by the keyring, and turned
 * into one publisher per account. Credentials never leave this file unencrypted except
 * towards the network they belong to.
 */
import { z } from 'zod';
import type { PublishingAccount } from '../../shared/contract/campaigns.js';
import { DEFAULT_LIMITS } from '../../shared/publishing/textLimits.js';
import type { Keyring } from '../sources/secrets.js';
import type { HttpClient } from '../sources/types.js';
import type { AccountRow, PublishingRepo } from '../store/publishing.js';
import { blueskySessionSchema, createBlueskyPublisher } from './bluesky.js';
import { createMastodonPublisher } from './mastodon.js';
import type { Publisher } from './types.js';
import { createXPublisher } from './x.js';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const name = z.string().trim().regex(NAME_RE, 'must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');
const secret = z.string().trim().min(1, 'must not be empty');
const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'must be a full https:// (or http://) address');

export const accountConfigSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('mastodon'),
      name,
      baseUrl: httpUrl,
      token: secret,
      handle: z.string().max(200).optional(),
      /** The instance's post length limit when it is not 500. */
      charLimit: z.number().int().min(1).max(100_000).optional(),
      visibility: z.enum(['public', 'unlisted', 'private']).default('public'),
    })
    .strict(),
  z
    .object({
      type: z.literal('bluesky'),
      name,
      identifier: z.string().trim().min(1, 'must be the handle or e-mail'),
      appPassword: secret,
      service: httpUrl.default('https://bsky.social'),
      langs: z.array(z.string().min(2).max(16)).max(3).default([]),
    })
    .strict(),
  z
    .object({
      type: z.literal('x'),
      name,
      /** An OAuth 2.0 user-context access token with tweet.write (app-only bearer tokens cannot post). */
      token: secret,
      handle: z.string().max(100).optional(),
      baseUrl: httpUrl.default('https://api.x.com'),
    })
    .strict(),
]);
export type AccountConfig = z.infer<typeof accountConfigSchema>;

export const accountsFileSchema = z
  .array(accountConfigSchema)
  .max(100)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((a, i) => {
      if (seen.has(a.name.toLowerCase())) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${a.name}" is used twice` });
      seen.add(a.name.toLowerCase());
    });
  });

export const SECRET_KEYS = ['token', 'appPassword'] as const;

export function split(config: AccountConfig): { settings: Record<string, unknown>; secrets: Record<string, string> } {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if ((SECRET_KEYS as readonly string[]).includes(k)) secrets[k] = String(v);
    else settings[k] = v;
  }
  return { settings, secrets };
}

/** Stores one account, its credentials encrypted (an unchanged password keeps the Bluesky session). */
export function storeAccount(repo: PublishingRepo, keyring: Keyring, a: AccountConfig, origin: 'file' | 'app', now: number): void {
  const { settings, secrets } = split(a);
  repo.upsertAccount(
    {
      name: a.name,
      network: a.type,
      handle: a.type === 'bluesky' ? a.identifier : (a.handle ?? null),
      charLimit: a.type === 'mastodon' ? (a.charLimit ?? DEFAULT_LIMITS.mastodon) : DEFAULT_LIMITS[a.type],
      origin,
      settings,
      // Re-encrypting changes the blob; compare the plain values so an unchanged password keeps the Bluesky session.
      secrets: sameSecrets(repo, keyring, a.name, secrets) ?? keyring.encrypt(JSON.stringify(secrets)),
    },
    now,
  );
}

/** Stores the file's accounts (credentials encrypted) and forgets file accounts no longer listed. */
export function storeFileAccounts(repo: PublishingRepo, keyring: Keyring, accounts: readonly AccountConfig[], now: number): void {
  for (const a of accounts) storeAccount(repo, keyring, a, 'file', now);
  repo.keepFileAccounts(accounts.map((a) => a.name));
}

function sameSecrets(repo: PublishingRepo, keyring: Keyring, name: string, secrets: Record<string, string>): string | null {
  const row = repo.accounts().find((r) => r.name === name);
  if (!row) return null;
  try {
    return keyring.decrypt(row.secrets) === JSON.stringify(secrets) ? row.secrets : null;
  } catch {
    return null;
  }
}

export const accountView = (row: AccountRow): PublishingAccount => ({
  name: row.name,
  network: row.network,
  handle: row.handle,
  charLimit: row.charLimit,
  origin: row.origin,
});

/** One publisher for a stored account, its credentials decrypted only here. */
export function publisherFor(
  row: AccountRow,
  deps: { repo: PublishingRepo; keyring: Keyring; http: HttpClient; now: () => number },
): Publisher {
  const config = accountConfigSchema.parse({
    ...row.settings,
    ...(JSON.parse(deps.keyring.decrypt(row.secrets)) as Record<string, string>),
  });
  switch (config.type) {
    case 'mastodon':
      return createMastodonPublisher(config, deps.http, deps.now);
    case 'x':
      return createXPublisher({ baseUrl: config.baseUrl, token: config.token, handle: config.handle ?? null }, deps.http, deps.now);
    case 'bluesky':
      return createBlueskyPublisher(config, deps.http, deps.now, {
        load() {
          const blob = deps.repo.accounts().find((r) => r.name === row.name)?.session;
          if (!blob) return null;
          try {
            const parsed = blueskySessionSchema.safeParse(JSON.parse(deps.keyring.decrypt(blob)));
            return parsed.success ? parsed.data : null;
          } catch {
            return null;
          }
        },
        save: (session) => deps.repo.saveSession(row.name, session ? deps.keyring.encrypt(JSON.stringify(session)) : null),
      });
  }
}
