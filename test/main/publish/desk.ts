/**
 * A publishing desk for tests: the real store (in memory or a file), post and incident
 * services, scheduler and dispatcher, with a fake clock and fake publishers, no engine around
 * them. Fast enough for property tests with thousands of runs.
 */
import type { CallContext, Handlers } from '../../../shared/contract/handlers.js';
import type { MethodInput, MethodName, MethodOutput, EventName } from '../../../shared/contract/methods.js';
import type { Role } from '../../../shared/domain.js';
import { createDispatcher } from '../../../main/core/dispatch.js';
import { createIncidentService } from '../../../main/incidents/service.js';
import { incidentHandlers } from '../../../main/incidents/handlers.js';
import { silentLogger } from '../../../main/lib/log.js';
import { accountView, publisherFor, storeFileAccounts, type AccountConfig } from '../../../main/publish/accounts.js';
import type { HttpClient } from '../../../main/sources/types.js';
import { createAccountAdmin } from '../../../main/publish/accountAdmin.js';
import { campaignsHandlers } from '../../../main/publish/handlers.js';
import { createPostService } from '../../../main/publish/posts.js';
import { createScheduler } from '../../../main/publish/scheduler.js';
import type { Publisher } from '../../../main/publish/types.js';
import type { Keyring } from '../../../main/sources/secrets.js';
import { createStore } from '../../../main/store/index.js';
import type { Clock } from '../../../main/lib/clock.js';
import { FakeClock } from '../../fixtures/fakes/clock.js';

/** Reversible, not secret: the tests check that credentials are not stored in the clear. */
export const testKeyring: Keyring = {
  kind: 'file',
  encrypt: (plain) => `sdk1:${Buffer.from(plain).toString('base64')}`,
  decrypt: (blob) => Buffer.from(blob.slice(5), 'base64').toString('utf8'),
};

export const ACCOUNTS: AccountConfig[] = [
  { type: 'mastodon', name: 'brand-m', baseUrl: 'http://127.0.0.1:9', token: 'tok-m', visibility: 'public' },
  { type: 'bluesky', name: 'brand-b', identifier: 'brand.example', appPassword: 'app-pw', service: 'http://127.0.0.1:9', langs: [] },
  { type: 'x', name: 'brand-x', token: 'tok-x', baseUrl: 'http://127.0.0.1:9' },
];

export const who = (name: string, ...roles: Role[]): CallContext => ({
  role: roles[0] ?? null,
  roles,
  userId: name === 'nobody' ? null : `u-${name}`,
  username: name === 'nobody' ? null : name,
  transport: 'websocket',
});
export const SAM = who('sam', 'social');
export const SUE = who('sue', 'social');
export const ADA = who('ada', 'admin');
export const OTTO = who('otto', 'operator');
export const LEE = who('lee', 'lead');

export interface DeskOptions {
  file?: string;
  start?: number;
  publisher?: (account: string) => Publisher | null;
  /** Real publishers (against fakes) through this client, when `publisher` is not given. */
  http?: HttpClient;
  lateMs?: number;
  maxAttempts?: number;
  tickMs?: number;
  accounts?: AccountConfig[];
}

export function openDesk(options: DeskOptions = {}, clock = new FakeClock(options.start ?? Date.UTC(2027, 0, 4, 9, 0))) {
  const store = createStore(options.file ?? ':memory:');
  const now = () => clock.now();
  storeFileAccounts(store.publishing, testKeyring, options.accounts ?? ACCOUNTS, now());
  let accountRows = store.publishing.accounts();
  const accounts = () => accountRows;
  const events: Array<{ event: EventName; data: unknown }> = [];
  const emit = (event: EventName, data: unknown) => void events.push({ event, data });
  function realPublishers() {
    const made = new Map<string, Publisher>();
    return (name: string): Publisher | null => {
      const row = accountRows.find((a) => a.name === name);
      if (!row || !options.http) return null;
      const publisher = made.get(name) ?? publisherFor(row, { repo: store.publishing, keyring: testKeyring, http: options.http, now });
      made.set(name, publisher);
      return publisher;
    };
  }
  const posts = createPostService({ store, now, emit, accounts });
  const incidents = createIncidentService({ store, posts, now, emit, accounts, logger: silentLogger });
  const scheduler = createScheduler({
    store,
    clock,
    logger: silentLogger,
    publisher: options.publisher ?? realPublishers(),
    onChanged: () => undefined,
    ...(options.lateMs !== undefined ? { lateMs: options.lateMs } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
  });
  const accountAdmin = createAccountAdmin({
    repo: store.publishing,
    keyring: testKeyring,
    http: options.http ?? { request: () => Promise.reject(new Error('this desk has no network')) },
    now,
    onChanged() {
      accountRows = store.publishing.accounts();
      emit('accounts.changed', { accounts: accounts().map(accountView) });
    },
  });
  const handlers = { ...campaignsHandlers(posts, accounts, accountAdmin), ...incidentHandlers(incidents) } as unknown as Handlers;
  const dispatch = createDispatcher(handlers, silentLogger, {
    transaction: store.durableTransaction,
    recordAudit: store.audit.record,
    now,
  });

  async function call<M extends MethodName>(method: M, input: MethodInput<M>, ctx: CallContext): Promise<MethodOutput<M>> {
    const answer = await dispatch(method, input, ctx);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    return answer.value as MethodOutput<M>;
  }

  /** A wall time `minutes` from now in UTC, as the editor sends it. */
  const inMinutes = (minutes: number, zone = 'UTC') => ({
    localTime: new Date(now() + minutes * 60_000).toISOString().slice(0, 19),
    zone,
  });

  /** Writes, submits (sam) and approves (sue) a post due in `minutes`. */
  async function scheduled(minutes: number, accountNames: string[] = ['brand-m'], extra: { campaignId?: number; text?: string } = {}) {
    const draft = await call(
      'scheduled.create',
      {
        text: extra.text ?? `post due in ${minutes} min`,
        accounts: accountNames,
        at: inMinutes(minutes),
        submit: true,
        ...(extra.campaignId ? { campaignId: extra.campaignId } : {}),
      },
      SAM,
    );
    return call('scheduled.approve', { id: draft.id }, SUE);
  }

  return { store, clock, events, posts, incidents, scheduler, dispatch, call, inMinutes, scheduled, close: () => store.close() };
}

export type Desk = ReturnType<typeof openDesk>;

/** A publisher that records each send and answers as told (default: sent). */
export function recordingPublisher(answer?: (account: string, key: string, attempt: number) => Awaited<ReturnType<Publisher['send']>>) {
  const sends: Array<{ account: string; key: string; text: string; attempt: number }> = [];
  const make = (account: string): Publisher => ({
    send: ({ text, key, attempt }) => {
      sends.push({ account, key, text, attempt });
      return Promise.resolve(answer?.(account, key, attempt) ?? { kind: 'sent', remoteId: `r-${key}`, remoteUrl: null });
    },
  });
  return { sends, publisher: make };
}

/** A clock a property test sets directly (no timers), so one desk can serve every run. */
export const settableClock = (t: number): Clock & { t: number } => ({
  t,
  now() {
    return this.t;
  },
  setTimeout: () => 0,
  clearTimeout: () => undefined,
});

/** Empties posts, campaigns and the gate between runs: opening a store per run would dominate the time. */
export const emptyPublishing = (desk: Desk) =>
  desk.store.db.exec(
    'DELETE FROM deliveries; DELETE FROM scheduled_posts; DELETE FROM campaigns; UPDATE incident_state SET active = 0, scope = \'{"kind":"everything"}\', release = NULL',
  );
