/**
 * `npm run serve`: the engine headless as a team hub, serving the web UI and the
 * WebSocket API. Configuration comes from the environment (see README).
 *
 * stderr carries the log (one JSON line per event). stdout carries only what the operator
 * or a supervisor script reads off a starting hub: the address, the one-time admin token.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfigFile } from '../core/config.js';
import { createEngine } from '../core/engine.js';
import { createLogger, errorMeta } from '../lib/log.js';
import { defaultDataDir } from '../core/paths.js';
import { isLoopbackHost } from '../hub/auth.js';
import { startHub } from '../hub/server.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_PORT = 4477;

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${raw}".`);
  return port;
}

async function main(): Promise<void> {
  const logger = createLogger(process.env.SURGE_LOG_LEVEL === 'debug' ? 'debug' : 'info');
  const host = process.env.HOST || '127.0.0.1';
  const port = parsePort(process.env.PORT);
  const dataDir = resolve(process.env.SURGE_DATA_DIR || defaultDataDir());
  const config = loadConfigFile(process.env.SURGE_CONFIG);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own SURGE_DATA_DIR (or the default data dir), not a request
  mkdirSync(dataDir, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

  const engine = createEngine({
    dataDir,
    sources: config.sources,
    accounts: config.accounts,
    publishing: config.publishing,
    version,
    logger,
  });
  const firstToken = engine.accessTokens.issueFirstAdminToken();
  // Printed once, stored only as a hash, never logged: the operator copies it now.
  if (firstToken) announce(`First start: admin access token (shown once, stored hashed): ${firstToken}`);
  const hub = await startHub({
    engine,
    host,
    port,
    staticDir: join(repoRoot, 'out', 'renderer'),
    tokens: engine.accessTokens,
    auth: engine.auth,
    // SURGE_LOOPBACK_ADMIN=off: even a browser on this machine signs in (a shared box, or testing roles).
    loopbackAdmin: !/^(0|off|false|no)$/i.test(process.env.SURGE_LOOPBACK_ADMIN ?? ''),
    health: () => engine.health(),
    metrics: () => engine.metricsText(),
    webhook: (name, headers, body) => engine.webhook(name, headers, body),
  });
  engine.start();

  let closing = false;
  const shutdown = (reason: string, exitCode: number) => {
    if (closing) return;
    closing = true;
    logger.log(exitCode === 0 ? 'info' : 'error', 'Shutting down', { reason });
    const force = setTimeout(() => {
      logger.log('error', 'Shutdown took over 10 s; exiting anyway.');
      process.exit(1);
    }, 10_000);
    force.unref();
    void hub
      .close()
      .then(() => engine.stop())
      .then(
        () => {
          logger.log('info', 'Stopped cleanly; database closed');
          process.exit(exitCode);
        },
        (error: unknown) => {
          logger.log('error', 'Shutdown failed', errorMeta(error));
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT', 0));
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  // A promise nobody handled means state we no longer understand: close the database
  // cleanly and exit non-zero, so a supervisor restarts a known-good process.
  process.on('unhandledRejection', (reason) => {
    logger.log('error', 'Unhandled promise rejection', errorMeta(reason));
    shutdown('unhandled promise rejection', 1);
  });
  process.on('uncaughtException', (error) => {
    logger.log('error', 'Uncaught exception', errorMeta(error));
    shutdown('uncaught exception', 1);
  });
  // Ready only once the handlers above are in place: a supervisor may signal at once.
  announce(`Surge Desk hub listening on ${hub.url}`);
  logger.log('info', 'Hub started', { url: hub.url, dataDir, demo: engine.sources.isDemo() });
  if (engine.sources.isDemo()) announce('Running the DEMO source: no sources are configured.');
  if (!isLoopbackHost(host)) logger.log('info', 'Listening beyond loopback: every connection needs an access token.');
}

function announce(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Surge Desk could not start: ${error.message}`);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    console.error(`Surge Desk could not start: port ${process.env.PORT ?? DEFAULT_PORT} is already in use. Set PORT to another one.`);
  else console.error('Surge Desk could not start:', error);
  process.exit(1);
});
