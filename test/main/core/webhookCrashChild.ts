/**
 * The process the kill -9 test shoots: a real engine with one webhook source behind the real
 * hub, on the data folder given as argv[2]. Prints `READY <url>` once it takes deliveries.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../main/core/engine.js';
import { startHub } from '../../../main/hub/server.js';
import { parseSourcesConfig } from '../../../main/sources/config.js';

const [dataDir, secret] = process.argv.slice(2);
if (!dataDir || !secret) throw new Error('usage: webhookCrashChild <dataDir> <secret>');
const parsed = parseSourcesConfig([{ type: 'webhook', name: 'ops', secret, intervalSeconds: 10 }]);
if (!parsed.ok) throw new Error(parsed.errors.join('; '));

const engine = createEngine({ dataDir, version: 'crash-test', sources: parsed.value, tickMs: 60_000 });
const hub = await startHub({
  engine,
  host: '127.0.0.1',
  port: 0,
  staticDir: mkdtempSync(join(tmpdir(), 'surge-crash-static-')),
  tokens: { verify: () => null },
  health: () => ({}),
  metrics: () => '',
  webhook: (name, headers, body) => engine.webhook(name, headers, body),
});
engine.start();
process.stdout.write(`READY ${hub.url}\n`);
