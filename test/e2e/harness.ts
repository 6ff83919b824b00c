/**
 * Helpers every browser test shares: build the renderer once, start the hub on a free port
 * with its own data folder, wait for its ready line, launch Debian's Chromium, and kill
 * everything that was started — in afterAll, and again on process exit as a last resort.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import WebSocket from 'ws';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM_PATH = process.env.SURGE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
export const VIEWPORT = { width: 1440, height: 900 };

// ---------- chromium presence ----------

export function chromiumMissingReason(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH} (install it with: apt-get install -y chromium)`;
}

/**
 * `describe` that needs Chromium. Missing in CI: one failing test says why (CI installs it,
 * so its absence is a broken machine). Missing elsewhere: skipped, with the reason printed.
 */
export function describeWithChromium(name: string, body: () => void): void {
  const missing = chromiumMissingReason();
  if (!missing) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`Browser tests cannot run: ${missing}.`);
      });
    });
    return;
  }
  console.warn(`\n[e2e] SKIPPED "${name}": ${missing}. Set CI=1 to make this a failure.\n`);
  describe.skip(name, body);
}

export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * A document answered through `page.route(...).fulfill()` has no IP address, so Chromium's
 * Local Network Access treats it as public and refuses its WebSocket to 127.0.0.1. Tests that
 * rewrite the document (to set headers) launch with this.
 */
export const ALLOW_ROUTED_LOOPBACK = ['--disable-features=LocalNetworkAccessChecks'];

// ---------- renderer build ----------

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

let built: Promise<void> | null = null;

/** Builds `out/renderer` unless it is newer than every renderer, shared and config file. */
export function ensureRendererBuilt(): Promise<void> {
  built ??= (async () => {
    const index = join(REPO_ROOT, 'out', 'renderer', 'index.html');
    const inputs = ['renderer', 'shared', 'vite.config.ts'].map((p) => join(REPO_ROOT, p)).filter(existsSync);
    if (existsSync(index) && statSync(index).mtimeMs > Math.max(...inputs.map(newestMtime))) return;
    // A child process, not vite's API: vitest sets NODE_ENV=test, which would give a
    // development React build that is not what users run.
    const { NODE_ENV: _ignored, ...env } = process.env;
    const vite = startProcess(join(REPO_ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
      ...env,
      NODE_ENV: 'production',
    });
    const code = await vite.exited;
    if (code !== 0) throw new Error(`vite build failed (exit ${code}):\n${vite.output()}`);
  })();
  return built;
}

// ---------- processes ----------

const started = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: tsx and the node it spawns
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

process.on('exit', () => {
  for (const child of started) killGroup(child, 'SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function tempDataDir(prefix = 'surge-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunningProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything printed so far (stdout and stderr), for failure messages. */
  output(): string;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code once it is gone. */
  stop(graceMs?: number): Promise<number | null>;
}

export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.add(child);
  let output = '';
  const lineWaiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const waiter of [...lineWaiters]) waiter();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => {
      started.delete(child);
      for (const waiter of [...lineWaiters]) waiter();
      resolveExit(code);
    }),
  );

  return {
    child,
    exited,
    output: () => output,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolveLine, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) return done(() => resolveLine(match));
          if (child.exitCode !== null || child.signalCode !== null) {
            done(() =>
              reject(new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${output}`)),
            );
          }
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms:\n${output}`))),
          timeoutMs,
        );
        const done = (finish: () => void) => {
          clearTimeout(timer);
          lineWaiters.delete(check);
          finish();
        };
        lineWaiters.add(check);
        check();
      });
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Kills whatever is still running (afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...started].map(
      (child) =>
        new Promise<void>((resolveStop) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
          child.once('exit', () => resolveStop());
          killGroup(child, 'SIGTERM');
          setTimeout(() => killGroup(child, 'SIGKILL'), 5_000).unref();
        }),
    ),
  );
}

// ---------- the hub ----------

export interface Hub extends RunningProcess {
  url: string;
  port: number;
  dataDir: string;
}

