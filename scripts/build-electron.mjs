#!/usr/bin/env node
// Bundles the Electron main process and the preload to CommonJS with esbuild:
//   main/electron/main.ts    → out/electron/main.cjs    (package.json "main")
//   main/electron/preload.ts → out/electron/preload.cjs (sandboxed preloads cannot load ESM)
// Native and Electron-provided modules stay external: electron, better-sqlite3 (a .node
// addon) and electron-store (ESM-only; main.ts loads it with a dynamic import()).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// argon2 finds its prebuilt N-API binary next to its own files, so it must stay in node_modules too.
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'electron-store', 'argon2'];
/** Native speed-ups `ws` requires inside try/catch; absent, ws falls back to JS. */
export const OPTIONAL_EXTERNALS = ['bufferutil', 'utf-8-validate'];
/** Worker entries and the bundle each becomes (the names main/lib/workers/spawn.ts is given). */
export const WORKERS = [
  ['main/ingest/worker/entry.ts', 'sourceWorker.cjs'],
  ['main/store/checkpointWorker.ts', 'checkpointWorker.cjs'],
];
/** A sandboxed preload may require only `electron` (and a few polyfilled builtins); we use only electron. */
export const PRELOAD_EXTERNALS = ['electron'];

/**
 * Code under main/ is ESM and may read `import.meta.url`; in a CommonJS bundle that would be
 * empty, so it is defined as the bundle's own file URL (paths then resolve from out/electron).
 */
const importMetaShim = {
  banner: { js: 'const __surgeImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__surgeImportMetaUrl' },
};

/** Builds both bundles; returns the files written. `outdir` defaults to out/electron. */
export async function buildElectron({ outdir = path.join(root, 'out', 'electron'), minify = false, only } = {}) {
  mkdirSync(outdir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22', // Electron 45 ships Node 22
    sourcemap: 'linked',
    minify,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
  };
  const jobs = [];
  if (!only || only === 'main') {
    jobs.push(
      build({
        ...common,
        ...importMetaShim,
        entryPoints: [path.join(root, 'main', 'electron', 'main.ts')],
        outfile: path.join(outdir, 'main.cjs'),
        external: [...MAIN_EXTERNALS, ...OPTIONAL_EXTERNALS],
      }),
      // Worker threads, beside main.cjs where main/lib/workers/spawn.ts looks for them.
      ...WORKERS.map(([entry, file]) =>
        build({
          ...common,
          ...importMetaShim,
          entryPoints: [path.join(root, entry)],
          outfile: path.join(outdir, file),
          external: [...MAIN_EXTERNALS, ...OPTIONAL_EXTERNALS],
        }),
      ),
    );
  }
  if (!only || only === 'preload') {
    jobs.push(
      build({
        ...common,
        entryPoints: [path.join(root, 'main', 'electron', 'preload.ts')],
        outfile: path.join(outdir, 'preload.cjs'),
        external: PRELOAD_EXTERNALS,
        // The preload runs in a renderer: keep it small and free of Node-only code paths.
        // Minified always: it is parsed in every window (the contract's zod schemas come along).
        minify: true,
        platform: 'browser',
        mainFields: ['browser', 'module', 'main'],
        target: 'chrome140',
      }),
    );
  }
  await Promise.all(jobs);
  const files = [];
  if (!only || only === 'main') files.push(path.join(outdir, 'main.cjs'), ...WORKERS.map(([, file]) => path.join(outdir, file)));
  if (!only || only === 'preload') files.push(path.join(outdir, 'preload.cjs'));
  return files;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const started = Date.now();
  try {
    const files = await buildElectron({ minify: process.argv.includes('--minify') });
    for (const file of files) console.log(`built ${path.relative(root, file)}`);
    console.log(`electron bundles ready in ${Date.now() - started} ms`);
  } catch (error) {
    console.error(`build-electron failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
