/**
 * Publishing accounts managed in the app (`accounts.add/update/remove/test`), next to the ones
 * SURGE_CONFIG declares, which stay read-only here because the file would put them back at the
 * next start. Credentials are encrypted before they reach the store and never come back out:
 * the form only learns which credential fields are set.
 */
import type { AccountConfigView, AccountTestResult } from '../../shared/contract/campaigns.js';
import { ContractFailure, describeZodError } from '../../shared/contract/envelope.js';
import type { Keyring } from '../sources/secrets.js';
import { SourceError, type HttpClient } from '../sources/types.js';
import type { AccountRow, PublishingRepo } from '../store/publishing.js';
import { accountConfigSchema, accountView, SECRET_KEYS, storeAccount, type AccountConfig } from './accounts.js';
import { blueskySessionSchema } from './bluesky.js';
import { checkAnswer, postJson, readAnswer } from './outcome.js';

export interface AccountAdminDeps {
  repo: PublishingRepo;
  keyring: Keyring;
  http: HttpClient;
  now: () => number;
  /** After every stored change: refresh caches and tell the clients. */
  onChanged: (name: string) => void;
}

const fail = (code: 'bad_request' | 'not_found' | 'conflict', message: string): never => {
  throw new ContractFailure(code, message);
};

const FROM_FILE = 'comes from the config file (SURGE_CONFIG): change or remove it there';

/** The connector notes list no harmless call for these; we say so rather than guess one. */
const NOT_CHECKED: Record<'mastodon' | 'x', string> = {
  mastodon:
    'Not checked: no harmless check call for Mastodon (such as verify_credentials) is in our connector notes, so nothing was sent. The settings are valid; the first post will show whether the token works.',
  x: 'Not checked: no harmless check call for X (such as GET /2/users/me) is in our connector notes, so nothing was sent. The settings are valid; the first post will show whether the token works.',
};

export function createAccountAdmin(deps: AccountAdminDeps) {
  const { repo, keyring } = deps;
  const find = (name: string): AccountRow | undefined => repo.accounts().find((r) => r.name.toLowerCase() === name.toLowerCase());
  const secretsOf = (row: AccountRow): Record<string, string> => JSON.parse(keyring.decrypt(row.secrets)) as Record<string, string>;

  const view = (row: AccountRow): AccountConfigView => ({
    ...accountView(row),
    settings: row.settings,
    // Every network's schema requires its credential, so a stored account has all of them.
    secretsSet: SECRET_KEYS.filter((k) => k === (row.network === 'bluesky' ? 'appPassword' : 'token')),
  });

  const parse = (config: Record<string, unknown>): AccountConfig => {
    const parsed = accountConfigSchema.safeParse(config);
    if (!parsed.success) return fail('bad_request', `This account is not valid: ${describeZodError(parsed.error)}`);
    return parsed.data;
  };

  /** The form's fields over the stored ones; credential fields left empty keep their stored value, null clears a setting. */
  const merged = (row: AccountRow, config: Record<string, unknown>): Record<string, unknown> => {
    const typed = Object.fromEntries(
      Object.entries(config).filter(([k, v]) => !((SECRET_KEYS as readonly string[]).includes(k) && (v === '' || v === undefined))),
    );
    // null clears a stored optional setting (the form sends it for a field emptied on purpose).
    const all: Record<string, unknown> = { ...row.settings, ...secretsOf(row), ...typed, name: row.name };
    return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null));
  };

  const stored = (name: string): AccountConfigView => {
    const row = find(name);
    if (!row) return fail('not_found', `No publishing account named "${name}"`);
    return view(row);
  };

  async function check(config: AccountConfig): Promise<AccountTestResult> {
    if (config.type !== 'bluesky') return { ok: null, message: NOT_CHECKED[config.type], handle: null };
    // Signing in proves the handle and app password; the session is dropped (createSession is rate-limited, so tests are few).
    try {
      const res = await postJson(
        deps.http,
        `${config.service.replace(/\/+$/, '')}/xrpc/com.atproto.server.createSession`,
        {},
        { identifier: config.identifier, password: config.appPassword },
      );
      if (res.status === 401) return { ok: false, message: 'Bluesky did not accept the handle and app password (HTTP 401)', handle: null };
      checkAnswer(res, 'bluesky', deps.now());
      const session = readAnswer(res, 'bluesky', blueskySessionSchema, 'a session');
      return { ok: true, message: `Bluesky accepted the app password for ${session.handle}`, handle: session.handle };
    } catch (error) {
      const message = error instanceof SourceError ? error.message : 'Bluesky could not be reached';
      return { ok: false, message, handle: null };
    }
  }

  return {
    configs: (): AccountConfigView[] => repo.accounts().map(view),

    add(config: Record<string, unknown>): AccountConfigView {
      const account = parse(config);
      const clash = find(account.name);
      if (clash)
        fail('conflict', `There is already an account named "${clash.name}"${clash.origin === 'file' ? ' (from the config file)' : ''}`);
      storeAccount(repo, keyring, account, 'app', deps.now());
      deps.onChanged(account.name);
      return stored(account.name);
    },

    update(name: string, config: Record<string, unknown>): AccountConfigView {
      const row = find(name) ?? fail('not_found', `No publishing account named "${name}"`);
      if (row.origin === 'file') fail('conflict', `"${row.name}" ${FROM_FILE}`);
      if (typeof config.name === 'string' && config.name.trim() !== row.name) {
        fail('bad_request', 'An account cannot be renamed (posts refer to it by name): add a new account instead');
      }
      if (config.type !== undefined && config.type !== row.network) {
        fail('bad_request', `An account's network cannot change: add a new ${String(config.type)} account instead`);
      }
      const account = parse(merged(row, config));
      storeAccount(repo, keyring, account, 'app', deps.now());
      deps.onChanged(row.name);
      return stored(row.name);
    },

    remove(name: string): { removed: string } {
      const row = find(name) ?? fail('not_found', `No publishing account named "${name}"`);
      if (row.origin === 'file') fail('conflict', `"${row.name}" ${FROM_FILE}`);
      const open = repo.openPostsFor(row.name);
      if (open > 0) {
        fail(
          'conflict',
          `"${row.name}" cannot be removed: ${open} ${open === 1 ? 'post that has not gone out targets' : 'posts that have not gone out target'} it. Move ${open === 1 ? 'it' : 'them'} to another account or cancel ${open === 1 ? 'it' : 'them'} first.`,
        );
      }
      repo.removeAppAccount(row.name);
      deps.onChanged(row.name);
      return { removed: row.name };
    },

    /** With `config`: the form's settings (over the saved account's, when `name` is given); with only `name`: the saved account. */
    test(input: { config?: Record<string, unknown>; name?: string }): Promise<AccountTestResult> {
      const row = input.name !== undefined ? find(input.name) : undefined;
      if (input.name !== undefined && !row && !input.config) fail('not_found', `No publishing account named "${input.name}"`);
      const raw = row ? merged(row, input.config ?? {}) : (input.config ?? {});
      return check(parse(raw));
    },
  };
}
export type AccountAdmin = ReturnType<typeof createAccountAdmin>;
