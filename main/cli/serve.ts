/**
 * `npm run serve`: the engine headless as a team hub, serving the web UI and the
 * WebSocket API. Configuration comes from the environment (see README).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfigFile } from '../core/config.js';
import { createEngine } from '../core/engine.js';
import { createLogger, errorMeta } from '../core/log.js';
import { defaultDataDir } from '../core/paths.js';
import { isLoopbackHost } from '../hub/auth.js';
import { startHub } from '../hub/server.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_PORT = 4477;

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${raw}".`);
  return port;
}

async function main(): Promise<void> {
  const logger = createLogger(process.env.SURGE_LOG_LEVEL === 'debug' ? 'debug' : 'info');
  const host = process.env.HOST || '127.0.0.1';
  const port = parsePort(process.env.PORT);
  const dataDir = resolve(process.env.SURGE_DATA_DIR || defaultDataDir());
  const config = loadConfigFile(process.env.SURGE_CONFIG);
  mkdirSync(dataDir, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

  const engine = createEngine({ dataDir, sources: config.sources, version, logger });
  if (engine.store.tokens.count() === 0) {
    const token = engine.store.tokens.issue('first admin', 'admin', Date.now());
    // Printed once, stored only as a hash: the operator copies it now or issues another.
    console.log(`First start: admin access token (shown once, stored hashed): ${token}`);
  }
  const hub = await startHub({
    engine,
    host,
    port,
    staticDir: join(repoRoot, 'out', 'renderer'),
    tokens: engine.store.tokens,
    health: () => engine.health(),
    metrics: () => engine.metricsText(),
    webhook: (name, headers, body) => engine.webhook(name, headers, body),
  });
  engine.start();
  console.log(`Surge Desk hub listening on ${hub.url}`);
  console.log(`Data: ${dataDir}${engine.sources.isDemo() ? ' — running the DEMO source (no sources configured)' : ''}`);
  if (!isLoopbackHost(host)) console.log('Listening beyond loopback: every connection needs an access token.');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down…`);
    const force = setTimeout(() => {
      console.error('Shutdown took over 10 s; exiting anyway.');
      process.exit(1);
    }, 10_000);
    force.unref();
    void hub
      .close()
      .then(() => engine.stop())
      .then(() => {
        console.log('Stopped cleanly.');
        process.exit(0);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('uncaughtException', (error) => logger.log('error', 'Uncaught exception', errorMeta(error)));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Surge Desk could not start: ${error.message}`);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') console.error(`Surge Desk could not start: port ${process.env.PORT ?? DEFAULT_PORT} is already in use. Set PORT to another one.`);
  else console.error('Surge Desk could not start:', error);
  process.exit(1);
});
