/**
 * Outbound alert notifications: Slack incoming webhooks and generic JSON webhooks, configured
 * by an admin. The same rule as every other notification decides when (shared/alertNotice);
 * each target has a minimum severity. A delivery is retried with backoff on network errors,
 * 429 and 5xx; other answers are final. The URL is a secret (it is the credential), stored
 * encrypted with the sources' keyring and shown only as its origin.
 */
import { ContractFailure } from '../../shared/contract/envelope.js';
import { createAnnouncer, noticeText, type NoticeKind } from '../../shared/alertNotice.js';
import { isDrillSeries, type Alert, type Severity } from '../../shared/domain.js';
import { errorMeta, type Logger } from '../lib/log.js';
import type { Keyring } from '../sources/secrets.js';
import type { Store } from '../store/index.js';
import type { StoredNotifyTarget } from '../store/notifyTargets.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
const DEFAULT_BACKOFF_MS = [1_000, 5_000, 20_000];
const TIMEOUT_MS = 10_000;

export interface Delivery {
  at: number;
  ok: boolean;
  /** Plain words: "delivered (200)", "failed after 4 tries: 500". */
  detail: string;
}

export interface TargetView {
  name: string;
  kind: 'slack' | 'json';
  minSeverity: Severity;
  enabled: boolean;
  /** Where it goes, without the secret path. */
  urlHint: string;
  last: Delivery | null;
}

export interface OutboundDeps {
  store: Pick<Store, 'notifyTargets' | 'alertsRead'>;
  keyring: Keyring;
  now(): number;
  logger: Logger;
  /** One POST; defaults to fetch. Answers the HTTP status, throws on network failure. */
  post?(url: string, body: string): Promise<number>;
  sleep?(ms: number): Promise<void>;
  backoffMs?: readonly number[];
}

/** https anywhere; plain http only to this machine (a local relay, the tests' receiver). */
export function checkTargetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ContractFailure('bad_request', 'The webhook URL is not a valid address.');
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new ContractFailure('bad_request', 'The webhook URL must start with https:// (plain http only to this machine).');
  return url.href;
}

const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function payloadFor(kind: 'slack' | 'json', alert: Alert, event: NoticeKind | 'test', at: number): string {
  const drill = isDrillSeries(alert.series);
  const text =
    event === 'test' ? { title: 'Surge Desk test notification', body: 'This target is set up correctly.' } : noticeText(alert, event);
  if (kind === 'slack') return JSON.stringify({ text: slackEscape(`${text.title}\n${text.body}`) });
  return JSON.stringify({
    type: 'surge-desk.alert',
    event,
    drill,
    sentAt: new Date(at).toISOString(),
    title: text.title,
    summary: text.body,
    alert: {
      id: alert.id,
      series: alert.series,
      state: alert.state,
      severity: alert.severity,
      openedAt: new Date(alert.openedAt).toISOString(),
      title: alert.title,
      math: alert.math,
      topTerms: alert.drivers.topTerms,
    },
  });
}

const TEST_ALERT: Alert = {
  id: 0,
  series: 'total',
  state: 'open',
  severity: 'info',
  openedAt: 0,
  updatedAt: 0,
  resolvedAt: null,
  title: 'Test',
  math: { windowMinutes: 1, expected: 0, bandLow: 0, bandHigh: 0, observed: 0, ratio: 1, score: 0, persistedMinutes: 0, sources: [] },
  drivers: { topTerms: [], samplePosts: [], outageIntent: 0, statusIncident: null },
};

export function createOutbound(deps: OutboundDeps) {
  const post =
    deps.post ??
    (async (url: string, body: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.status;
    });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.()));
  const backoff = deps.backoffMs ?? DEFAULT_BACKOFF_MS;
  const last = new Map<string, Delivery>();
  const announcer = createAnnouncer();
  // Alerts open before a restart were announced then; their next update must stay quiet.
  announcer.know(deps.store.alertsRead.list(500, false));

  async function deliver(target: StoredNotifyTarget, body: string): Promise<Delivery> {
    let url: string;
    try {
      url = deps.keyring.decrypt(target.urlSecret);
    } catch {
      return record(target.name, false, 'the stored URL cannot be decrypted; save the target again');
    }
    let detail = '';
    for (let attempt = 0; attempt <= backoff.length; attempt++) {
      if (attempt > 0) await sleep(backoff[attempt - 1]!);
      try {
        const status = await post(url, body);
        if (status >= 200 && status < 300)
          return record(target.name, true, `delivered (${status})${attempt ? ` after ${attempt + 1} tries` : ''}`);
        detail = `the target answered ${status}`;
        if (status !== 429 && status < 500) break;
      } catch (error) {
        detail = `could not reach it (${error instanceof Error ? error.message : 'network error'})`;
      }
    }
    deps.logger.log('warn', 'Alert notification not delivered', { target: target.name, detail });
    return record(target.name, false, detail);
  }

  function record(name: string, ok: boolean, detail: string): Delivery {
    const delivery = { at: deps.now(), ok, detail };
    last.set(name, delivery);
    return delivery;
  }

  const hint = (target: StoredNotifyTarget): string => {
    try {
      return `${new URL(deps.keyring.decrypt(target.urlSecret)).origin}/…`;
    } catch {
      return 'unreadable: save it again';
    }
  };

  return {
    /** Every alert change passes here; the announcer decides whether it is news. */
    onAlert(alert: Alert): void {
      const kind = announcer.next(alert);
      if (!kind) return;
      for (const target of deps.store.notifyTargets.list()) {
        if (!target.enabled || RANK[alert.severity] < RANK[target.minSeverity]) continue;
        deliver(target, payloadFor(target.kind, alert, kind, deps.now())).catch((error: unknown) =>
          deps.logger.log('error', 'Alert notification failed', { target: target.name, ...errorMeta(error) }),
        );
      }
    },
    list(): TargetView[] {
      return deps.store.notifyTargets.list().map((target) => ({
        name: target.name,
        kind: target.kind,
        minSeverity: target.minSeverity,
        enabled: target.enabled,
        urlHint: hint(target),
        last: last.get(target.name) ?? null,
      }));
    },
    /** Adds or changes a target; without `url`, an existing target keeps its stored one. */
    save(input: { name: string; kind: 'slack' | 'json'; url?: string | undefined; minSeverity: Severity; enabled: boolean }): TargetView[] {
      const existing = deps.store.notifyTargets.list().find((target) => target.name === input.name);
      if (!input.url && !existing) throw new ContractFailure('bad_request', 'A new target needs its webhook URL.');
      const urlSecret = input.url ? deps.keyring.encrypt(checkTargetUrl(input.url)) : existing!.urlSecret;
      deps.store.notifyTargets.save(
        { name: input.name, kind: input.kind, urlSecret, minSeverity: input.minSeverity, enabled: input.enabled },
        deps.now(),
      );
      return this.list();
    },
    remove(name: string): TargetView[] {
      if (!deps.store.notifyTargets.remove(name)) throw new ContractFailure('not_found', `There is no target called ${name}.`);
      last.delete(name);
      return this.list();
    },
    /** Sends a test message now (with the same retries) and answers how it went. */
    async test(name: string): Promise<Delivery> {
      const target = deps.store.notifyTargets.list().find((t) => t.name === name);
      if (!target) throw new ContractFailure('not_found', `There is no target called ${name}.`);
      return deliver(target, payloadFor(target.kind, TEST_ALERT, 'test', deps.now()));
    },
  };
}

export type Outbound = ReturnType<typeof createOutbound>;
