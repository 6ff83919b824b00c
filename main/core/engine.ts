/**
 * The composition root: builds store, sources, ingest, detection and the contract handlers
 * from one options object. No electron import here or below: the desktop shell and the hub
 * both call createEngine and differ only in the transport they bind.
 */
import { join } from 'node:path';
import { events, isEventName } from '../../shared/contract/methods.js';
import { seriesKey, type SourceStatus } from '../../shared/domain.js';
import { createIngestPipeline, type Enricher } from '../ingest/pipeline.js';
import { createSourceWorkerHost } from '../ingest/worker/host.js';
import { createHttpClient } from '../sources/http.js';
import { Poller, systemClock, type PersistedSourceState, type PollerClock } from '../sources/poller.js';
import type { HttpClient } from '../sources/types.js';
import { createStore, type Store } from '../store/index.js';
import { createDispatcher } from './dispatch.js';
import type { Engine, EventListener } from './engineTypes.js';
import { createHandlers } from './handlers.js';
import { errorMeta, silentLogger, type Logger } from './log.js';
import { createEngineMetrics } from './engineMetrics.js';
import { createSourceManager, type SourceManager } from './sourceManager.js';
import { createFileKeyring, type Keyring } from '../sources/secrets.js';
import { createVolumeTicker } from './ticker.js';
import { createDetectionService } from './detection.js';
import { createDefaultEnricher } from './enrichment.js';
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
  clock?: PollerClock;
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
  /** Terms that get their own volume series and detector (lower-case, as the tokenizer emits them). */
  watchTerms?: string[];
}

export interface EngineInternals extends Engine {
  store: Store;
  poller: Poller;
  sources: SourceManager;
  detection: ReturnType<typeof createDetectionService>;
  metricsText(): string;
  health(): Record<string, unknown>;
  webhook(name: string, headers: Record<string, string | undefined>, rawBody: string): { status: number; body: unknown; headers?: Record<string, string> };
}

export function createEngine(options: EngineOptions): EngineInternals {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const store = createStore(options.dbFile ?? join(options.dataDir, 'surge.db'), {
    ...(options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {}),
  });
  const listeners = new Set<EventListener>();

  const emit = (event: string, data: unknown): void => {
    if (!isEventName(event)) return;
    // Events are checked against the contract before they leave, like method outputs.
    const parsed = events[event].safeParse(data);
    if (!parsed.success) {
      logger.log('error', 'Dropped an event outside the contract', { event });
      return;
    }
    for (const listener of listeners) {
      try {
        listener(event, parsed.data);
      } catch (error) {
        logger.log('warn', 'An event listener failed', { event, ...errorMeta(error) });
      }
    }
  };

  const metrics = createEngineMetrics(store);
  const ticker = createVolumeTicker((tick) => emit('volume.tick', tick), () => clock.now());
  const watchTerms = options.watchTerms ?? [];
  const watchedTermSet = new Set(watchTerms);
  const detection = createDetectionService({
    store,
    now: () => clock.now(),
    logger,
    onAlert: (alert) => emit('alerts.changed', alert),
    // With one source its series is the total; watching both would page twice for one surge.
    watchedSeries: () => [
      ...(sources.names().length > 1 ? sources.names().map((name) => seriesKey.source(name)) : []),
      ...watchTerms.map((t) => seriesKey.term(t)),
    ],
  });
  const sourceWorker = (options.sourceWorker ?? options.enrich === undefined) ? createSourceWorkerHost({ logger }) : null;
  const enrich = options.enrich ?? createDefaultEnricher();
  const pipeline = createIngestPipeline({
    store,
    enrich: sourceWorker ? sourceWorker.enricher(enrich) : enrich,
    tracksTerm: (term) => watchedTermSet.has(term),
    onIngested: (result) => {
      ticker.add(result.increments);
      metrics.countInserted(result.inserted);
      detection.observePosts(result.inserted);
      detection.noteIncrements(result.increments);
    },
  });

  const statuses = new Map<string, SourceStatus>();
  const http = options.http ?? createHttpClient({ userAgent: `SurgeDesk/${options.version}` });
  const poller = new Poller(
    {
      clock,
      http,
      sink: (posts) => ({ inserted: pipeline.ingest(posts).inserted.length }),
      incidentSink: (incidents) => store.incidents.upsertMany(incidents),
      stateStore: {
        load: (name) => store.sourceState.load(name) as PersistedSourceState | null,
        save: (name, state) => store.sourceState.save(name, state, clock.now()),
      },
      onStatus: (status) => {
        statuses.set(status.name, status);
        metrics.sourceStatus(status);
        emit('sources.status', status);
      },
      log: (level, message, meta) => logger.log(level, message, meta),
    },
    {},
  );
  const sources = createSourceManager({
    store,
    poller,
    http,
    keyring: options.keyring ?? createFileKeyring(options.dataDir),
    now: () => clock.now(),
    fileSources: options.sources ?? [],
    logger,
    ...(sourceWorker ? { createAdapter: (config: SourceConfig) => sourceWorker.adapter(config) } : {}),
    onAdded: (name) => {
      metrics.touchSource(name);
    },
    onRemoved: (name) => {
      statuses.delete(name);
      metrics.forgetSource(name);
      emit('sources.removed', { name });
    },
  });
  sources.load();

  const dispatch = createDispatcher(
    createHandlers({
      store,
      poller,
      detection,
      sources,
      version: options.version,
      startedAt,
      now: () => clock.now(),
      flushVolume: () => ticker.flush(),
    }),
    { error: (message, error) => logger.log('error', message, errorMeta(error)) },
    { transaction: store.transaction, recordAudit: store.audit.record, now: () => clock.now() },
  );

  let tickTimer: ReturnType<typeof setInterval> | null = null;
  let stopped: Promise<void> | null = null;

  return {
    store,
    poller,
    sources,
    dispatch,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (tickTimer || stopped) return;
      detection.warmTerms();
      poller.start();
      tickTimer = setInterval(() => {
        ticker.flush();
        detection.tick();
      }, options.tickMs ?? 1000);
      tickTimer.unref?.();
      logger.log('info', 'Engine started', { sources: sources.names(), demo: sources.isDemo() });
    },
    detection,
    stop() {
      stopped ??= (async () => {
        if (tickTimer) clearInterval(tickTimer);
        tickTimer = null;
        await poller.stop();
        await sourceWorker?.stop();
        ticker.flush();
        listeners.clear();
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
      sources: [...statuses.values()].map((s) => ({ name: s.name, health: s.health })),
    }),
    webhook(name, headers, rawBody) {
      const handler = sources.webhook(name);
      if (!handler) return { status: 404, body: { ok: false, error: `No webhook source is called ${name}.` } };
      // The handler answers 202 only once the delivery is in the durable inbox; the poller
      // drains it into the store. A paused source keeps its deliveries until it resumes.
      const result = handler(headers, rawBody, clock.now());
      if (result.problem !== undefined) logger.log('error', 'A webhook delivery could not be stored', { source: name, ...errorMeta(result.problem) });
      if (result.status === 202 && result.posts.length > 0 && poller.status(name).health !== 'paused') void poller.pollNow(name);
      return { status: result.status, body: result.body, ...(result.headers ? { headers: result.headers } : {}) };
    },
  };
}
