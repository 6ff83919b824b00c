/**
 * Which sources run, and changing them while the engine runs. Sources come from the
 * SURGE_CONFIG file (read-only here: edit the file) and from the Sources view (stored, with
 * credentials encrypted by the keyring). With neither, the demo runs, so a fresh install is
 * alive with no credentials and no network; adding a real source stops it.
 */
import { ContractFailure } from '../../shared/contract/envelope.js';
import { GAPS_PER_SOURCE_MAX, type SourceConfigView, type SourceGaps } from '../../shared/contract/methods.js';
import { MINUTE_MS } from '../../shared/domain.js';
import { parseOneSourceConfig, SECRET_FIELDS, streamWanted, type SourceConfig } from './config.js';
import { createDemoAdapter } from './demo.js';
import type { Poller, SourceOptions } from './poller.js';
import { createAdapter } from './registry.js';
import type { Keyring } from './secrets.js';
import { SourceError, type HttpClient, type SourceAdapter } from './types.js';
import { isWebhookAdapter, type WebhookHandler, type WebhookInbox } from './webhook.js';
import { errorMeta, type Logger } from '../lib/log.js';

/**
 * The demo runs at real speed: on first start it backfills two days (so the chart has a
 * baseline and the detector is warm, as on an install that has been running), and the
 * outage surge began a few minutes before the app opened: the chart shows it rising at once
 * and the alert follows within minutes. The three-day loop brings the next surge three days
 * later; the previous one lies a day before the backfill (a surge in the warm-up day, at the
 * same hour, would teach the detector that this hour surges, and no alert would open).
 *
 * Two days, not one: the detector says nothing of a series' first day (its warm-up), so a
 * one-day backfill drew the band over the last hour only. With the warm-up day before the
 * 24 h range, the band a first look shows is the detector's own expectation across every range
 * up to 24 h. The cost is the first start's one backfill poll (measured in README).
 */
const DEMO_NAME = 'demo';
const DEMO_TIMELINE = {
  simMinutesPerSecond: 1 / 60,
  surgeStartMinute: 2880,
  loopMinutes: 4320,
  alignToClock: true,
  volumeScale: 6,
} as const;
const DEMO_SURGE_LEAD_MINUTES = 3;
/** The detector's warm-up (detectorConfig.warmupMinutes) plus the 24 h range; ~49k posts, under the cap. */
const DEMO_BACKFILL = { maxPosts: 80_000, maxAgeMs: (1440 + 1440) * MINUTE_MS };
// "Test" shows what the source answers, even if it is older than a first start would keep.
const TEST_BACKFILL = { maxPosts: 20, maxAgeMs: 7 * 1440 * MINUTE_MS };
const TEST_SAMPLE = 5;

type Origin = SourceConfigView['origin'];
interface Running {
  origin: Origin;
  config: SourceConfig | null;
}

/** What the hub sends back to a webhook sender. */
export interface WebhookReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A source as the Sources view stored it (secret fields encrypted by this manager). */
export interface StoredSourceConfig {
  name: string;
  type: string;
  config: Record<string, unknown>;
}

/** What the manager keeps in the store; main/store implements it, so sources never import the store. */
export interface SourceManagerStore {
  sourceConfigs: {
    list(): StoredSourceConfig[];
    save(entry: StoredSourceConfig, now: number): void;
    remove(name: string): boolean;
  };
  sourceState: { remove(name: string): void };
  webhookInbox: WebhookInbox;
  transaction<T>(fn: () => T): T;
}

export interface SourceManagerDeps {
  store: SourceManagerStore;
  poller: Poller;
  keyring: Keyring;
  http: HttpClient;
  now(): number;
  fileSources: readonly SourceConfig[];
  logger: Logger;
  onAdded(name: string): void;
  onRemoved(name: string): void;
  /** How a configured source becomes an adapter (the engine decodes in its source worker). */
  createAdapter?: (config: SourceConfig) => SourceAdapter;
}

const optionsFor = (config: SourceConfig): SourceOptions => ({
  intervalMs: config.intervalSeconds * 1000,
  backfill: { maxPosts: config.backfill.maxPosts, maxAgeMs: config.backfill.maxAgeMinutes * MINUTE_MS },
  paused: !config.enabled,
  stream: streamWanted(config),
});

function validate(raw: Record<string, unknown>): SourceConfig {
  const parsed = parseOneSourceConfig(raw);
  if (!parsed.ok) throw new ContractFailure('bad_request', parsed.errors.join('; '));
  return parsed.value;
}

