/**
 * The composition root: builds store, sources, ingest, detection and the contract handlers
 * from one options object. No electron import here or below: the desktop shell and the hub
 * both call createEngine and differ only in the transport they bind.
 */
import { join } from 'node:path';
import { seriesKey, type Alert } from '../../shared/domain.js';
import { createIngestPipeline, type Enricher } from '../ingest/pipeline.js';
import { createSourceWorkerHost } from '../ingest/worker/host.js';
import { createHttpClient } from '../sources/http.js';
import { Poller, type PersistedSourceState } from '../sources/poller.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { HttpClient } from '../sources/types.js';
import { createStore, type Store } from '../store/index.js';
import { createDispatcher } from './dispatch.js';
import type { Engine } from './engineTypes.js';
import { createEventBus } from './events.js';
import { createAccessTokens, type AccessTokens } from '../auth/accessTokens.js';
import { createAuthService, type AuthService } from '../auth/service.js';
import { teamHandlers } from '../auth/handlers.js';
import type { PasswordHasher } from '../auth/passwords.js';
import type { LoginLimits } from '../auth/loginLimiter.js';
import type { WebhookReply } from '../sources/manager.js';
import { systemHandlers } from './handlers.js';
import { volumeHandlers } from '../ingest/handlers.js';
import { sourcesHandlers } from '../sources/handlers.js';
import { alertsHandlers } from '../alerts/handlers.js';
import { campaignsHandlers } from '../publish/handlers.js';
import { incidentHandlers } from '../incidents/handlers.js';
import { createIncidentService } from '../incidents/service.js';
import { createPostService } from '../publish/posts.js';
import { createScheduler } from '../publish/scheduler.js';
import { accountView, publisherFor, storeFileAccounts, type AccountConfig } from '../publish/accounts.js';
import { createAccountAdmin } from '../publish/accountAdmin.js';
import type { Publisher } from '../publish/types.js';
import { boardHandlers } from '../board/handlers.js';
import { createBoardService, type BoardService } from '../board/service.js';
import { silentLogger, type Logger } from '../lib/log.js';
import { createEngineMetrics } from './engineMetrics.js';
import { createSourceManager, type SourceManager } from '../sources/manager.js';
import { createFileKeyring, type Keyring } from '../sources/secrets.js';
import { createVolumeTicker } from '../ingest/volumeTicker.js';
import { createDetectionService } from '../alerts/service.js';
import { createWatchedTerms } from '../alerts/watchTerms.js';
import { createOutbound } from '../alerts/outbound.js';
import { createDefaultEnricher } from '../ingest/enrich.js';
import type { SourceConfig } from '../sources/config.js';

export interface EngineOptions {
  /** Folder for the database and key file. */
  dataDir: string;
  /** Defaults to `<dataDir>/surge.db`; ':memory:' for tests. */
  dbFile?: string;
  /** Configured sources; when empty the demo source runs. */
  sources?: SourceConfig[];
  version: string;
  /** better-sqlite3 binary built for Electron, when the engine runs inside Electron. */
  sqliteNativeBinding?: string;
  clock?: Clock;
  http?: HttpClient;
  logger?: Logger;
  /** Replaces the default enrichment; sources are then decoded in place (the worker has only the default). */
  enrich?: Enricher;
  /**
   * Decode and enrich polled pages in a worker thread, so this thread only stores them (and
   * the window stays responsive in a surge). Default: on, unless `enrich` is replaced.
   */
  sourceWorker?: boolean;
  /** How often folded volume is pushed to clients and settled minutes are checked for alerts. */
  tickMs?: number;
  /** Encrypts stored credentials; defaults to a 0600 key file in the data folder. */
  keyring?: Keyring;
  /** Seeds the watched terms (own volume series and detector) until an admin saves a list in the app. */
  watchTerms?: string[];
  /** Replaces Argon2id (tests that need many cheap hashes); never in production. */
  passwordHasher?: PasswordHasher;
  loginLimits?: LoginLimits;
  /** Publishing accounts from SURGE_CONFIG (credentials are stored encrypted). */
  accounts?: AccountConfig[];
  /** The campaign scheduler: how often it looks for due posts, how late a post may still go out, attempts per account. */
  publishing?: { tickMs?: number; lateMs?: number; maxAttempts?: number };
  /** Replaces the network publishers (tests). */
  publisherFor?: (account: string) => Publisher | null;
}

