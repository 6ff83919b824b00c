#!/usr/bin/env node
// Builds better-sqlite3 for the installed Electron, into out/electron-native/, without
// touching node_modules (which stays built for Node, so `npm test` keeps working) and
// without a postinstall step (so `npm install` works offline). `npm start` runs this
// before `electron .`; the Electron main hands the result to better-sqlite3's
// `nativeBinding` option. A stamp file records what the addon was built for, so the
// rebuild (≈90 s) happens once per Electron / better-sqlite3 version, not on every start.
//
//   node scripts/prepare-electron-native.mjs            build when needed
//   node scripts/prepare-electron-native.mjs --check    only say whether a build is needed
//   node scripts/prepare-electron-native.mjs --force    build even when the stamp matches
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const OUT_DIR = path.join('out', 'electron-native');
export const ADDON_FILE = 'better_sqlite3.node';
export const STAMP_FILE = 'stamp.json';
export const DEFAULT_HEADERS_URL = 'https://electronjs.org/headers';

/** What the addon must have been built for to be reused. */
export function expectedStamp({ electronVersion, betterSqliteVersion, platform = process.platform, arch = process.arch }) {
  return { electron: electronVersion, betterSqlite3: betterSqliteVersion, platform, arch };
}

/**
 * The decision, as a pure function: rebuild when the addon or its stamp is missing, the
 * stamp is unreadable, or any of Electron version, better-sqlite3 version, platform or
 * arch differs. Returns the reason in plain words.
 */
export function decideRebuild({ addonExists, stampText, expected, force = false }) {
  if (force) return { rebuild: true, reason: 'asked to rebuild (--force)' };
  if (!addonExists) return { rebuild: true, reason: `no ${ADDON_FILE} built for Electron yet` };
  if (stampText === null || stampText === undefined)
    return { rebuild: true, reason: `no ${STAMP_FILE}: unknown what the addon was built for` };
  let stamp;
  try {
    stamp = JSON.parse(stampText);
  } catch {
    return { rebuild: true, reason: `${STAMP_FILE} is unreadable` };
  }
  if (typeof stamp !== 'object' || stamp === null) return { rebuild: true, reason: `${STAMP_FILE} is unreadable` };
  const labels = { electron: 'Electron', betterSqlite3: 'better-sqlite3', platform: 'platform', arch: 'architecture' };
  for (const key of Object.keys(labels)) {
    if (stamp[key] !== expected[key]) {
      return { rebuild: true, reason: `built for ${labels[key]} ${stamp[key] ?? '(unknown)'}, installed is ${expected[key]}` };
    }
  }
  return {
    rebuild: false,
    reason: `already built for Electron ${expected.electron} (better-sqlite3 ${expected.betterSqlite3}, ${expected.platform}-${expected.arch})`,
  };
}

export function readInstalledVersions(repo = root) {
  const version = (name) => JSON.parse(readFileSync(path.join(repo, 'node_modules', name, 'package.json'), 'utf8')).version;
  return { electronVersion: version('electron'), betterSqliteVersion: version('better-sqlite3') };
}