export function createSourceManager(deps: SourceManagerDeps) {
  const running = new Map<string, Running>();
  const webhooks = new Map<string, WebhookHandler>();
  // Webhooks always get the store's durable inbox, whoever builds the other adapters.
  const adapterFor = (config: SourceConfig): SourceAdapter =>
    config.type === 'webhook' || !deps.createAdapter
      ? createAdapter(config, {}, { webhookInbox: deps.store.webhookInbox })
      : deps.createAdapter(config);

  const secretFields = (type: string): readonly string[] => SECRET_FIELDS[type as SourceConfig['type']] ?? [];

  const encryptSecrets = (config: SourceConfig): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...config };
    for (const field of secretFields(config.type)) {
      if (typeof out[field] === 'string') out[field] = deps.keyring.encrypt(out[field]);
    }
    return out;
  };
  const decryptSecrets = (stored: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...stored };
    for (const field of secretFields(String(stored.type))) {
      if (typeof out[field] === 'string') out[field] = deps.keyring.decrypt(out[field]);
    }
    return out;
  };

  const view = (name: string, entry: Running): SourceConfigView => {
    if (!entry.config) return { name, type: 'demo', origin: entry.origin, config: { type: 'demo', name }, secretsSet: [] };
    const config: Record<string, unknown> = { ...entry.config };
    const secretsSet: string[] = [];
    for (const field of secretFields(entry.config.type)) {
      if (config[field] !== undefined && config[field] !== null && config[field] !== '') secretsSet.push(field);
      delete config[field];
    }
    return { name, type: entry.config.type, origin: entry.origin, config, secretsSet };
  };

  const start = (name: string, adapter: SourceAdapter, origin: Origin, config: SourceConfig | null, options: SourceOptions): void => {
    deps.poller.add(adapter, options);
    running.set(name, { origin, config });
    if (isWebhookAdapter(adapter)) webhooks.set(name, adapter.handle);
    deps.onAdded(name);
  };

  const stop = (name: string): void => {
    deps.poller.remove(name);
    running.delete(name);
    webhooks.delete(name);
    deps.onRemoved(name);
  };

  const stopDemo = (): void => {
    if (running.get(DEMO_NAME)?.origin === 'demo') stop(DEMO_NAME);
  };

  const mustBeApp = (name: string): Running & { config: SourceConfig } => {
    const entry = running.get(name);
    if (!entry || !entry.config) throw new ContractFailure('not_found', `There is no source called ${name}.`);
    if (entry.origin === 'file') {
      throw new ContractFailure('conflict', `${name} is defined in the SURGE_CONFIG file; change it there and restart the hub.`);
    }
    return entry as Running & { config: SourceConfig };
  };

  return {
    /** Starts the file's and the stored sources, or the demo when there are none. */
    load(): void {
      for (const config of deps.fileSources) start(config.name, adapterFor(config), 'file', config, optionsFor(config));
      for (const stored of deps.store.sourceConfigs.list()) {
        if (running.has(stored.name)) continue;
        try {
          const config = validate(decryptSecrets(stored.config));
          start(config.name, adapterFor(config), 'app', config, optionsFor(config));
        } catch (error) {
          // A damaged entry must not keep the rest from running.
          deps.logger.log('error', 'A stored source could not be loaded', { source: stored.name, ...errorMeta(error) });
        }
      }
      if (running.size === 0) {
        const adapter = createDemoAdapter({
          name: DEMO_NAME,
          ...DEMO_TIMELINE,
          startAt: deps.now() - (DEMO_TIMELINE.surgeStartMinute + DEMO_SURGE_LEAD_MINUTES) * MINUTE_MS,
        });
        start(DEMO_NAME, adapter, 'demo', null, { intervalMs: 2000, isDemo: true, backfill: DEMO_BACKFILL });
      }
    },
    names: (): string[] => [...running.keys()],
    isDemo: (): boolean => running.size === 1 && running.get(DEMO_NAME)?.origin === 'demo',
    /**
     * An inbound webhook delivery. The handler answers 202 only once the delivery is in the
     * durable inbox; the poller drains it into the store. A paused source keeps its
     * deliveries until it resumes.
     */
    receiveWebhook(name: string, headers: Record<string, string | undefined>, rawBody: string): WebhookReply {
      const handler = webhooks.get(name);
      if (!handler) return { status: 404, body: { ok: false, error: `No webhook source is called ${name}.` } };
      const result = handler(headers, rawBody, deps.now());
      if (result.problem !== undefined)
        deps.logger.log('error', 'A webhook delivery could not be stored', { source: name, ...errorMeta(result.problem) });
      if (result.status === 202 && result.posts.length > 0 && deps.poller.status(name).health !== 'paused') void deps.poller.pollNow(name);
      return { status: result.status, body: result.body, ...(result.headers ? { headers: result.headers } : {}) };
    },
    views: (): SourceConfigView[] => [...running].map(([name, entry]) => view(name, entry)),

    /** Gaps still open or ended at or after `sinceMs`, for one source or all, newest kept when capped. */
    gaps(sinceMs: number, source?: string): SourceGaps[] {
      if (source !== undefined && !running.has(source)) throw new ContractFailure('not_found', `There is no source called ${source}.`);
      const names = source === undefined ? [...running.keys()] : [source];
      return names.map((name) => ({
        source: name,
        gaps: deps.poller
          .gaps(name)
          .filter((gap) => gap.end === null || gap.end >= sinceMs)
          .slice(-GAPS_PER_SOURCE_MAX),
      }));
    },

    add(raw: Record<string, unknown>): SourceConfigView {
      const config = validate(raw);
      if (running.has(config.name) && running.get(config.name)?.origin !== 'demo') {
        throw new ContractFailure('conflict', `A source called ${config.name} already exists; pick another name.`);
      }
      const adapter = adapterFor(config);
      deps.store.sourceConfigs.save({ name: config.name, type: config.type, config: encryptSecrets(config) }, deps.now());
      stopDemo();
      start(config.name, adapter, 'app', config, optionsFor(config));
      return view(config.name, running.get(config.name)!);
    },

    update(name: string, raw: Record<string, unknown>): SourceConfigView {
      const current = mustBeApp(name);
      if (raw.name !== undefined && raw.name !== name)
        throw new ContractFailure('bad_request', 'A source cannot be renamed; add a new one instead.');
      const merged: Record<string, unknown> = { ...raw, name };
      // Credentials are never sent to the window, so an empty field means "keep what is stored".
      for (const field of secretFields(current.config.type)) {
        const given = merged[field];
        if ((given === undefined || given === '') && raw.type === current.config.type) {
          merged[field] = (current.config as Record<string, unknown>)[field];
        }
      }
      const config = validate(merged);
      const adapter = adapterFor(config);
      deps.store.sourceConfigs.save({ name, type: config.type, config: encryptSecrets(config) }, deps.now());
      // A restart, not a removal: clients keep the row and see its new status.
      deps.poller.remove(name);
      webhooks.delete(name);
      start(name, adapter, 'app', config, optionsFor(config));
      return view(name, running.get(name)!);
    },

    remove(name: string): void {
      mustBeApp(name);
      stop(name);
      deps.store.transaction(() => {
        deps.store.sourceConfigs.remove(name);
        deps.store.sourceState.remove(name);
      });
    },

    setPaused(name: string, paused: boolean) {
      const entry = running.get(name);
      if (!entry) throw new ContractFailure('not_found', `There is no source called ${name}.`);
      if (paused) deps.poller.pause(name);
      else deps.poller.resume(name);
      if (entry.origin === 'app' && entry.config) {
        entry.config = { ...entry.config, enabled: !paused };
        deps.store.sourceConfigs.save({ name, type: entry.config.type, config: encryptSecrets(entry.config) }, deps.now());
      }
      return deps.poller.status(name);
    },

    /** One fetch with these settings; nothing is stored and no cursor moves. */
    async test(input: { config: Record<string, unknown> } | { name: string }) {
      const started = deps.now();
      let config: SourceConfig;
      if ('name' in input) {
        const entry = running.get(input.name);
        if (!entry) throw new ContractFailure('not_found', `There is no source called ${input.name}.`);
        if (!entry.config) return { ok: true, fetched: 0, incidents: 0, sample: [], error: null, elapsedMs: 0 };
        config = entry.config;
      } else {
        const existing = typeof input.config.name === 'string' ? running.get(input.config.name) : undefined;
        const merged = { ...input.config };
        if (existing?.config && existing.origin === 'app' && merged.type === existing.config.type) {
          for (const field of secretFields(existing.config.type)) {
            if (merged[field] === undefined || merged[field] === '') merged[field] = (existing.config as Record<string, unknown>)[field];
          }
        }
        config = validate(merged);
      }
      try {
        const result = await createAdapter(config).poll({ http: deps.http, now: deps.now, cursor: null, backfill: TEST_BACKFILL });
        return {
          ok: true,
          fetched: result.posts.length,
          incidents: result.incidents?.length ?? 0,
          sample: result.posts
            .slice(0, TEST_SAMPLE)
            .map((p) => ({ author: p.author, text: p.text.slice(0, 500), url: p.url, createdAt: p.createdAt })),
          error: null,
          elapsedMs: Math.round(deps.now() - started),
        };
      } catch (error) {
        const message = error instanceof SourceError ? error.message : 'The test failed unexpectedly; the engine log has details.';
        return { ok: false, fetched: 0, incidents: 0, sample: [], error: message, elapsedMs: Math.round(deps.now() - started) };
      }
    },
  };
}

export type SourceManager = ReturnType<typeof createSourceManager>;