export interface EngineInternals extends Engine {
  store: Store;
  scheduler: ReturnType<typeof createScheduler>;
  incidents: ReturnType<typeof createIncidentService>;
  poller: Poller;
  sources: SourceManager;
  detection: ReturnType<typeof createDetectionService>;
  board: BoardService;
  metricsText(): string;
  health(): Record<string, unknown>;
  /** Hub access tokens: the first-start admin token and the per-connection check. */
  accessTokens: AccessTokens;
  /** Users, sessions, invites: who each hub call is (resolved afresh per call). */
  auth: AuthService;
  webhook(name: string, headers: Record<string, string | undefined>, rawBody: string): WebhookReply;
}

export function createEngine(options: EngineOptions): EngineInternals {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const store = createStore(options.dbFile ?? join(options.dataDir, 'surge.db'), {
    ...(options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {}),
    logger,
    now: () => clock.now(),
  });
  const bus = createEventBus(logger);
  const emit = bus.emit;

  // Source health is read from the poller at scrape time: the poller is the one status cache.
  const metrics = createEngineMetrics(store, () => poller.statuses());
  const ticker = createVolumeTicker(
    (tick) => emit('volume.tick', tick),
    () => clock.now(),
  );
  const watchedTerms = createWatchedTerms(store.settings, options.watchTerms ?? []);
  const keyring = options.keyring ?? createFileKeyring(options.dataDir);
  const outbound = createOutbound({ store, keyring, now: () => clock.now(), logger });
  const alertChanged = (alert: Alert) => {
    emit('alerts.changed', alert);
    outbound.onAlert(alert);
  };
  const detection = createDetectionService({
    store,
    now: () => clock.now(),
    logger,
    onAlert: (alert) => {
      alertChanged(alert);
      // Drills never suggest incident mode: they run through their own path (the handlers' onAlert).
      incidents.onAlert(alert);
    },
    // With one source its series is the total; watching both would page twice for one surge.
    watchedSeries: () => [
      ...(sources.names().length > 1 ? sources.names().map((name) => seriesKey.source(name)) : []),
      ...watchedTerms.list().map((t) => seriesKey.term(t)),
    ],
    onSeriesReplaced: (series) => {
      ticker.replace(series);
      ticker.flush();
    },
  });
  const sourceWorker = (options.sourceWorker ?? options.enrich === undefined) ? createSourceWorkerHost({ logger }) : null;
  const enrich = options.enrich ?? createDefaultEnricher();
  const pipeline = createIngestPipeline({
    store,
    enrich: sourceWorker ? sourceWorker.enricher(enrich) : enrich,
    tracksTerm: watchedTerms.tracksWord,
    inText: watchedTerms.inText,
    onIngested: (result) => {
      ticker.add(result.increments);
      metrics.countInserted(result.inserted);
      detection.observePosts(result.inserted);
      detection.noteIncrements(result.increments);
    },
  });

  const http = options.http ?? createHttpClient({ userAgent: `SurgeDesk/${options.version}` });
  const poller = new Poller(
    {
      clock,
      http,
      sink: (posts) => {
        const stored = pipeline.ingest(posts).inserted;
        return { inserted: stored.length, insertedCreatedAt: stored.map((p) => p.createdAt) };
      },
      incidentSink: (incidents) => store.incidents.upsertMany(incidents),
      stateStore: {
        load: (name) => store.sourceState.load(name) as PersistedSourceState | null,
        save: (name, state) => store.sourceState.save(name, state, clock.now()),
      },
      onStatus: (status) => emit('sources.status', status),
      logger,
    },
    {},
  );
  const sources = createSourceManager({
    store,
    poller,
    http,
    keyring,
    now: () => clock.now(),
    fileSources: options.sources ?? [],
    logger,
    ...(sourceWorker ? { createAdapter: (config: SourceConfig) => sourceWorker.adapter(config) } : {}),
    onAdded: (name) => {
      metrics.touchSource(name);
    },
    onRemoved: (name) => {
      emit('sources.removed', { name });
    },
  });
  sources.load();

  storeFileAccounts(store.publishing, keyring, options.accounts ?? [], clock.now());
  let accountRows = store.publishing.accounts();
  const accounts = () => accountRows;
  const posts = createPostService({ store, now: () => clock.now(), emit, accounts });
  const incidents = createIncidentService({ store, posts, now: () => clock.now(), emit, accounts, logger });
  const publishers = new Map<string, Publisher>();
  const accountAdmin = createAccountAdmin({
    repo: store.publishing,
    keyring,
    http,
    now: () => clock.now(),
    onChanged(name) {
      accountRows = store.publishing.accounts();
      // The next send builds its publisher from the new credentials.
      publishers.delete(name);
      emit('accounts.changed', { accounts: accountRows.map(accountView) });
    },
  });
  const scheduler = createScheduler({
    store,
    clock,
    logger,
    ...(options.publishing?.tickMs !== undefined ? { tickMs: options.publishing.tickMs } : {}),
    ...(options.publishing?.lateMs !== undefined ? { lateMs: options.publishing.lateMs } : {}),
    ...(options.publishing?.maxAttempts !== undefined ? { maxAttempts: options.publishing.maxAttempts } : {}),
    publisher(name) {
      if (options.publisherFor) return options.publisherFor(name);
      const cached = publishers.get(name);
      if (cached) return cached;
      accountRows = store.publishing.accounts();
      const row = accountRows.find((a) => a.name === name);
      if (!row) return null;
      const made = publisherFor(row, { repo: store.publishing, keyring, http, now: () => clock.now() });
      publishers.set(name, made);
      return made;
    },
    onChanged: (ids) => posts.announce(ids),
    onSent: (network) => metrics.countPublished(network),
  });

  const auth = createAuthService({
    store,
    now: () => clock.now(),
    logger,
    ...(options.passwordHasher ? { hasher: options.passwordHasher } : {}),
    ...(options.loginLimits ? { limits: options.loginLimits } : {}),
  });

  const board = createBoardService({ store, clock, emit, logger });

  const dispatch = createDispatcher(
    {
      ...systemHandlers({ version: options.version, startedAt, isDemo: () => sources.isDemo() }),
      ...volumeHandlers({ store, flushVolume: () => ticker.flush() }),
      ...sourcesHandlers({ poller, sources, now: () => clock.now() }),
      ...alertsHandlers({
        store,
        detection,
        now: () => clock.now(),
        onAlert: alertChanged,
        terms: watchedTerms,
        onTermsChanged: (terms) => emit('terms.changed', terms),
        outbound,
      }),
      ...teamHandlers(auth),
      ...campaignsHandlers(posts, accounts, accountAdmin),
      ...incidentHandlers(incidents),
      ...boardHandlers(board),
    },
    logger,
    // Durable: an audited change (entering incident mode above all) is fsynced before it is confirmed.
    { transaction: store.durableTransaction, recordAudit: store.audit.record, now: () => clock.now() },
  );

  let tickTimer: ReturnType<typeof setInterval> | null = null;
  let stopped: Promise<void> | null = null;

  return {
    store,
    scheduler,
    incidents,
    poller,
    sources,
    dispatch,
    onEvent: (listener) => bus.subscribe(listener),
    start() {
      if (tickTimer || stopped) return;
      detection.warmTerms();
      poller.start();
      scheduler.start();
      // Whoever listens from the start (the desktop tray) learns whether incident mode is on.
      queueMicrotask(() => emit('incident.changed', incidents.status()));
      board.start();
      tickTimer = setInterval(() => {
        // Detection first: the band of a minute that just settled goes out on this second's tick.
        ticker.addBands(detection.tick());
        ticker.flush();
        incidents.remind();
      }, options.tickMs ?? 1000);
      tickTimer.unref?.();
      logger.log('info', 'Engine started', { sources: sources.names(), demo: sources.isDemo() });
    },
    detection,
    board,
    connectionClosed: (connectionId) => board.connectionClosed(connectionId),
    stop() {
      stopped ??= (async () => {
        if (tickTimer) clearInterval(tickTimer);
        tickTimer = null;
        await scheduler.stop();
        board.stop();
        await poller.stop();
        await sourceWorker?.stop();
        ticker.flush();
        bus.clear();
        store.close();
        logger.log('info', 'Engine stopped; database closed');
      })();
      return stopped;
    },
    metricsText: () => metrics.render(),
    health: () => ({
      version: options.version,
      uptimeSeconds: Math.round((clock.now() - startedAt) / 1000),
      demo: sources.isDemo(),
      posts: store.postsRead.count(),
      sources: poller.statuses().map((s) => ({ name: s.name, health: s.health })),
    }),
    accessTokens: createAccessTokens({ store, now: () => clock.now() }),
    auth,
    webhook: (name, headers, rawBody) => sources.receiveWebhook(name, headers, rawBody),
  };
}