/** The node-gyp arguments for an Electron build (exported so a test can read them). */
export function nodeGypArgs({
  electronVersion,
  arch = process.arch,
  headersUrl = DEFAULT_HEADERS_URL,
  devdir = path.join(homedir(), '.electron-gyp'),
}) {
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${headersUrl}`,
    '--runtime=electron',
    `--devdir=${devdir}`,
  ];
}

export const FAILURE_HELP =
  "Could not build the database module (better-sqlite3) for Electron. This needs internet once to fetch Electron's " +
  'headers from electronjs.org, and a C++ toolchain (python3, make, g++; on Windows the Visual Studio Build Tools). ' +
  'Once it has worked, the result is kept in out/electron-native and reused offline. `npm test` and `npm run serve` ' +
  'do not need it.';

/**
 * npm exports the user's npm config to scripts (`npm start`), e.g. `npm_config_nodedir`:
 * node-gyp would then build against Node's headers and silently produce a Node-ABI addon
 * stamped as Electron's. Every setting that steers node-gyp is removed; ours are flags.
 */
export const GYP_STEERING_CONFIG = [
  'nodedir',
  'target',
  'target_arch',
  'arch',
  'runtime',
  'disturl',
  'dist_url',
  'devdir',
  'build_from_source',
  'node_gyp',
];

export function sanitizedGypEnv(env = process.env) {
  const clean = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^npm_config_(.+)$/i.exec(key);
    if (match && GYP_STEERING_CONFIG.includes(match[1].toLowerCase().replace(/-/g, '_'))) continue;
    clean[key] = value;
  }
  return clean;
}

function run(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ code: -1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/**
 * Copies node_modules/better-sqlite3 to a temp folder, runs node-gyp there against
 * Electron's headers, and moves the .node into out/electron-native with a fresh stamp.
 */
export async function rebuildForElectron({
  repo = root,
  electronVersion,
  betterSqliteVersion,
  headersUrl = DEFAULT_HEADERS_URL,
  devdir,
  log = console.log,
}) {
  const work = mkdtempSync(path.join(tmpdir(), 'surge-electron-native-'));
  try {
    const source = path.join(repo, 'node_modules', 'better-sqlite3');
    const copy = path.join(work, 'better-sqlite3');
    log(`  copying ${path.relative(repo, source)} to ${copy} (node_modules stays built for Node)`);
    cpSync(source, copy, { recursive: true, filter: (file) => !file.startsWith(path.join(source, 'build')) });
    const gyp = path.join(repo, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    const args = nodeGypArgs({ electronVersion, headersUrl, ...(devdir ? { devdir } : {}) });
    log(`  node-gyp ${args.join(' ')}`);
    log('  (compiling SQLite takes about a minute and a half)');
    const result = await run(process.execPath, [gyp, ...args], { cwd: copy, env: sanitizedGypEnv(process.env) });
    const built = path.join(copy, 'build', 'Release', ADDON_FILE);
    if (result.code !== 0 || !existsSync(built)) {
      return { ok: false, output: result.output };
    }
    const outDir = path.join(repo, OUT_DIR);
    mkdirSync(outDir, { recursive: true });
    // Write beside, then rename: a half-copied addon must never sit next to a valid stamp.
    const temp = path.join(outDir, `${ADDON_FILE}.tmp`);
    cpSync(built, temp);
    rmSync(path.join(outDir, STAMP_FILE), { force: true });
    renameSync(temp, path.join(outDir, ADDON_FILE));
    const stamp = { ...expectedStamp({ electronVersion, betterSqliteVersion }), builtAt: new Date().toISOString() };
    writeFileSync(path.join(outDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
    return { ok: true, output: result.output };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function main(argv = process.argv.slice(2), repo = root) {
  const versions = readInstalledVersions(repo);
  const expected = expectedStamp(versions);
  const outDir = path.join(repo, OUT_DIR);
  const stampPath = path.join(outDir, STAMP_FILE);
  const decision = decideRebuild({
    addonExists: existsSync(path.join(outDir, ADDON_FILE)),
    stampText: existsSync(stampPath) ? readFileSync(stampPath, 'utf8') : null,
    expected,
    force: argv.includes('--force'),
  });
  if (!decision.rebuild) {
    console.log(`electron-native: ${decision.reason}; nothing to do.`);
    return 0;
  }
  if (argv.includes('--check')) {
    console.log(`electron-native: a rebuild is needed: ${decision.reason}.`);
    return 0;
  }
  console.log(
    `electron-native: building better-sqlite3 ${versions.betterSqliteVersion} for Electron ${versions.electronVersion} into ${OUT_DIR}`,
  );
  console.log(`  why: ${decision.reason}`);
  const started = Date.now();
  const result = await rebuildForElectron({
    repo,
    ...versions,
    headersUrl: process.env.SURGE_ELECTRON_HEADERS_URL || DEFAULT_HEADERS_URL,
  });
  if (!result.ok) {
    console.error(
      `\nelectron-native: FAILED.\n${FAILURE_HELP}\n\nLast lines from node-gyp:\n${result.output
        .trim()
        .split('\n')
        .filter((line) => !/^gyp ERR! stack\s+at /.test(line))
        .slice(-12)
        .join('\n')}`,
    );
    return 1;
  }
  console.log(`electron-native: done in ${Math.round((Date.now() - started) / 1000)} s: ${path.join(OUT_DIR, ADDON_FILE)}`);
  return 0;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`electron-native: FAILED: ${error instanceof Error ? error.message : String(error)}\n${FAILURE_HELP}`);
      process.exit(1);
    },
  );
}