export const HUB_READY = /Surge Desk hub listening on (http:\/\/\S+)/;

/** `node --import tsx main/cli/serve.ts` on `port` with `dataDir`; resolves once it printed its ready line. */
export async function startHub(options: { port: number; dataDir: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Hub> {
  // One process, as `npm run serve` runs it: the tsx CLI would put a signal relay in front
  // that reports 143 when the hub is busy for 30 ms as the signal arrives.
  const proc = startProcess(process.execPath, ['--import', 'tsx', 'main/cli/serve.ts'], {
    ...process.env,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    SURGE_DATA_DIR: options.dataDir,
    ...options.env,
  });
  try {
    const match = await proc.waitForLine(HUB_READY, options.timeoutMs ?? 60_000);
    return { ...proc, url: match[1]!.replace(/\/$/, ''), port: options.port, dataDir: options.dataDir };
  } catch (error) {
    await proc.stop(2_000);
    throw error;
  }
}

/**
 * One contract call straight to the hub over its WebSocket (loopback, no token), answering
 * the envelope. For checking what the hub has stored independently of the page.
 */
export function hubCall(
  hub: Pick<Hub, 'url'>,
  method: string,
  params: unknown,
  timeoutMs = 10_000,
  /** Speak as an access token or a signed-in session instead of the loopback caller. */
  as: { token?: string; session?: string } = {},
): Promise<unknown> {
  const query = as.session ? `?session=${encodeURIComponent(as.session)}` : as.token ? `?token=${encodeURIComponent(as.token)}` : '';
  const socket = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/api/ws${query}`);
  return new Promise((resolveCall, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error(`${method} got no answer within ${timeoutMs} ms`))), timeoutMs);
    const finish = (done: () => void) => {
      clearTimeout(timer);
      socket.terminate();
      done();
    };
    socket.on('error', (error) => finish(() => reject(error)));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'call', id: 1, method, params })));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id?: unknown; result?: unknown };
      if (frame.type === 'result' && frame.id === 1) finish(() => resolveCall(frame.result));
    });
  });
}

/** Sum of the stored per-minute counts of one series since `sinceMinute`. */
export async function storedVolume(hub: Pick<Hub, 'url'>, series: string, sinceMinute: number): Promise<number> {
  const envelope = (await hubCall(hub, 'volume.series', { series, sinceMinute, limit: 10_080 })) as {
    ok: boolean;
    value?: { buckets: { count: number }[] };
  };
  if (!envelope.ok || !envelope.value) throw new Error(`volume.series failed: ${JSON.stringify(envelope)}`);
  return envelope.value.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
}

export function removeDir(path: string | undefined): void {
  if (path) rmSync(path, { recursive: true, force: true });
}

/** The usual afterAll: the browser, the hub, anything else started, and the hub's data folder. */
export async function tearDown(browser: Browser | undefined, hub: Hub | undefined, dataDir: string | undefined): Promise<void> {
  await browser?.close().catch(() => {});
  await hub?.stop().catch(() => {});
  await stopAll();
  removeDir(dataDir);
}

// ---------- page helpers ----------

/** Page errors and console errors, so a test can assert the app ran clean. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/** A hub, a browser and one page open on it: what most browser suites start from. */
export interface HubPage {
  hub: Hub;
  browser: Browser;
  page: Page;
  /** Page errors and console errors seen so far. */
  problems: string[];
  /** Closes the browser, stops the hub and anything else started. */
  close(): Promise<void>;
}

export async function openHubPage(options: { dataDir: string; env?: NodeJS.ProcessEnv; path?: string }): Promise<HubPage> {
  await ensureRendererBuilt();
  const hub = await startHub({ port: await freePort(), dataDir: options.dataDir, ...(options.env ? { env: options.env } : {}) });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: VIEWPORT });
  const problems = collectPageProblems(page);
  await page.goto(`${hub.url}${options.path ?? '/'}`);
  return {
    hub,
    browser,
    page,
    problems,
    async close() {
      await browser.close().catch(() => {});
      await hub.stop().catch(() => {});
      await stopAll();
    },
  };
}
