/**
 * Outbound notifications against a local fake webhook receiver: Slack and JSON payloads, drill
 * marking, minimum severity, retries with backoff on 5xx (not on 4xx), the test button, and the
 * URL kept encrypted and out of every answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutbound } from '../../../main/alerts/outbound.js';
import { silentLogger } from '../../../main/lib/log.js';
import { createStore, type Store } from '../../../main/store/index.js';
import type { Alert } from '../../../shared/domain.js';
import { fakeKeyring } from './fakeKeyring.js';

interface Received {
  path: string;
  body: unknown;
}

/** Answers each POST with the next status of `statuses` (then 200), recording what arrived. */
async function fakeReceiver(statuses: number[] = []): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(raw) as unknown });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

const servers: Server[] = [];
const stores: Store[] = [];
afterEach(async () => {
  stores.splice(0).forEach((s) => s.close());
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 1,
  series: 'total',
  state: 'open',
  severity: 'warning',
  openedAt: 60_000,
  updatedAt: 60_000,
  resolvedAt: null,
  title: 'Surge in all mentions: 90 vs ~10 expected (9.0×)',
  math: {
    windowMinutes: 15,
    expected: 10,
    bandLow: 2,
    bandHigh: 20,
    observed: 90,
    ratio: 9,
    score: 0.6,
    persistedMinutes: 3,
    sources: ['demo'],
  },
  drivers: { topTerms: [{ term: 'login', count: 40, lift: 8 }], samplePosts: [], outageIntent: 0.5, statusIncident: null },
  ...over,
});

function setup() {
  const store = createStore(':memory:');
  stores.push(store);
  const outbound = createOutbound({ store, keyring: fakeKeyring, now: () => 1_000, logger: silentLogger, backoffMs: [1, 1, 1] });
  return { store, outbound };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('outbound webhook targets', () => {
  it('sends Slack text and JSON on open and on escalation only, marks drills, honours the minimum severity', async () => {
    const slack = await fakeReceiver();
    const json = await fakeReceiver();
    servers.push(slack.server, json.server);
    const { store, outbound } = setup();
    outbound.save({ name: 'war room', kind: 'slack', url: `${slack.url}/services/T/B/secret`, minSeverity: 'info', enabled: true });
    outbound.save({ name: 'pager', kind: 'json', url: `${json.url}/hook`, minSeverity: 'critical', enabled: true });
    expect(JSON.stringify(store.notifyTargets.list())).not.toContain('secret');
    expect(outbound.list().map((t) => t.urlHint)).toEqual([`${json.url}/…`, `${slack.url}/…`]);

    outbound.onAlert(alert());
    outbound.onAlert(alert({ updatedAt: 120_000 })); // an update: quiet
    outbound.onAlert(alert({ id: 2, series: 'drill', severity: 'critical', title: 'Surge in the fire drill' }));
    await until(() => slack.received.length === 2 && json.received.length === 1);
    expect(slack.received[0]!.body).toEqual({ text: expect.stringMatching(/^Surge in all mentions.*\n90 posts vs ~10 expected · login$/) });
    expect((slack.received[1]!.body as { text: string }).text).toMatch(/^DRILL: /);
    expect(json.received[0]).toMatchObject({ path: '/hook', body: { type: 'surge-desk.alert', event: 'opened', drill: true } });

    outbound.onAlert(alert({ severity: 'critical', state: 'escalating', updatedAt: 180_000 }));
    await until(() => json.received.length === 2);
    expect(json.received[1]!.body).toMatchObject({ event: 'escalated', drill: false, alert: { severity: 'critical' } });
  });

  it('retries 5xx with backoff, gives up at once on 4xx, and the test button reports it', async () => {
    const flaky = await fakeReceiver([500, 503]);
    servers.push(flaky.server);
    const { outbound } = setup();
    outbound.save({ name: 'json', kind: 'json', url: `${flaky.url}/x`, minSeverity: 'info', enabled: true });
    const result = await outbound.test('json');
    expect(result).toMatchObject({ ok: true, detail: 'delivered (200) after 3 tries' });
    expect(flaky.received).toHaveLength(3);
    expect(outbound.list()[0]!.last).toMatchObject({ ok: true });

    const refusing = await fakeReceiver([400]);
    servers.push(refusing.server);
    outbound.save({ name: 'json', kind: 'json', url: `${refusing.url}/x`, minSeverity: 'info', enabled: true });
    expect(await outbound.test('json')).toMatchObject({ ok: false, detail: 'the target answered 400' });
    expect(refusing.received).toHaveLength(1);
  });

  it('refuses plain http beyond this machine and a new target without a URL; keeps the URL when editing', async () => {
    const { outbound } = setup();
    expect(() =>
      outbound.save({ name: 'x', kind: 'slack', url: 'http://hooks.example.com/a', minSeverity: 'info', enabled: true }),
    ).toThrow(/https/);
    expect(() => outbound.save({ name: 'x', kind: 'slack', minSeverity: 'info', enabled: true })).toThrow(/needs its webhook URL/);
    outbound.save({ name: 'x', kind: 'slack', url: 'https://hooks.example.com/a', minSeverity: 'info', enabled: true });
    outbound.save({ name: 'x', kind: 'slack', minSeverity: 'warning', enabled: false });
    expect(outbound.list()[0]).toMatchObject({ urlHint: 'https://hooks.example.com/…', minSeverity: 'warning', enabled: false });
    await expect(outbound.test('nope')).rejects.toThrow(/no target/);
  });
});
